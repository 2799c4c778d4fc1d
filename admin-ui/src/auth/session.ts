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

export type Me =
  | { kind: 'operator'; id: string; email: string; name: string; role: 'super_admin' | 'support'; tenant_id: null; support_session: SupportSession | null }
  | { kind: 'tenant_user'; id: string; email: string; name: string | null; role: 'owner' | 'admin' | 'member'; tenant_id: string };

let known: Promise<Me | null> | undefined;
/** Someone was signed in on this page: a session found gone has ended, and they are told so. */
let wasSignedIn = false;

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
  if (me) wasSignedIn = true;
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
  /** Whether a session this page had has ended (rather than nobody having signed in yet). */
  ended: (): boolean => wasSignedIn,
  /** Signing out on purpose is not a session that ended. */
  signedOut: (): void => {
    known = undefined;
    wasSignedIn = false;
  },
};

/** The tenant the console shows pages of: a tenant user's own, or the one an operator's support session is on. */
export function tenantOf(me: Me | null): string | null {
  if (!me) return null;
  return me.kind === 'tenant_user' ? me.tenant_id : (me.support_session?.tenant_id ?? null);
}
