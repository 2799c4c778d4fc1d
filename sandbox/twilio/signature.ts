import { createHmac } from 'node:crypto';

/**
 * `X-Twilio-Signature` as Twilio computes it: HMAC-SHA1 under the auth token of the
 * full URL followed by each POST parameter name and value, names sorted.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}
