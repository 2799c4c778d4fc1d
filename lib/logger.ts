import pino, { type Logger } from 'pino';

/**
 * Paths that may carry secrets. Redaction happens inside pino, so no code path can
 * forget it: credentials and tokens never reach a log line.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.password_hash',
  '*.token',
  '*.apiKey',
  '*.api_key',
  '*.authToken',
  '*.auth_token',
  '*.secret',
];

export function createLogger(options: { level: string; name: string }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: { paths: REDACT, censor: '[redacted]' },
    base: { service: options.name },
  });
}

export type { Logger };
