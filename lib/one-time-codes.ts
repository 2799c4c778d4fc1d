import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * Six-digit one-time codes sent by text message. A million codes are tried in no time, so
 * a code is kept only as an HMAC under a key derived from the server secret and bound to
 * its own row: the table alone gives nothing away. Their strength is in their limits: five
 * attempts, five minutes, a few sends per window.
 */
export const OTP_DIGITS = 6;
/** Wrong codes a code survives: the fifth leaves none, a sixth attempt finds it void. */
export const OTP_MAX_ATTEMPTS = 5;

const codeKey = (secret: string) => createHmac('sha256', secret).update('kestrel-otp:v1').digest();

/** A uniformly drawn code, leading zeros kept. */
export const newOtpCode = (): string => String(randomInt(0, 10 ** OTP_DIGITS)).padStart(OTP_DIGITS, '0');

export function otpCodeHash(secret: string, otpId: string, code: string): string {
  return createHmac('sha256', codeKey(secret)).update(`${otpId}:${code}`).digest('base64url');
}

/** Whether `code` is the one hashed as `stored`, compared in constant time. */
export function otpCodeMatches(secret: string, otpId: string, code: string, stored: string): boolean {
  const given = Buffer.from(otpCodeHash(secret, otpId, code), 'base64url');
  const expected = Buffer.from(stored, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The handle a two-step sign-in hands the client between the password and the code: 256
 * random bits, kept as a SHA-256 hash (like session tokens), so it is no credential by itself.
 */
export const newChallenge = (): string => `ksc_${randomBytes(32).toString('base64url')}`;
export const challengeHash = (challenge: string) => createHash('sha256').update(challenge).digest('base64url');

/** A phone number as a page may show it: the last four digits only. */
export const maskPhone = (e164: string): string => `•••• ${e164.slice(-4)}`;
