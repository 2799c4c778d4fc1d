import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The tokens of the links that let a person set a password: an invitation (also a new
 * company's owner, and a person who never chose a password asking again) and a password
 * reset. They are derived, not stored: an HMAC under a key derived from the server secret
 * of what the token is for, whose account, and until when. The API keeps only a hash of
 * the token on the account; the e-mail activity derives the same token again for the link,
 * so a token never travels through a workflow's history, and a retried send puts the same
 * link in the (deduplicated) e-mail.
 *
 * The token says what it is, in the clear but signed:
 *   <inv|pwr>_<user id, 32 hex digits>.<expiry, ms since the epoch in base 36>.<HMAC, base64url>
 * so a refusal can say why without storing anything more: not a token of ours or not for
 * this page (invalid), past its expiry (expired), or no longer the account's open link:
 * used, replaced by a newer one, withdrawn (used).
 */
export type AccountTokenPurpose = 'invite' | 'password_reset';

const PREFIXES: Record<AccountTokenPurpose, string> = { invite: 'inv', password_reset: 'pwr' };
const FORMAT = /^(inv|pwr)_([0-9a-f]{32})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/;
/** Invitation tokens before they were self-describing: an HMAC alone, checked only by its hash. */
const LEGACY_INVITE = /^inv_[A-Za-z0-9_-]{43}$/;

const tokenKey = (secret: string) => createHmac('sha256', secret).update('kestrel-account-token:v2').digest();
const signature = (secret: string, purpose: AccountTokenPurpose, userId: string, expiresMs: number) =>
  createHmac('sha256', tokenKey(secret)).update(`${purpose}:${userId}:${expiresMs}`).digest();

export function accountToken(secret: string, purpose: AccountTokenPurpose, userId: string, expiresAt: Date): string {
  const expiresMs = expiresAt.getTime();
  return `${PREFIXES[purpose]}_${userId.replace(/-/g, '')}.${expiresMs.toString(36)}.${signature(secret, purpose, userId, expiresMs).toString('base64url')}`;
}

/** What a presented token is, before any account is looked at. */
export type TokenReading =
  | { kind: 'signed'; purpose: AccountTokenPurpose; userId: string; expiresAt: Date }
  /** An invitation sent before tokens were self-describing: known only by its hash. */
  | { kind: 'legacy_invite' }
  | { kind: 'invalid' };

export function readAccountToken(secret: string, token: string): TokenReading {
  if (LEGACY_INVITE.test(token)) return { kind: 'legacy_invite' };
  const match = FORMAT.exec(token);
  if (!match) return { kind: 'invalid' };
  const purpose = (Object.keys(PREFIXES) as AccountTokenPurpose[]).find((p) => PREFIXES[p] === match[1])!;
  const hex = match[2]!;
  const userId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const expiresMs = parseInt(match[3]!, 36);
  const given = Buffer.from(match[4]!, 'base64url');
  const expected = signature(secret, purpose, userId, expiresMs);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'invalid' };
  return { kind: 'signed', purpose, userId, expiresAt: new Date(expiresMs) };
}

/** What the account keeps of its open link. Tokens carry 256 bits of HMAC, so a fast hash is enough. */
export const accountTokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');
