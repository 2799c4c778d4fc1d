import { operatorMay, type OperatorPermission } from '../catalogue';

/**
 * Who is signed in, as `GET /api/auth/me` says. The session itself lives in httpOnly
 * cookies the console never reads; this module only remembers the answer for the page's
 * lifetime, and renews the session once when its short-lived access token has run out.
 */
export interface SupportSession {
  id: string;
  tenant_id: string;
  can_write: boolean;
  expires_at: string;
}

/** What a company's person is told of their own account (absent from an API that predates it). */
export interface AccountStanding {
  email_verified?: boolean;
  /** Masked (`•••• 0142`), or null without one. */
  phone?: string | null;
  phone_verified?: boolean;
  /** Whether signing in asks for a code texted to the phone. */
  two_step?: boolean;
  /** The portal asks them to verify their phone before anything else. */
  needs_phone_verification?: boolean;
}

export type Me =
  | { kind: 'operator'; id: string; email: string; name: string; role: 'super_admin' | 'support'; tenant_id: null; support_session: SupportSession | null }
  | ({ kind: 'tenant_user'; id: string; email: string; name: string | null; role: 'owner' | 'admin' | 'member'; tenant_id: string } & AccountStanding);

let known: Promise<Me | null> | undefined;
/** Someone was signed in on this page: a session found gone has ended, and they are told so. */
let wasSignedIn = false;

/**
 * This browser had a session it did not sign out of, remembered across pages and reloads
 * (a flag, never a token), so that coming back to an expired or revoked session is told
 * apart from arriving signed out.
 */
const HAD_SESSION = 'kestrel.had_session';
const storage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};
const rememberSession = (had: boolean) => (had ? storage()?.setItem(HAD_SESSION, '1') : storage()?.removeItem(HAD_SESSION));

const json = { Accept: 'application/json' };

/** Asks the API for a new access token with the refresh cookie; false when the session has ended. */
export async function renewSession(): Promise<boolean> {
  const res = await fetch('/api/auth/refresh', { method: 'POST', headers: { ...json, 'Content-Type': 'application/json' }, body: '{}' });
  return res.ok;
}

async function fetchMe(): Promise<Me | null> {
  let res = await fetch('/api/auth/me', { headers: json });
  if (res.status === 401 && (await renewSession())) res = await fetch('/api/auth/me', { headers: json });
  if (res.status === 401) return null;
  if (!res.ok) throw new Error('kestrel.auth.unavailable');
  const me = (await res.json()) as Me | null;
  if (me) {
    wasSignedIn = true;
    rememberSession(true);
  }
  return me;
}

export const session = {
  /** The signed-in person (null: nobody), asked once and then remembered. */
  me: (): Promise<Me | null> => (known ??= fetchMe().catch((error: unknown) => {
    known = undefined;
    throw error;
  })),
  /** Forgets what was known, after signing in or out, or opening or closing a support session. */
  forget: (): void => {
    known = undefined;
  },
  /** Whether a session this page or browser had has ended (rather than nobody having signed in yet). */
  ended: (): boolean => wasSignedIn || storage()?.getItem(HAD_SESSION) === '1',
  /** Signing out (on purpose, or once an ended session was told of) leaves nothing to tell. */
  signedOut: (): void => {
    known = undefined;
    wasSignedIn = false;
    rememberSession(false);
  },
};

/** The tenant the console shows pages of: a tenant user's own, or the one an operator's support session is on. */
export function tenantOf(me: Me | null): string | null {
  if (!me) return null;
  return me.kind === 'tenant_user' ? me.tenant_id : (me.support_session?.tenant_id ?? null);
}

/**
 * Whether the signed-in person manages the company's people and API keys: its owners (the
 * API lets no other role of a company list them), an operator whose role may change any
 * tenant, or one in a write-granted support session on this company.
 */
export function managesCompany(me: Me | null | undefined, tenantId: string | null | undefined): boolean {
  if (!me || !tenantId) return false;
  if (me.kind === 'tenant_user') return me.role === 'owner' && me.tenant_id === tenantId;
  return operatorMay(operatorStanding(me), 'tenants:write', tenantId).allowed;
}

/** Whether the person may see the company's people and API keys at all: owners and Kestrel's operators. */
export function seesCompanyAccounts(me: Me | null | undefined): boolean {
  if (!me) return false;
  return me.kind === 'operator' || me.role === 'owner';
}

type Operator = Extract<Me, { kind: 'operator' }>;
const operatorStanding = (me: Operator) => ({
  role: me.role,
  support: me.support_session ? { id: me.support_session.id, tenantId: me.support_session.tenant_id, canWrite: me.support_session.can_write } : null,
});

/** Whether an operator's role holds a permission (domain/operator-permissions.ts), as the admin API will check it. */
export function operatorHolds(me: Me | null | undefined, permission: OperatorPermission): boolean {
  return me?.kind === 'operator' && operatorMay(operatorStanding(me), permission).allowed;
}
