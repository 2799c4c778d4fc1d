import { createHash, createHmac } from 'node:crypto';

/**
 * Invitation tokens are derived, not stored: HMAC(server secret, user and expiry). The API
 * keeps only the token's hash; the email activity derives the same token to put in the
 * link, so the token never travels through a workflow's history, and a retried send puts
 * the same link in the (deduplicated) email.
 */
export function inviteToken(secret: string, userId: string, expiresAt: Date): string {
  return `inv_${createHmac('sha256', secret).update(`kestrel-invite:v1:${userId}:${expiresAt.getTime()}`).digest('base64url')}`;
}

export const inviteTokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

/** How long an invitation can be accepted. */
export const INVITE_VALID_MS = 7 * 24 * 60 * 60_000;
