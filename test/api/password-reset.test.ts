import type { Knex } from 'knex';
import { startApi, type RunningApi } from '../support/api';
import { startTestPlatform, type Platform } from '../support/platform';
import { caller, json, linkToken, mailTo, mailbox, signIn, signedUpOwner, type Call, type Owner } from './support/accounts';

/**
 * Password reset as a person who forgot theirs goes through it: the request answers alike
 * for every address, the e-mailed link works once and for PASSWORD_RESET_TTL, sets the
 * password, signs in and signs every other session out; the old password stops working.
 * Wrong, expired, reused and cross-purpose tokens are each their own problem, and change
 * nothing. Requests are limited per client address and per account.
 */
describe('password reset', () => {
  let platform: Platform;
  let db: Knex;
  let api: Call;
  let company: Owner;

  const resetRequest = (email: string, from = '198.51.100.20') => api('/api/auth/password-reset', { body: { email }, headers: { 'X-Forwarded-For': from } });
  const confirm = (token: string, password: string, call: Call = api) => call('/api/auth/password-reset/confirm', { body: { token, password } });
  const me = (token: string) => api('/api/auth/me', { token });

  beforeAll(async () => {
    // Generous per-account figure here: this suite asks for many links; the limit has its own test.
    platform = await startTestPlatform({ lifecycleInSeconds: true, env: { RATE_LIMIT_PASSWORD_RESET_ACCOUNT: '100/1h' } });
    db = platform.owner;
    api = caller(platform.api.url);
    company = await signedUpOwner(platform);
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('answers 202 the same way for a known and an unknown address, in about the same time; only the account gets a link', async () => {
    const unknown = `nobody.${Date.now()}@example.com`;
    const answers: Array<{ known: boolean; status: number; body: unknown; ms: number }> = [];
    for (let i = 0; i < 6; i++) {
      for (const known of [true, false]) {
        const started = performance.now();
        const res = await resetRequest(known ? company.email : unknown, `198.51.100.${30 + i}`);
        const body = await res.json();
        answers.push({ known, status: res.status, body, ms: performance.now() - started });
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(res.headers.get('cache-control')).toBe('no-store');
      }
    }
    for (const answer of answers) expect({ status: answer.status, body: answer.body }).toEqual({ status: 202, body: { status: 'accepted' } });
    // The answer goes out before the address is looked up: its time does not depend on it.
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const known = median(answers.filter((a) => a.known).map((a) => a.ms));
    const stranger = median(answers.filter((a) => !a.known).map((a) => a.ms));
    expect(Math.abs(known - stranger)).toBeLessThan(100);

    await mailTo(platform, company.email, /^Reset your Kestrel password/);
    expect(await mailbox(platform, unknown)).toEqual([]);
  });

  it('sets the password with the link once, signs in, ends every other session; the old password fails', async () => {
    const elsewhere = await signIn(api, company.email, company.password);
    const seen = await mailbox(platform, company.email);
    await json(await resetRequest(company.email), 202);
    const mail = await mailTo(platform, company.email, /^Reset your Kestrel password/, seen);
    const token = linkToken(mail, 'reset-password');
    expect(token).toMatch(/^pwr_/);
    expect(mail.html).toContain(`href="https://kestrel.test/admin/reset-password#token=${token}"`);
    expect(mail.text).toMatch(/The link works once, until .* UTC/);
    expect(mail.text).toContain(`You get this email because you have an account at ${company.signup.company_name} on Kestrel.`);
    // A short password is a field error, and spends nothing.
    expect(await json(await confirm(token, 'short'), 422)).toMatchObject({ errors: { password: expect.any(String) } });

    const reset = await json(await confirm(token, 'a completely new password'), 200);
    expect(reset).toMatchObject({ token_type: 'Bearer', user: { kind: 'tenant_user', email: company.email, role: 'owner' } });
    expect((await me(reset.access_token)).status).toBe(200);
    // Every other session ended: the one signed in before, and the sign-up's.
    expect((await me(elsewhere.access_token)).status).toBe(401);
    expect((await me(company.session.access_token)).status).toBe(401);

    expect(await json(await api('/api/auth/login', { body: { email: company.email, password: company.password } }), 401)).toMatchObject({ type: '/docs#invalid-credentials' });
    await signIn(api, company.email, 'a completely new password');
    company.password = 'a completely new password';

    // Once only.
    const again = await confirm(token, 'yet another new password');
    expect(await json(again, 410)).toMatchObject({ type: '/docs#token-used' });
    await signIn(api, company.email, company.password);

    const audit = await db('audit_log').where({ tenant_id: company.tenantId, target_id: company.session.user.id }).whereIn('action', ['user.password_reset_requested', 'user.password_reset']).orderBy('id');
    expect(audit.at(-2)).toMatchObject({ action: 'user.password_reset_requested', actor_type: 'system', request_id: expect.any(String) });
    expect(audit.at(-1)).toMatchObject({ action: 'user.password_reset', actor_type: 'tenant_user', actor_id: company.session.user.id, request_id: expect.any(String) });
  });

  it('refuses a wrong, cross-purpose, replaced or expired token with its own problem, and changes nothing', async () => {
    const before = await db('tenant_users').where({ id: company.session.user.id }).first();
    const refused = async (res: Response, status: number, type: string) => {
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await json(res, status)).toMatchObject({ status, type });
    };
    await refused(await confirm('pwr_not-a-token', 'a good long password'), 400, '/docs#token-invalid');
    await refused(await confirm(`pwr_${'0'.repeat(32)}.zzzzzz.${'A'.repeat(43)}`, 'a good long password'), 400, '/docs#token-invalid');

    // A reset link's token is no invitation, and an invitation's no reset.
    let seen = await mailbox(platform, company.email);
    await json(await resetRequest(company.email, '198.51.100.41'), 202);
    const first = linkToken(await mailTo(platform, company.email, /^Reset your Kestrel password/, seen), 'reset-password');
    await refused(await api('/api/auth/accept-invite', { body: { token: first, password: 'a good long password' } }), 400, '/docs#token-invalid');
    const invitee = `invitee.${Date.now()}@example.com`;
    await json(await platform.admin(`/api/admin/tenants/${company.tenantId}/users`, { body: { email: invitee, role: 'member' } }), 201);
    const invitation = linkToken(await mailTo(platform, invitee, /^You're invited to/), 'set-password');
    await refused(await confirm(invitation, 'a good long password'), 400, '/docs#token-invalid');

    // A newer link replaces the one before.
    seen = await mailbox(platform, company.email);
    await json(await resetRequest(company.email, '198.51.100.42'), 202);
    const second = linkToken(await mailTo(platform, company.email, /^Reset your Kestrel password/, seen), 'reset-password');
    await refused(await confirm(first, 'a good long password'), 410, '/docs#token-used');

    // Past PASSWORD_RESET_TTL (an API whose links last a second).
    const shortLived: RunningApi = await startApi({ env: { ...platform.env, PASSWORD_RESET_TTL: '1s' } });
    try {
      seen = await mailbox(platform, company.email);
      await json(await caller(shortLived.url)('/api/auth/password-reset', { body: { email: company.email }, headers: { 'X-Forwarded-For': '198.51.100.43' } }), 202);
      const expiring = linkToken(await mailTo(platform, company.email, /^Reset your Kestrel password/, seen), 'reset-password');
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      await refused(await confirm(expiring, 'a good long password'), 410, '/docs#token-expired');
    } finally {
      await shortLived.close();
    }
    await refused(await confirm(second, 'a good long password'), 410, '/docs#token-used');

    const after = await db('tenant_users').where({ id: company.session.user.id }).first();
    expect(after.password_hash).toBe(before.password_hash);
    await signIn(api, company.email, company.password);
  });

  it('limits requests per client address (429) and e-mails per account (the answer stays 202)', async () => {
    const limited = await startApi({ env: { ...platform.env, RATE_LIMIT_PASSWORD_RESET: '2/1m', RATE_LIMIT_PASSWORD_RESET_ACCOUNT: '1/1h' } });
    try {
      const other = await signedUpOwner(platform);
      const call = caller(limited.url);
      const ask = (from: string) => call('/api/auth/password-reset', { body: { email: other.email }, headers: { 'X-Forwarded-For': from } });
      const seen = await mailbox(platform, other.email);
      expect((await ask('203.0.113.61')).status).toBe(202);
      const second = await ask('203.0.113.61');
      expect(second.status).toBe(202);
      expect(second.headers.get('ratelimit-policy')).toBe('"password-reset";q=2;w=60');
      const third = await ask('203.0.113.61');
      expect(await json(third, 429)).toMatchObject({ type: '/docs#rate-limited' });
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);

      // Two requests went through, but the account gets one e-mail an hour.
      await mailTo(platform, other.email, /^Reset your Kestrel password/, seen);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const resets = (await mailbox(platform, other.email)).filter((m) => m.subject === 'Reset your Kestrel password');
      expect(resets).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });
});
