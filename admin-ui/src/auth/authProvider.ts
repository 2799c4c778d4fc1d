import type { AuthProvider } from 'react-admin';
import { renewSession, session, type Me } from './session';

/** The sign-in's answer when the e-mail has accounts at several companies: the page then asks which. */
export const COMPANY_NEEDED = 'kestrel.auth.company_needed';

/** What react-admin's permission checks receive: who is signed in (see session.ts). */
export type Permissions = Me;

/**
 * Real accounts: signing in opens a session whose tokens the API keeps in httpOnly
 * cookies (never readable here); every request then carries them. A 401 first tries to
 * renew the session, and only then signs out.
 */
export const authProvider: AuthProvider = {
  async login({ email, password, tenant }: { email?: string; password?: string; tenant?: string }) {
    if (!email?.trim() || !password) throw new Error('kestrel.auth.credentials_required');
    let res: Response;
    try {
      res = await fetch('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        // A person with accounts at several companies (the locations of one) names the company by its subdomain.
        body: JSON.stringify({ email: email.trim(), password, ...(tenant?.trim() ? { tenant: tenant.trim() } : {}) }),
      });
    } catch {
      throw new Error('kestrel.auth.unreachable');
    }
    session.forget();
    if (res.ok) return;
    const problem = (await res.json().catch(() => ({}))) as { detail?: string; errors?: Record<string, string> };
    if (res.status === 401) throw new Error('kestrel.auth.invalid_credentials');
    if (res.status === 422 && problem.errors?.tenant) throw new Error(COMPANY_NEEDED);
    // A lock-out or a rate limit says how long to wait; its own words are the clearest.
    throw new Error(problem.detail ?? 'kestrel.auth.unavailable');
  },
  async logout() {
    await fetch('/api/auth/logout', { method: 'POST', headers: { Accept: 'application/json' } }).catch(() => undefined);
    session.signedOut();
  },
  async checkAuth() {
    if (await session.me()) return;
    // Arriving signed out is not an error: react-admin shows the login page without a
    // notification. A session that ended while in use is said to have ended.
    return Promise.reject({ message: session.ended() ? 'kestrel.auth.expired' : false });
  },
  async checkError(error: { status?: number }) {
    if (error?.status !== 401) return;
    if (await renewSession()) return;
    // What is remembered of the session is kept until react-admin signs out: it notifies
    // only while checkAuth still passes, and signing out forgets it.
    throw new Error('kestrel.auth.expired');
  },
  async getIdentity() {
    const me = await session.me();
    if (!me) throw new Error('kestrel.auth.expired');
    return { id: me.id, fullName: me.name ?? me.email };
  },
  async getPermissions() {
    return session.me();
  },
};
