import type { AuthProvider } from 'react-admin';
import { renewSession, session, type Me } from './session';

/** The sign-in's answer when the e-mail has accounts at several companies: the page then asks which. */
export const COMPANY_NEEDED = 'kestrel.auth.company_needed';

/** The sign-in page's address when a session ended (`/login?session=ended`): the page then says so. */
export const SESSION_ENDED_PARAM = { name: 'session', value: 'ended' } as const;
const SESSION_ENDED_LOGIN = `/login?${SESSION_ENDED_PARAM.name}=${SESSION_ENDED_PARAM.value}`;

/**
 * Once an ended session sends the page to sign in, until someone signs in again. Several
 * requests refused at once each lead to a sign-out, and the first one forgets the session
 * (so `session.ended()` turns false): without this, a later one would send the page on to
 * the plain sign-in page and the notice would vanish.
 */
let endedSignOut = false;

/**
 * How checkAuth and checkError send a person to sign in: with no notification (a toast
 * would be gone before it is read), to a sign-in page that says why when a session this
 * browser had has ended.
 */
const toSignIn = () => {
  endedSignOut ||= session.ended();
  return { message: false as const, ...(endedSignOut ? { redirectTo: SESSION_ENDED_LOGIN } : {}) };
};

/** What react-admin's permission checks receive: who is signed in (see session.ts). */
export type Permissions = Me;

/**
 * The ways to open a session, each answered like `POST /api/auth/login`: e-mail and
 * password; the code of a two-step sign-in; and the single-use link of an invitation or
 * welcome (set a password) or of a password reset (choose a new one); or a reset's code
 * texted to the account's phone, with the e-mail address it was asked for.
 */
export type SignIn =
  | { email?: string; password?: string; tenant?: string }
  | { challenge: string; code: string }
  | { invitation: string; password: string }
  | { reset: string; password: string }
  | { resetCode: string; email: string; password: string };

/** Two-step sign-in: the password was right, and a code went to the phone; `POST /api/auth/login/otp` finishes. */
export class TwoStepRequired extends Error {
  constructor(
    readonly challenge: string,
    /** Where the code went, masked: `•••• 0142`. */
    readonly destination: string,
  ) {
    super('kestrel.auth.two_step_sent');
  }
}

/**
 * A refused sign-in, with what the page needs to say why: `kind` is the problem type's
 * fragment (`token-expired`, `token-used`, `token-invalid`, `otp-invalid`, `otp-expired`,
 * `otp-exhausted`…), `errors` the invalid fields (422), `attemptsLeft` for a wrong code.
 */
export class SignInError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly kind?: string,
    readonly errors?: Record<string, string>,
    readonly attemptsLeft?: number,
  ) {
    super(message);
  }
}

interface Problem {
  type?: string;
  detail?: string;
  errors?: Record<string, string>;
  attempts_left?: number;
}

const kindOf = (problem: Problem) => (problem.type?.includes('#') ? problem.type.slice(problem.type.lastIndexOf('#') + 1) : undefined);

function request(params: SignIn): { path: string; body: Record<string, unknown> } {
  if ('challenge' in params) return { path: '/api/auth/login/otp', body: { challenge: params.challenge, code: params.code.replace(/\s+/g, '') } };
  if ('invitation' in params) return { path: '/api/auth/accept-invite', body: { token: params.invitation, password: params.password } };
  if ('reset' in params) return { path: '/api/auth/password-reset/confirm', body: { token: params.reset, password: params.password } };
  if ('resetCode' in params) {
    return { path: '/api/auth/password-reset/confirm', body: { email: params.email.trim(), code: params.resetCode.replace(/\s+/g, ''), password: params.password } };
  }
  const { email, password, tenant } = params;
  if (!email?.trim() || !password) throw new SignInError('kestrel.auth.credentials_required', 400);
  // A person with accounts at several companies (the locations of one) names the company by its subdomain.
  return { path: '/api/auth/login', body: { email: email.trim(), password, ...(tenant?.trim() ? { tenant: tenant.trim() } : {}) } };
}

/** Why a sign-in was refused, in the words the page shows. */
function refusal(params: SignIn, status: number, problem: Problem): SignInError {
  const kind = kindOf(problem);
  const fail = (message: string) => new SignInError(message, status, kind, problem.errors, problem.attempts_left);
  const byPassword = !('challenge' in params || 'invitation' in params || 'reset' in params || 'resetCode' in params);
  if (byPassword) {
    if (status === 401) return fail('kestrel.auth.invalid_credentials');
    if (status === 422 && problem.errors?.tenant) return fail(COMPANY_NEEDED);
  }
  // A lock-out or a rate limit says how long to wait; its own words are the clearest.
  return fail(problem.detail ?? 'kestrel.auth.unavailable');
}

/**
 * Real accounts: signing in opens a session whose tokens the API keeps in httpOnly
 * cookies (never readable here); every request then carries them. A 401 first tries to
 * renew the session, and only then signs out.
 */
export const authProvider: AuthProvider = {
  async login(params: SignIn) {
    const { path, body } = request(params);
    let res: Response;
    try {
      res = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
    } catch {
      throw new SignInError('kestrel.auth.unreachable', 0);
    }
    session.forget();
    const answer = (await res.json().catch(() => ({}))) as Problem & { otp_required?: boolean; challenge?: string; destination?: string };
    if (!res.ok) throw refusal(params, res.status, answer);
    endedSignOut = false;
    // The password was right; the session opens once the code texted to the phone is given.
    if (answer.otp_required && answer.challenge) throw new TwoStepRequired(answer.challenge, answer.destination ?? '');
    // A company's person whose phone is not verified yet is asked to, before anything else.
    const me = await session.me().catch(() => null);
    if (me?.kind === 'tenant_user' && me.needs_phone_verification) return { redirectTo: '/verify-phone' };
    return undefined;
  },
  async logout() {
    // Forgotten first: a request refused while the sign-out is under way is no ended session.
    session.signedOut();
    await fetch('/api/auth/logout', { method: 'POST', headers: { Accept: 'application/json' } }).catch(() => undefined);
  },
  async checkAuth() {
    if (await session.me()) return;
    // Arriving signed out is not an error: react-admin shows the sign-in page. A session
    // that ended (in use, or since this browser last had one) is said to have ended.
    return Promise.reject(toSignIn());
  },
  async checkError(error: { status?: number }) {
    if (error?.status !== 401) return;
    if (await renewSession()) return;
    // react-admin signs out next, which forgets the session: decide before it does.
    return Promise.reject(toSignIn());
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
