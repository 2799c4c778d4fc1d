import { eventually, signup, type Platform } from '../../support/platform';

/**
 * A company's people as they get in on the real platform: signing up, reading the
 * sandbox's mailbox and text-message log, following the links and codes they carry.
 * Nobody is inserted with SQL: every account here is made the way a person makes it.
 */

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
export async function mailbox(platform: Platform, address: string): Promise<Mail[]> {
  const res = await fetch(`${platform.sandbox.url}/sandbox/emails?to=${encodeURIComponent(address)}`);
  return ((await res.json()) as { emails: Mail[] }).emails;
}

/** Waits for the newest mail to `address` whose subject matches (and that is not one of `seen`). */
export async function mailTo(platform: Platform, address: string, subject: RegExp, seen: Mail[] = []): Promise<Mail> {
  return eventually(
    async () => (await mailbox(platform, address)).find((m) => subject.test(m.subject) && !seen.some((s) => s.created_at === m.created_at && s.subject === m.subject)),
    20_000,
    `a mail "${subject.source}" to ${address}`,
  );
}

/** The token of a console link in a mail's text part (it travels in the URL fragment). */
export function linkToken(mail: Mail, page: 'set-password' | 'reset-password'): string {
  const token = new RegExp(`https://kestrel\\.test/admin/${page}#token=([\\w.-]+)`).exec(mail.text)?.[1];
  if (!token) throw new Error(`no ${page} link in "${mail.subject}":\n${mail.text}`);
  return token;
}

/** The texts the sandbox's Twilio sent to a number, newest first. */
export async function textsTo(platform: Platform, to: string): Promise<Array<{ body: string; sid: string }>> {
  return (await platform.twilio.messages.list({ to })).map((m) => ({ body: m.body, sid: m.sid }));
}

/** The code of the newest text to a number (that is not one of `seenSids`). */
export async function codeTextedTo(platform: Platform, to: string, seenSids: string[] = []): Promise<string> {
  const text = (await textsTo(platform, to)).find((m) => !seenSids.includes(m.sid));
  const code = text && /code is (\d{6})/.exec(text.body)?.[1];
  if (!code) throw new Error(`no new code texted to ${to}`);
  return code;
}

export interface Owner {
  tenantId: string;
  email: string;
  password: string;
  /** The owner_phone of the sign-up, in E.164. */
  phone: string;
  /** The session the set-password link opened. */
  session: { access_token: string; refresh_token: string; user: { id: string } };
  signup: Record<string, unknown>;
}

/**
 * A company signs up, and its owner follows the welcome e-mail's set-password link: the
 * owner then has a password and a session.
 */
export async function signedUpOwner(platform: Platform, overrides: Record<string, unknown> = {}, password = 'the owner chose this one'): Promise<Owner> {
  const body = signup(overrides);
  const created = await json(await platform.post('/api/onboarding', body), 201);
  const welcome = await mailTo(platform, body.owner_email as string, /^Welcome to Kestrel/);
  const api = caller(platform.api.url);
  const session = await json(await api('/api/auth/accept-invite', { body: { token: linkToken(welcome, 'set-password'), password } }), 200);
  const phone = (await platform.admin(`/api/admin/tenants/${created.tenant.id}`).then((r) => r.json()) as any).owner_phone as string;
  return { tenantId: created.tenant.id, email: body.owner_email as string, password, phone, session, signup: body };
}

/** Signs in with a password: the answer's body (a session, or a two-step challenge). */
export async function signIn(api: Call, email: string, password: string): Promise<any> {
  return json(await api('/api/auth/login', { body: { email, password } }), 200);
}
