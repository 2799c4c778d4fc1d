import type { Knex } from 'knex';
import { startApi, type RunningApi } from '../support/api';
import { startTestPlatform, type Platform } from '../support/platform';
import { caller, codeTextedTo, json, linkToken, mailTo, mailbox, signIn, signedUpOwner, textsTo, type Call, type Owner } from './support/accounts';

/**
 * One-time codes by text, through the real API and the sandbox's Twilio (its message log
 * is the phone): the owner's phone verified after the first sign-in, wrong codes counted
 * down to a void code, expiry, send limits per user and per number, a provider that
 * refuses, and two-step sign-in. Each test texts numbers of its own: send limits are
 * counted per number across the whole run.
 */
describe('one-time codes by text', () => {
  let platform: Platform;
  let db: Knex;
  let api: Call;
  let owner: Owner;
  const extraApis: RunningApi[] = [];

  /** An API of this platform with other settings (a short code life, the default send limit). */
  const apiWith = async (env: Record<string, string>): Promise<Call> => {
    const started = await startApi({ env: { ...platform.env, ...env } });
    extraApis.push(started);
    return caller(started.url);
  };
  const send = (token: string, body: Record<string, unknown>, call: Call = api) => call('/api/auth/otp/send', { token, body: { channel: 'sms', ...body } });
  const verify = (token: string, body: Record<string, unknown>, call: Call = api) => call('/api/auth/otp/verify', { token, body });
  const me = async (token: string) => json(await api('/api/auth/me', { token }), 200);
  const problem = async (res: Response, status: number, type: string) => {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return expect(await json(res, status)).toMatchObject({ status, type });
  };
  const fault = (fault: Record<string, unknown>) =>
    fetch(`${platform.sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(fault) });
  const sids = async (to: string) => (await textsTo(platform, to)).map((t) => t.sid);

  beforeAll(async () => {
    // A generous send limit for the flows; the limits have their own test on an API with the default.
    platform = await startTestPlatform({ lifecycleInSeconds: true, env: { RATE_LIMIT_OTP_SEND: '100/10m' } });
    db = platform.owner;
    api = caller(platform.api.url);
    owner = await signedUpOwner(platform, { owner_phone: '+16175550151' });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(extraApis.map((a) => a.close()));
    await platform?.close();
  });

  it("verifies the owner's phone with the code texted to it; the company shows it verified until the number changes", async () => {
    const token = owner.session.access_token;
    expect(await me(token)).toMatchObject({ phone: '•••• 0151', phone_verified: false, needs_phone_verification: true });

    const sent = await json(await send(token, { purpose: 'verify_phone' }), 202);
    expect(sent).toEqual({ expires_at: expect.any(String), destination: '•••• 0151' });
    const minutes = (Date.parse(sent.expires_at) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(4.9);
    expect(minutes).toBeLessThanOrEqual(5);
    const [text] = await textsTo(platform, '+16175550151');
    const code = await codeTextedTo(platform, '+16175550151');
    expect(text!.body).toContain(`@kestrel.test #${code}`);
    // Only a keyed hash of the code is kept; the notification records the text, never the code.
    const [row] = await db('otp_codes').where({ user_id: owner.session.user.id, purpose: 'verify_phone' });
    expect(row).toMatchObject({ destination: '+16175550151', attempts: 0, ended_at: null });
    expect(row.code_hash).not.toContain(code);
    const [notification] = await db('notifications').where({ tenant_id: owner.tenantId, channel: 'sms' });
    expect(notification).toMatchObject({ template: 'otp_verify_phone', recipient: '+16175550151', status: 'sent', provider_id: text!.sid });
    expect(JSON.stringify(notification)).not.toContain(code);

    expect(await json(await verify(token, { purpose: 'verify_phone', code }), 200)).toEqual({ verified: true });
    expect(await me(token)).toMatchObject({ phone: '•••• 0151', phone_verified: true, needs_phone_verification: false });
    const tenant = await json(await platform.admin(`/api/admin/tenants/${owner.tenantId}`), 200);
    expect(Date.parse(tenant.owner_phone_verified_at)).toBeGreaterThan(Date.now() - 60_000);
    // Spent: a second use finds no code waiting.
    await problem(await verify(token, { purpose: 'verify_phone', code }), 400, '/docs#otp-used');

    const audit = await db('audit_log').where({ tenant_id: owner.tenantId, target_id: owner.session.user.id }).whereIn('action', ['user.otp_sent', 'user.phone_verified']).orderBy('id');
    expect(audit.map((a) => [a.action, a.actor_type, a.actor_id, typeof a.request_id])).toEqual([
      ['user.otp_sent', 'tenant_user', owner.session.user.id, 'string'],
      ['user.phone_verified', 'tenant_user', owner.session.user.id, 'string'],
    ]);
    expect(audit[1].details).toEqual({ phone: '•••• 0151', owner_phone: true });

    // A new owner phone is not verified, whoever changes it; the user's own verified phone stays theirs.
    await json(await api('/api/v1/settings', { method: 'PATCH', token, body: { owner_phone: '+16175550152' } }), 200);
    expect((await json(await platform.admin(`/api/admin/tenants/${owner.tenantId}`), 200)).owner_phone_verified_at).toBeNull();
    expect(await me(token)).toMatchObject({ phone: '•••• 0151', phone_verified: true, needs_phone_verification: true });
  });

  it('counts wrong codes down: the fifth leaves none, a sixth finds the code void; a new code voids the old one; purposes do not mix', async () => {
    const token = owner.session.access_token;
    const phone = '+16175550153';
    await json(await send(token, { purpose: 'verify_phone', phone }), 202);
    const old = await codeTextedTo(platform, phone);
    const seen = await sids(phone);
    await json(await send(token, { purpose: 'verify_phone', phone }), 202);
    const current = await codeTextedTo(platform, phone, seen);

    // The old code is void: entering it is a wrong attempt at the new one.
    const wrong = old === current ? String((Number(current) + 1) % 1_000_000).padStart(6, '0') : old;
    const stranger = String((Number(current) + 7) % 1_000_000).padStart(6, '0');
    const left: number[] = [];
    for (const guess of [wrong, stranger, stranger, stranger, stranger]) {
      const res = await verify(token, { purpose: 'verify_phone', code: guess });
      const body = await json(res, 400);
      expect(body.type).toBe('/docs#otp-invalid');
      left.push(body.attempts_left);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    await problem(await verify(token, { purpose: 'verify_phone', code: stranger }), 400, '/docs#otp-exhausted');
    // Void even for the right code, and nothing changed.
    await problem(await verify(token, { purpose: 'verify_phone', code: current }), 400, '/docs#otp-exhausted');
    expect((await db('tenant_users').where({ id: owner.session.user.id }).first()).phone).toBe('+16175550151');
    expect(await db('audit_log').where({ tenant_id: owner.tenantId, action: 'user.otp_exhausted' })).toHaveLength(1);

    // A verification code is no sign-in code.
    await json(await send(token, { purpose: 'verify_phone', phone }), 202);
    const fresh = await codeTextedTo(platform, phone);
    await problem(await verify(token, { purpose: 'sign_in', code: fresh }), 400, '/docs#otp-used');
    expect(await json(await verify(token, { purpose: 'verify_phone', code: fresh }), 200)).toEqual({ verified: true });
    expect(await me(token)).toMatchObject({ phone: '•••• 0153', phone_verified: true });
    // Not the owner phone: the company's stays as it was.
    expect((await json(await platform.admin(`/api/admin/tenants/${owner.tenantId}`), 200)).owner_phone_verified_at).toBeNull();
  });

  it('refuses an expired code', async () => {
    const shortLived = await apiWith({ OTP_TTL: '1s' });
    const token = owner.session.access_token;
    await json(await send(token, { purpose: 'verify_phone', phone: '+16175550154' }, shortLived), 202);
    const code = await codeTextedTo(platform, '+16175550154');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await problem(await verify(token, { purpose: 'verify_phone', code }), 400, '/docs#otp-expired');
    expect(await me(token)).toMatchObject({ phone: '•••• 0153' });
  });

  it('limits sends per user and per phone number (RATE_LIMIT_OTP_SEND, 3 per 10 minutes by default)', async () => {
    const limited = await apiWith({ RATE_LIMIT_OTP_SEND: '3/10m' });
    const [first, second] = [await signedUpOwner(platform, { owner_phone: '+16175550161' }), await signedUpOwner(platform, { owner_phone: '+16175550162' })];
    const a = first.session.access_token;
    const b = second.session.access_token;
    for (let i = 0; i < 3; i++) await json(await send(a, { purpose: 'verify_phone' }, limited), 202);
    const over = await send(a, { purpose: 'verify_phone', phone: '+16175550163' }, limited);
    await problem(over, 429, '/docs#rate-limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);

    // Per number, whoever asks: the first owner's number has had its three.
    await problem(await send(b, { purpose: 'verify_phone', phone: '+16175550161' }, limited), 429, '/docs#rate-limited');
    // That refusal did not count against the second owner, who still has three.
    for (let i = 0; i < 3; i++) await json(await send(b, { purpose: 'verify_phone' }, limited), 202);
    await problem(await send(b, { purpose: 'verify_phone' }, limited), 429, '/docs#rate-limited');
    expect(await textsTo(platform, '+16175550161')).toHaveLength(3);
  });

  it('retries a text the provider refuses, then reports it (502, sms-failed); nothing is counted, and the next try works', async () => {
    const limited = await apiWith({ RATE_LIMIT_OTP_SEND: '3/10m' });
    const person = await signedUpOwner(platform, { owner_phone: '+16175550171' });
    const token = person.session.access_token;
    await json(await fault({ provider: 'twilio', operation: 'CreateMessage', count: 3, status: 503 }), 201);
    const refused = await send(token, { purpose: 'verify_phone' }, limited);
    await problem(refused, 502, '/docs#sms-failed');
    expect(((await (await fetch(`${platform.sandbox.url}/sandbox/faults`)).json()) as any).faults).toEqual([]); // all three attempts were made
    expect(await textsTo(platform, '+16175550171')).toEqual([]);
    const [failed] = await db('notifications').where({ tenant_id: person.tenantId, channel: 'sms' });
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('503') });
    expect(await db('audit_log').where({ tenant_id: person.tenantId, action: 'user.otp_send_failed' })).toHaveLength(1);

    // The failed send was not counted: three more go through.
    for (let i = 0; i < 3; i++) await json(await send(token, { purpose: 'verify_phone' }, limited), 202);
    const code = await codeTextedTo(platform, '+16175550171');
    expect(await json(await verify(token, { purpose: 'verify_phone', code }), 200)).toEqual({ verified: true });
  });

  it('signs in in two steps when the user turns it on: the password, then the code texted to the verified phone', async () => {
    // Without a verified phone two-step cannot be turned on.
    const unverified = await signedUpOwner(platform, { owner_phone: '+16175550181' });
    await problem(await api('/api/auth/two-step', { method: 'PUT', token: unverified.session.access_token, body: { enabled: true } }), 409, '/docs#phone-unverified');
    await problem(await send(unverified.session.access_token, { purpose: 'sign_in' }), 409, '/docs#phone-unverified');

    const token = owner.session.access_token; // verified +16175550153 above
    expect(await json(await api('/api/auth/two-step', { method: 'PUT', token, body: { enabled: true } }), 200)).toEqual({ enabled: true });
    expect(await me(token)).toMatchObject({ two_step: true });

    const step = await api('/api/auth/login', { body: { email: owner.email, password: owner.password } });
    const challenge = await json(step, 200);
    expect(challenge).toEqual({ otp_required: true, challenge: expect.stringMatching(/^ksc_/), destination: '•••• 0153', expires_at: expect.any(String) });
    expect(step.headers.getSetCookie()).toEqual([]);
    const code = await codeTextedTo(platform, '+16175550153');
    expect((await textsTo(platform, '+16175550153'))[0]!.body).toMatch(/sign-in code/);

    const second = (body: Record<string, unknown>) => api('/api/auth/login/otp', { body });
    await problem(await second({ challenge: 'ksc_unknown', code }), 401, '/docs#challenge-invalid');
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(await json(await second({ challenge: challenge.challenge, code: wrong }), 400)).toMatchObject({ type: '/docs#otp-invalid', attempts_left: 4 });
    const signedIn = await second({ challenge: challenge.challenge, code });
    const session = await json(signedIn, 200);
    expect(session).toMatchObject({ token_type: 'Bearer', user: { id: owner.session.user.id, kind: 'tenant_user' } });
    expect(signedIn.headers.getSetCookie()).toEqual(expect.arrayContaining([expect.stringMatching(/^kestrel_session=ksa_/)]));
    expect((await api('/api/auth/me', { token: session.access_token })).status).toBe(200);
    await problem(await second({ challenge: challenge.challenge, code }), 401, '/docs#challenge-invalid');

    // A text that cannot be sent never locks the user out: the e-mailed reset link signs in.
    await json(await fault({ provider: 'twilio', operation: 'CreateMessage', count: 3, status: 503 }), 201);
    await problem(await api('/api/auth/login', { body: { email: owner.email, password: owner.password } }), 502, '/docs#sms-failed');
    const seen = await mailbox(platform, owner.email);
    await json(await api('/api/auth/password-reset', { body: { email: owner.email } }), 202);
    const reset = linkToken(await mailTo(platform, owner.email, /^Reset your Kestrel password/, seen), 'reset-password');
    const rescued = await json(await api('/api/auth/password-reset/confirm', { body: { token: reset, password: 'rescued by e-mail' } }), 200);
    owner.password = 'rescued by e-mail';

    // Turned off, the password alone signs in again.
    expect(await json(await api('/api/auth/two-step', { method: 'PUT', token: rescued.access_token, body: { enabled: false } }), 200)).toEqual({ enabled: false });
    expect(await signIn(api, owner.email, owner.password)).toMatchObject({ token_type: 'Bearer' });
    const toggles = await db('audit_log').where({ tenant_id: owner.tenantId }).whereIn('action', ['user.two_step_enabled', 'user.two_step_disabled']).orderBy('id').pluck('action');
    expect(toggles).toEqual(['user.two_step_enabled', 'user.two_step_disabled']);
  });
});
