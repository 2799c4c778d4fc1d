import { accountToken, accountTokenHash } from './account-tokens';

/**
 * Invitation tokens: an account-token of purpose `invite` (see lib/account-tokens.ts). The
 * API keeps only the token's hash; the e-mail activity derives the same token for the link.
 */
export function inviteToken(secret: string, userId: string, expiresAt: Date): string {
  return accountToken(secret, 'invite', userId, expiresAt);
}

export const inviteTokenHash = accountTokenHash;

/** How long an invitation (and the owner's first set-password link) can be accepted. */
export const INVITE_VALID_MS = 7 * 24 * 60 * 60_000;
