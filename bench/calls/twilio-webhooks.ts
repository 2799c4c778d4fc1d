import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import twilio from 'twilio';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, TWILIO_API_VERSION } from '../../sandbox/twilio/account';

/**
 * Twilio's side of a call, for the calls bench: the forms Twilio posts to the voice
 * webhooks, signed as Twilio signs them (the sandbox account's token over
 * PUBLIC_BASE_URL + path), and a keep-alive HTTP client to post them with.
 */

export const VOICE_PATH = '/webhooks/twilio/voice';
export const TURN_PATH = '/webhooks/twilio/voice/turn';
export const STATUS_PATH = '/webhooks/twilio/status';

export interface Call {
  sid: string;
  from: string;
  /** The tenant's number. */
  to: string;
}

export const newCallSid = () => `CA${randomBytes(16).toString('hex')}`;

/** The parameters Twilio sends with every webhook of a call, plus `extra`. */
export function callParams(call: Call, extra: Record<string, string>): Record<string, string> {
  return {
    AccountSid: SANDBOX_ACCOUNT_SID,
    ApiVersion: TWILIO_API_VERSION,
    CallSid: call.sid,
    Direction: 'inbound',
    From: call.from,
    To: call.to,
    Caller: call.from,
    Called: call.to,
    ...extra,
  };
}

export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

/** The form and headers of one webhook; each gets its own idempotency token, as each Twilio delivery does. */
export function signedWebhook(publicBaseUrl: string, path: string, params: Record<string, string>): SignedWebhook {
  const body = new URLSearchParams(params).toString();
  return {
    body,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'X-Twilio-Signature': twilio.getExpectedTwilioSignature(SANDBOX_AUTH_TOKEN, `${publicBaseUrl}${path}`, params),
      'I-Twilio-Idempotency-Token': randomUUID(),
      'User-Agent': 'TwilioProxy/1.1',
    },
  };
}

export interface WebhookAnswer {
  status: number;
  body: string;
  /** From the request's start to the last byte of the answer. */
  ms: number;
}

/** Posts webhooks over at most `maxSockets` kept-alive connections. */
export class WebhookClient {
  private readonly agent: Agent;
  private readonly target: URL;

  constructor(baseUrl: string, maxSockets: number) {
    this.target = new URL(baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  post(path: string, webhook: SignedWebhook, timeoutMs = 30_000): Promise<WebhookAnswer> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.target.hostname, port: this.target.port, path, method: 'POST', headers: webhook.headers, agent: this.agent, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`POST ${path}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(webhook.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** What a `<Say>` says, as the caller hears it. */
export function spokenWords(twiml: string): string {
  const said = /<Say[^>]*>([^<]*)<\/Say>/.exec(twiml)?.[1] ?? '';
  return said
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
