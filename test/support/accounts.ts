import type { TwilioClient } from '../../providers/twilio';
import { OPERATOR_TOKEN } from './operator';
import { eventually, signup } from './platform';

/**
 * A company's people as they get in on the real platform: signing up, reading the
 * sandbox's mailbox and text-message log, following the links and codes they carry.
 * Nobody is inserted with SQL: every account here is made the way a person makes it, so
 * API, lifecycle and browser suites share one way in.
 */

/**
 * A running Kestrel, as far as the helpers need it: the API's address and the sandbox's
 * (its mailbox), and for texts the sandbox's Twilio. `startPlatform`'s Platform and the
 * calls suites' CallPlatform both fit.
 */
export type Kestrel = ({ api: { url: string } } | { apiUrl: string }) & { sandbox: { url: string } };
/** A Kestrel whose texts can be read (the sandbox's Twilio message log is the phone). */
export type KestrelWithTexts = Kestrel & { twilio: TwilioClient };

/** The API's base URL of a running Kestrel. */
export const apiUrlOf = (k: Kestrel): string => ('apiUrl' in k ? k.apiUrl : k.api.url);

export interface Mail {
  subject: string;
  text: string;
  html: string;
  created_at: string;
}

export type Call = (path: string, init?: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> }) => Promise<Response>;

/** fetch against a running API (the platform's or another), JSON in, optional bearer token. */
export const caller =
  (baseUrl: string): Call =>
  (path, init = {}) =>
    fetch(`${baseUrl}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

export async function json<T = any>(res: Response, status: number): Promise<T> {
  const body = (await res.json()) as T;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

/** The mailbox of an address, newest first. */
export async function mailbox(k: Kestrel, address: string): Promise<Mail[]> {
  const res = await fetch(`${k.sandbox.url}/sandbox/emails?to=${encodeURIComponent(address)}`);
  return ((await res.json()) as { emails: Mail[] }).emails;
}

/** Waits for the newest mail to `address` whose subject matches (and that is not one of `seen`). */
export async function mailTo(k: Kestrel, address: string, subject: RegExp, seen: Mail[] = []): Promise<Mail> {
  return eventually(
    async () => (await mailbox(k, address)).find((m) => subject.test(m.subject) && !seen.some((s) => s.created_at === m.created_at && s.subject === m.subject)),
    20_000,
    `a mail "${subject.source}" to ${address}`,
  );
}

/**
 * The token of a console link in a mail's text part (it travels in the URL fragment). The
 * link names PUBLIC_BASE_URL, whatever the platform set it to.
 */
export function linkToken(mail: Mail, page: 'set-password' | 'reset-password'): string {
  const token = new RegExp(`https?://[^\\s/]+/admin/${page}#token=([\\w.-]+)`).exec(mail.text)?.[1];
  if (!token) throw new Error(`no ${page} link in "${mail.subject}":\n${mail.text}`);
  return token;
}

/**
 * Waits for the set-password link of one account in the mail to `address`: a link's token
 * names the account it is for (`inv_<user id>.…`), so an address invited to several
 * companies gets the right one.
 */
export async function setPasswordLinkFor(k: Kestrel, address: string, userId: string): Promise<string> {
  const prefix = `inv_${userId.replace(/-/g, '')}.`;
  return eventually(
    async () =>
      (await mailbox(k, address))
        .flatMap((mail) => {
          try {
            return [linkToken(mail, 'set-password')];
          } catch {
            return [];
          }
        })
        .find((token) => token.startsWith(prefix)),
    20_000,
    `the set-password link of ${userId} in the mail to ${address}`,
  );
}

/** The texts the sandbox's Twilio sent to a number, newest first. */
export async function textsTo(k: KestrelWithTexts, to: string): Promise<Array<{ body: string; sid: string }>> {
  return (await k.twilio.messages.list({ to })).map((m) => ({ body: m.body, sid: m.sid }));
}

/** The code of the newest text to a number (that is not one of `seenSids`). */
export async function codeTextedTo(k: KestrelWithTexts, to: string, seenSids: string[] = []): Promise<string> {
  const text = (await textsTo(k, to)).find((m) => !seenSids.includes(m.sid));
  const code = text && /code is (\d{6})/.exec(text.body)?.[1];
  if (!code) throw new Error(`no new code texted to ${to}`);
  return code;
}

