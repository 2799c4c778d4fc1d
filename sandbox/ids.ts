import { randomBytes, randomUUID } from 'node:crypto';

/** A Twilio-style SID: two-letter prefix and 32 lowercase hex digits. */
export function twilioSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

export function uuid(): string {
  return randomUUID();
}

/** Twilio renders every date in RFC 2822 with a numeric zone. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}
