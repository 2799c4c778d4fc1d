import type { Knex } from 'knex';
import { claimAreaCode } from '../support/area-codes';
import { eventually, startTestPlatform, type Platform } from '../support/platform';
import { caller, codeTextedTo, json, signIn, signUpOwner, textsTo, verifyPhone, type Call, type Owner } from './support/accounts';

const AREA_CODE = claimAreaCode();
const phone = (line: string) => `+1${AREA_CODE}555${line}`;

/**
 * Password reset by a code texted to the account's verified phone, as a person who forgot
 * their password goes through it: the request answers alike whoever asks, only an account
 * with a verified phone gets a code, a wrong code changes nothing, the right one sets the
 * password, signs in and ends every other session.
 */
describe('password reset by texted code', () => {
  let platform: Platform;
  let db: Knex;
  let api: Call;
  let owner: Owner;

  const resetRequest = (email: string, channel = 'sms') => api('/api/auth/password-reset', { body: { email, channel } });
  const confirm = (body: Record<string, unknown>) => api('/api/auth/password-reset/confirm', { body });
  const me = (token: string) => api('/api/auth/me', { token });
  const problem = async (res: Response, status: number, type: string) => {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return expect(await json(res, status)).toMatchObject({ status, type });
  };
  const sids = async (to: string) => (await textsTo(platform, to)).map((t) => t.sid);

  beforeAll(async () => {
    platform = await startTestPlatform({ lifecycleInSeconds: true, env: { RATE_LIMIT_PASSWORD_RESET_ACCOUNT: '100/1h', RATE_LIMIT_OTP_SEND: '100/10m' } });
    db = platform.owner;
    api = caller(platform.api.url);
    owner = await signUpOwner(platform, { owner_phone: phone('0101') });
    await verifyPhone(platform, owner);
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('texts a code to the verified phone; a wrong code changes nothing, the right one sets the password and ends every other session', async () => {
    const elsewhere = await signIn(api, owner.email, owner.password);
    const seen = await sids(owner.phone);
    expect(await json(await resetRequest(owner.email), 202)).toEqual({ status: 'accepted' });
    const code = await eventually(() => codeTextedTo(platform, owner.phone, seen).catch(() => undefined), 10_000, 'the reset code');
    const [text] = await textsTo(platform, owner.phone);
    expect(text!.body).toMatch(/^Your Kestrel password reset code is \d{6}\. It expires in 5 minutes/);

    const wrong = code === '000000' ? '111111' : '000000';
    await problem(await confirm({ email: owner.email, code: wrong, password: 'a texted new password' }), 400, '/docs#otp-invalid');
    await signIn(api, owner.email, owner.password);
    // Neither the token nor the code: each missing field is named.
    expect(await json(await confirm({ email: owner.email, password: 'a texted new password' }), 422)).toMatchObject({ errors: { code: expect.any(String) } });

    const reset = await json(await confirm({ email: owner.email.toUpperCase(), code, password: 'a texted new password' }), 200);
    expect(reset).toMatchObject({ token_type: 'Bearer', user: { kind: 'tenant_user', email: owner.email, role: 'owner' } });
    expect((await me(reset.access_token)).status).toBe(200);
    expect((await me(elsewhere.access_token)).status).toBe(401);
    expect((await me(owner.token)).status).toBe(401);
    expect(await json(await api('/api/auth/login', { body: { email: owner.email, password: owner.password } }), 401)).toMatchObject({ type: '/docs#invalid-credentials' });
    await signIn(api, owner.email, 'a texted new password');
    owner.password = 'a texted new password';
    owner.token = reset.access_token;

    // The code is spent.
    await problem(await confirm({ email: owner.email, code, password: 'yet another password' }), 400, '/docs#otp-used');
    const [audit] = await db('audit_log').where({ tenant_id: owner.tenantId, action: 'user.password_reset', target_id: owner.userId }).orderBy('id', 'desc');
    expect(audit).toMatchObject({ actor_type: 'tenant_user', actor_id: owner.userId, details: { channel: 'sms' } });
  });

  it('voids the code after five wrong attempts: even the right one is refused then', async () => {
    const seen = await sids(owner.phone);
    await json(await resetRequest(owner.email), 202);
    const code = await eventually(() => codeTextedTo(platform, owner.phone, seen).catch(() => undefined), 10_000, 'the reset code');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 0; left--) {
      expect(await json(await confirm({ email: owner.email, code: wrong, password: 'a guessed password' }), 400)).toMatchObject({ type: '/docs#otp-invalid', attempts_left: left });
    }
    await problem(await confirm({ email: owner.email, code, password: 'a guessed password' }), 400, '/docs#otp-exhausted');
    await signIn(api, owner.email, owner.password);
  });

  it('answers an unknown address and an account without a verified phone the same 202, and texts nothing', async () => {
    const unverified = await signUpOwner(platform, { owner_phone: phone('0102') });
    const unknown = `nobody.${Date.now()}@example.com`;
    const seen = await sids(owner.phone);
    const answers = [];
    for (const email of [unknown, unverified.email, owner.email]) {
      const res = await resetRequest(email);
      answers.push({ status: res.status, body: await res.json(), cacheControl: res.headers.get('cache-control') });
    }
    for (const answer of answers) expect(answer).toEqual({ status: 202, body: { status: 'accepted' }, cacheControl: 'no-store' });
    // By the time the verified owner's code has come, the others' requests have been handled too.
    await eventually(() => codeTextedTo(platform, owner.phone, seen).catch(() => undefined), 10_000, 'the reset code');
    expect(await textsTo(platform, unverified.phone)).toEqual([]);
    await problem(await confirm({ email: unverified.email, code: '123456', password: 'a guessed password' }), 400, '/docs#otp-used');
    await problem(await confirm({ email: unknown, code: '123456', password: 'a guessed password' }), 400, '/docs#otp-used');
    await signIn(api, unverified.email, unverified.password);
  });
});
