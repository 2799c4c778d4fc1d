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

/**
 * A request's URL as logs keep it: the path, and the names of its query parameters with
 * their values withheld. Links carry credentials in their query (a download's signature,
 * an old invitation's token) and searches carry people's names; neither belongs in a log.
 */
export function loggableUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = [...new URLSearchParams(url.slice(at + 1)).keys()];
  return names.length === 0 ? url.slice(0, at) : `${url.slice(0, at)}?${names.map((name) => `${encodeURIComponent(name)}=…`).join('&')}`;
}
