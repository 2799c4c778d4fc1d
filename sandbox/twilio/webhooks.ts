import { randomUUID } from 'node:crypto';
import { SANDBOX_AUTH_TOKEN } from './account';
import { twilioSignature } from './signature';

export interface WebhookResult {
  status?: number;
  contentType?: string;
  body?: string;
  /** Set when no HTTP answer came back: connection refused, timeout. */
  error?: string;
}

export interface WebhookRequest {
  url: string;
  method: 'GET' | 'POST';
  params: Record<string, string>;
  signature: string;
  idempotencyToken: string;
}

/** Builds a request as Twilio sends it: GET puts the parameters in the URL and signs the URL alone. */
export function signedRequest(url: string, method: string, params: Record<string, string>): WebhookRequest {
  const verb = method.toUpperCase() === 'GET' ? 'GET' : 'POST';
  let target = url;
  if (verb === 'GET') {
    const u = new URL(url);
    for (const [k, v] of Object.entries(params)) u.searchParams.append(k, v);
    target = u.toString();
  }
  const signature = twilioSignature(SANDBOX_AUTH_TOKEN, target, verb === 'GET' ? {} : params);
  return { url: target, method: verb, params, signature, idempotencyToken: randomUUID() };
}

export async function sendWebhook(request: WebhookRequest, timeoutMs: number): Promise<WebhookResult> {
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: {
        'X-Twilio-Signature': request.signature,
        'I-Twilio-Idempotency-Token': request.idempotencyToken,
        'User-Agent': 'TwilioProxy/1.1',
        Accept: '*/*',
        ...(request.method === 'POST' ? { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' } : {}),
      },
      body: request.method === 'POST' ? new URLSearchParams(request.params).toString() : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
  } catch (error) {
    const e = error as Error;
    return { error: e.name === 'TimeoutError' ? `no response within ${timeoutMs} ms` : `${e.message}${e.cause ? `: ${String((e.cause as Error).message ?? e.cause)}` : ''}` };
  }
}
