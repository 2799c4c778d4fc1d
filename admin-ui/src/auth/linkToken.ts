import { useLocation } from 'react-router-dom';

/**
 * The token of an e-mail's link, from its fragment (`#token=…`): browsers never send a
 * fragment to the server, so the token stays out of access logs and Referer headers.
 * A token in the query string is not read: such a link was not one of ours.
 */
export function useLinkToken(): string | null {
  const { hash } = useLocation();
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim();
  return token ? token : null;
}

/** Why a link no longer works, as the API names it (`#token-expired`…); `token-gone` when it says only that it is used or expired. */
export type LinkProblemKind = 'token-invalid' | 'token-expired' | 'token-used' | 'token-gone';

export function linkProblemOf(kind: string | undefined, status: number): LinkProblemKind | undefined {
  if (kind === 'token-invalid' || kind === 'token-expired' || kind === 'token-used') return kind;
  // The API before link problems had their types: 410 for a used, withdrawn or expired invitation.
  if (status === 410) return 'token-gone';
  return undefined;
}

/**
 * When a link's token stops working, if it says (lib/account-tokens.ts signs its expiry
 * into it: `<inv|pwr>_<user>.<expiry in base 36>.<signature>`): an expired link is said
 * to be so at once, before a password is typed for nothing. The API still decides.
 */
export function tokenExpiry(token: string): Date | undefined {
  const match = /^(?:inv|pwr)_[0-9a-f]{32}\.([0-9a-z]{1,11})\.[A-Za-z0-9_-]{43}$/.exec(token);
  if (!match) return undefined;
  const ms = parseInt(match[1]!, 36);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}