/** A session as sign-in and accepting a link answer it. */
export interface Session {
  access_token: string;
  refresh_token: string;
  user: { id: string; [fact: string]: unknown };
}

/** A tenant user who has chosen a password, and the session that choosing opened. */
export interface Account {
  tenantId: string;
  userId: string;
  email: string;
  password: string;
  /** The session's bearer access token (the same as `session.access_token`). */
  token: string;
  session: Session;
}

/** A company's owner, made by its sign-up. */
export interface Owner extends Account {
  /** The company's slug (what a person of several companies names at sign-in). */
  slug: string;
  /** The owner_phone of the sign-up, in E.164. */
  phone: string;
  /** The onboarding body the company signed up with. */
  signup: Record<string, unknown>;
}

/** Follows a set-password link: the password is set and a session opens. */
export async function acceptInvitation(k: Kestrel, token: string, password: string): Promise<Session> {
  return json<Session>(await caller(apiUrlOf(k))('/api/auth/accept-invite', { body: { token, password } }), 200);
}

/**
 * A company signs up (`POST /api/onboarding`, the body of `signup(overrides)`), and its
 * owner follows the welcome e-mail's set-password link: the owner then has a password
 * and a session. A sign-up still being registered (202) is waited for through its e-mail.
 */
export async function signUpOwner(k: Kestrel, overrides: Record<string, unknown> = {}, { password = 'the owner chose this one' }: { password?: string } = {}): Promise<Owner> {
  const api = caller(apiUrlOf(k));
  const body = signup(overrides);
  const res = await api('/api/onboarding', { body });
  const created = await json<{ tenant: { id: string; slug: string } }>(res, res.status === 202 ? 202 : 201);
  const email = body.owner_email as string;
  const welcome = await mailTo(k, email, /^Welcome to Kestrel/);
  const session = await acceptInvitation(k, linkToken(welcome, 'set-password'), password);
  const tenant = await json<{ owner_phone: string }>(await api(`/api/admin/tenants/${created.tenant.id}`, { token: OPERATOR_TOKEN }), 200);
  return { tenantId: created.tenant.id, slug: created.tenant.slug, userId: session.user.id, email, password, token: session.access_token, session, phone: tenant.owner_phone, signup: body };
}

/** `signUpOwner` as the API suites first called it. */
export const signedUpOwner = (k: Kestrel, overrides: Record<string, unknown> = {}, password?: string): Promise<Owner> => signUpOwner(k, overrides, { password });

/**
 * Someone invited to a company (`POST /api/admin/tenants/:id/users`), by the run's operator
 * or, given `by`, by the session of one of the company's owners, who accepts the invitation
 * e-mail's link with `password`.
 */
export async function inviteUser(
  k: Kestrel,
  tenantId: string,
  invitation: { email: string; name?: string; role: 'owner' | 'admin' | 'member' },
  { password = 'the invitee chose this one', by = OPERATOR_TOKEN }: { password?: string; by?: string } = {},
): Promise<Account> {
  const invited = await json<{ id: string }>(await caller(apiUrlOf(k))(`/api/admin/tenants/${tenantId}/users`, { token: by, body: invitation }), 201);
  const session = await acceptInvitation(k, await setPasswordLinkFor(k, invitation.email, invited.id), password);
  return { tenantId, userId: invited.id, email: invitation.email, password, token: session.access_token, session };
}

/**
 * A signed-in person verifies their phone with the code texted to it (`POST /api/auth/otp/send`,
 * then `/verify`): for the company's named owner, the sign-up's owner_phone (`phone` says
 * where to read the code). The portal then stops asking the owner to verify it.
 */
export async function verifyPhone(k: KestrelWithTexts, account: Pick<Account, 'token'> & { phone: string }): Promise<void> {
  const api = caller(apiUrlOf(k));
  const seen = (await textsTo(k, account.phone)).map((t) => t.sid);
  await json(await api('/api/auth/otp/send', { token: account.token, body: { purpose: 'verify_phone', channel: 'sms' } }), 202);
  const code = await eventually(() => codeTextedTo(k, account.phone, seen), 10_000, `the code texted to ${account.phone}`);
  await json(await api('/api/auth/otp/verify', { token: account.token, body: { purpose: 'verify_phone', code } }), 200);
}

/** Signs in with a password: the answer's body (a session, or a two-step challenge). */
export async function signIn(api: Call, email: string, password: string): Promise<any> {
  return json(await api('/api/auth/login', { body: { email, password } }), 200);
}
