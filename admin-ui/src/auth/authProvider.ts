import type { AuthProvider } from 'react-admin';
import { operatorToken } from './operatorToken';

export const STATS_URL = '/api/admin/stats';

/**
 * Until operator accounts exist, signing in means pasting the operator token. It is
 * checked against a cheap admin endpoint before it is kept, so a typo fails here and
 * not on the first page.
 */
export const authProvider: AuthProvider = {
  async login({ token }: { token?: string }) {
    const candidate = token?.trim();
    if (!candidate) throw new Error('kestrel.auth.token_required');
    let res: Response;
    try {
      res = await fetch(STATS_URL, { headers: { Authorization: `Bearer ${candidate}`, Accept: 'application/json' } });
    } catch {
      throw new Error('kestrel.auth.unreachable');
    }
    if (res.status === 401) throw new Error('kestrel.auth.invalid_token');
    if (!res.ok) throw new Error('kestrel.auth.unavailable');
    operatorToken.set(candidate);
  },
  async logout() {
    operatorToken.clear();
  },
  async checkAuth() {
    // Arriving signed out is not an error: react-admin shows the login page without a notification.
    if (!operatorToken.get()) return Promise.reject({ message: false });
  },
  async checkError(error: { status?: number }) {
    // A 401 means the token changed or was revoked (react-admin then logs out, which forgets it);
    // a 403 would not end the session.
    if (error?.status === 401) throw new Error('kestrel.auth.expired');
  },
  async getIdentity() {
    return { id: 'operator' };
  },
};
