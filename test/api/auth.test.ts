import type { Knex } from 'knex';
import { ensureFirstOperator } from '../../api/auth/first-operator';
import { createKnex } from '../../db/connection';
import { createLogger } from '../../lib/logger';
import { inviteUser, signUpOwner } from '../support/accounts';
import { startApi } from '../support/api';
import { eventually, signup, startTestPlatform, type Platform } from '../support/platform';

const ADMIN = { email: `root.${Date.now()}@kestrel.test`, password: 'correct horse battery staple' };

/**
 * Accounts as operators and tenant users meet them: signing in (cookie and bearer),
 * wrong passwords and the lock-out, refresh and sign-out, the console cookie's
 * same-origin rule, support sessions on a tenant, and the audit log's append-only rule.
 */
describe('accounts and sessions', () => {
  let platform: Platform;
  let owner: Knex;
  let tenantId: string;

  const api = (path: string, init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${platform.api.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const login = async (email: string, password: string) => {
    const res = await api('/api/auth/login', { body: { email, password } });
    return { res, body: (await res.json()) as any };
  };
  const signIn = async (email: string, password: string) => {
    const { res, body } = await login(email, password);
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };

  beforeAll(async () => {
    platform = await startTestPlatform({ lifecycleInSeconds: true, env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, LOGIN_MAX_FAILURES: '3' } });
    await ensureFirstOperator(platform.config, createLogger({ name: 'auth-test', level: 'silent' }));
    owner = platform.owner;
    const res = await platform.post('/api/onboarding', signup());
    tenantId = ((await res.json()) as any).tenant.id;
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('signs the first operator in: a bearer token for the admin API, and who they are', async () => {
    const session = await signIn(ADMIN.email.toUpperCase(), ADMIN.password);
    expect(session).toMatchObject({ token_type: 'Bearer', access_token: expect.stringMatching(/^ksa_/), refresh_token: expect.stringMatching(/^ksr_/) });
    expect(session.user).toMatchObject({ kind: 'operator', email: ADMIN.email, role: 'super_admin', tenant_id: null });
    expect((await api('/api/admin/tenants', { token: session.access_token })).status).toBe(200);
    expect(await (await api('/api/auth/me', { token: session.access_token })).json()).toMatchObject({ email: ADMIN.email, support_session: null });
    // The tokens are kept only as hashes.
    const stored = await owner('auth_sessions').where({ subject_id: session.user.id });
    expect(JSON.stringify(stored)).not.toContain(session.access_token.slice(4));
  });

  it('answers a wrong password, an unknown e-mail and a held-off address alike; the lock-out holds off the address, not the account', async () => {
    const admin = await signIn(ADMIN.email, ADMIN.password);
    const email = `locked.${Date.now()}@kestrel.test`;
    const created = await api('/api/admin/operators', { token: admin.access_token, body: { email, name: 'Lock Test', role: 'super_admin', password: 'the right password' } });
    expect(created.status).toBe(201);
    // The suite's API trusts loopback proxies (the default TRUST_PROXY): X-Forwarded-For names the client.
    const from = (address: string) => ({ 'X-Forwarded-For': address });
    const attacker = from('203.0.113.51');
    const attempt = async (login: string, password: string, headers: Record<string, string>) => {
      const res = await api('/api/auth/login', { body: { email: login, password }, headers });
      return { res, body: (await res.json()) as any };
    };
    const unknown = await attempt(`nobody.${Date.now()}@kestrel.test`, 'whatever it is', attacker);
    const failures = [];
    // LOGIN_MAX_FAILURES is 3 in this suite: the third failure holds this address off the account.
    for (const guess of ['not the password', 'still not it', 'third time']) failures.push(await attempt(email, guess, attacker));
    // Held off: even the right password is refused, with the very answer of a wrong one.
    const heldOff = await attempt(email, 'the right password', attacker);
    for (const answer of [unknown, ...failures, heldOff]) {
      expect(answer.res.status).toBe(401);
      expect(answer.res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(answer.res.headers.get('retry-after')).toBeNull();
      expect({ ...answer.body, instance: undefined, request_id: undefined }).toEqual({ ...unknown.body, instance: undefined, request_id: undefined });
    }
    expect(unknown.body).toMatchObject({ status: 401, title: 'Unauthorized', detail: 'The e-mail or the password is wrong.' });
    // The account's owner, from another address, is not kept out by the attacker's failures.
    const owner = await attempt(email, 'the right password', from('198.51.100.52'));
    expect(owner.res.status).toBe(200);
    expect(owner.body.user).toMatchObject({ email, role: 'super_admin' });
  });

  it('rotates tokens on refresh; a refresh token used twice ends the session; sign-out ends it too', async () => {
    const first = await signIn(ADMIN.email, ADMIN.password);
    const refreshed = (await (await api('/api/auth/refresh', { body: { refresh_token: first.refresh_token } })).json()) as any;
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect((await api('/api/admin/tenants', { token: first.access_token })).status).toBe(401);
    expect((await api('/api/admin/tenants', { token: refreshed.access_token })).status).toBe(200);

    const replayed = await api('/api/auth/refresh', { body: { refresh_token: first.refresh_token } });
    expect(replayed.status).toBe(401);
    expect((await api('/api/admin/tenants', { token: refreshed.access_token })).status).toBe(401);

    const other = await signIn(ADMIN.email, ADMIN.password);
    expect((await api('/api/auth/logout', { method: 'POST', token: other.access_token })).status).toBe(204);
    expect((await api('/api/auth/me', { token: other.access_token })).status).toBe(401);
  });

  it("keeps the console's session in httpOnly SameSite cookies, and refuses a change from another origin", async () => {
    const { res } = await login(ADMIN.email, ADMIN.password);
    const cookies = res.headers.getSetCookie();
    expect(cookies).toEqual(
      expect.arrayContaining([expect.stringMatching(/^kestrel_session=ksa_.*HttpOnly.*SameSite=Strict/i), expect.stringMatching(/^kestrel_refresh=ksr_.*Path=\/api\/auth.*HttpOnly/i)]),
    );
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
    expect((await api('/api/admin/tenants', { headers: { Cookie: cookie } })).status).toBe(200);

    const suspend = (origin: string) =>
      api(`/api/admin/tenants/${tenantId}/actions/suspend`, { body: {}, headers: { Cookie: cookie, Origin: origin } });
    const forged = await suspend('https://evil.example');
    expect(forged.status).toBe(403);
    // From the console's own origin the request gets through to validation (a reason is required).
    const own = await suspend(platform.api.url);
    expect(own.status).toBe(422);
  });

  it("refuses a browser's sign-in from another site (login CSRF); scripts without Origin and the console's own origin sign in", async () => {
    const signInFrom = (origin?: string) => api('/api/auth/login', { body: ADMIN, headers: origin ? { Origin: origin } : {} });
    for (const origin of ['https://evil.example', 'null', `${platform.api.url}.evil.example`]) {
      const refused = await signInFrom(origin);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(refused.headers.getSetCookie()).toEqual([]);
    }
    // The console's origin: PUBLIC_BASE_URL's, or the address the browser reached the API at.
    for (const origin of ['https://kestrel.test', platform.api.url, undefined]) expect((await signInFrom(origin)).status).toBe(200);
    // Accepting an invitation signs in too: the same rule.
    const invite = await api('/api/auth/accept-invite', { body: { token: 'inv_forged', password: 'a good long password' }, headers: { Origin: 'https://evil.example' } });
    expect(invite.status).toBe(403);
  });

  it('marks the session cookies Secure whenever NODE_ENV is production, even when PUBLIC_BASE_URL is http', async () => {
    const env = { NODE_ENV: 'production', PUBLIC_BASE_URL: 'http://kestrel.internal:3000', API_KEY_HMAC_SECRET: 'a-production-secret-of-at-least-32-characters', PROVIDER_SANDBOX: 'on' };
    const production = await startApi({ env: { ...platform.env, ...env } });
    const development = await startApi({ env: { ...platform.env, PUBLIC_BASE_URL: env.PUBLIC_BASE_URL } });
    try {
      const cookiesOf = async (url: string) => {
        const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ADMIN) });
        expect(res.status).toBe(200);
        return res.headers.getSetCookie();
      };
      const secure = await cookiesOf(production.url);
      expect(secure).toHaveLength(2);
      for (const cookie of secure) expect(cookie).toMatch(/;\s*Secure/i);
      // Outside production, plain http (a developer's machine) keeps cookies usable without TLS.
      for (const cookie of await cookiesOf(development.url)) expect(cookie).not.toMatch(/;\s*Secure/i);
    } finally {
      await Promise.all([production.close(), development.close()]);
    }
  });

  it('keeps tenant users out of the admin API', async () => {
    // A second owner of the company, invited by an operator, who accepts with a password of their own.
    const email = `member.${Date.now()}@example.com`;
    await inviteUser(platform, tenantId, { email, role: 'owner' }, { password: 'a tenant password' });
    const session = await signIn(email, 'a tenant password');
    expect(session.user).toMatchObject({ kind: 'tenant_user', tenant_id: tenantId, role: 'owner' });
    const res = await api('/api/admin/tenants', { token: session.access_token });
    expect(res.status).toBe(403);
  });

  it('opens a support session with a reason: read-only, not nested, write only from a super_admin, all in the tenant audit log', async () => {
    const admin = await signIn(ADMIN.email, ADMIN.password);
    const created = await api('/api/admin/operators', {
      token: admin.access_token,
      body: { email: `support.${Date.now()}@kestrel.test`, name: 'Sam Support', role: 'support', password: 'support password 1' },
    });
    expect(created.status).toBe(201);
    const supportUser = (await created.json()) as any;
    const support = await signIn(supportUser.email, 'support password 1');
    const path = `/api/admin/tenants/${tenantId}/support-sessions`;

    const noReason = await api(path, { token: support.access_token, body: {} });
    expect(noReason.status).toBe(422);
    expect(((await noReason.json()) as any).errors).toHaveProperty('reason');

    const opened = await api(path, { token: support.access_token, body: { reason: 'Customer cannot see their calls', ticket_ref: 'ZD-1234' } });
    expect(opened.status).toBe(201);
    const session = (await opened.json()) as any;
    expect(session).toMatchObject({ tenant_id: tenantId, can_write: false, ended_at: null });
    const minutes = (Date.parse(session.expires_at) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(29);
    expect(minutes).toBeLessThanOrEqual(30);
    expect((await api(path, { token: support.access_token, body: { reason: 'a second one inside the first' } })).status).toBe(409);
    expect(await (await api('/api/auth/me', { token: support.access_token })).json()).toMatchObject({ support_session: { id: session.id, can_write: false } });

    expect((await api(`/api/admin/support-sessions/${session.id}/grant-write`, { method: 'POST', token: support.access_token })).status).toBe(403);
    const granted = await api(`/api/admin/support-sessions/${session.id}/grant-write`, { method: 'POST', token: admin.access_token });
    expect(((await granted.json()) as any).can_write).toBe(true);

    const ended = await api(`/api/admin/support-sessions/${session.id}/end`, { method: 'POST', token: support.access_token });
    expect(((await ended.json()) as any).ended_at).toEqual(expect.any(String));
    expect(await (await api('/api/auth/me', { token: support.access_token })).json()).toMatchObject({ support_session: null });

    const audit = await owner('audit_log').where({ tenant_id: tenantId, target_id: session.id }).orderBy('id');
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
      ['support_session.opened', supportUser.id],
      ['support_session.write_granted', admin.user.id],
      ['support_session.ended', supportUser.id],
    ]);
    expect(audit[0]).toMatchObject({ reason: 'Customer cannot see their calls', support_session_id: session.id, details: expect.objectContaining({ ticket_ref: 'ZD-1234' }) });
  });

  it('invites a user by e-mail: the single-use link sets their password and signs them in; roles and disabling follow', async () => {
    const admin = await signIn(ADMIN.email, ADMIN.password);
    const email = `invitee.${Date.now()}@example.com`;
    const invited = await api(`/api/admin/tenants/${tenantId}/users`, { token: admin.access_token, body: { email, name: 'Ivy Invitee', role: 'owner' } });
    expect(invited.status).toBe(201);
    const user = (await invited.json()) as any;
    expect(user).toMatchObject({ email, role: 'owner', status: 'invited' });
    expect((await api(`/api/admin/tenants/${tenantId}/users`, { token: admin.access_token, body: { email, role: 'member' } })).status).toBe(409);

    const mail = await eventually(async () => {
      const res = await fetch(`${platform.sandbox.url}/sandbox/emails?to=${encodeURIComponent(email)}`);
      return ((await res.json()) as { emails: Array<{ subject: string; text: string }> }).emails[0];
    }, 20_000, 'the invitation e-mail');
    expect(mail.subject).toMatch(/You're invited to/);
    const token = /\/admin\/set-password#token=(inv_[\w.-]+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();
    // The token is nowhere in the database, only its hash.
    expect(JSON.stringify(await owner('tenant_users').where({ id: user.id }))).not.toContain(token!.slice(4));

    const weak = await api('/api/auth/accept-invite', { body: { token, password: 'short' } });
    expect(weak.status).toBe(422);
    expect(((await weak.json()) as any).errors).toHaveProperty('password');
    const accepted = await api('/api/auth/accept-invite', { body: { token, password: 'a good long password' } });
    expect(accepted.status).toBe(200);
    const session = (await accepted.json()) as any;
    expect(session.user).toMatchObject({ kind: 'tenant_user', id: user.id, tenant_id: tenantId, role: 'owner' });
    expect((await api('/api/auth/accept-invite', { body: { token, password: 'a good long password' } })).status).toBe(410);
    expect((await login(email, 'a good long password')).res.status).toBe(200);

    // Other owners exist (the sign-up's, the test above's), so Ivy can step down, and so can they, but the last owner cannot.
    const demoted = await api(`/api/admin/tenants/${tenantId}/users/${user.id}`, { method: 'PATCH', token: admin.access_token, body: { role: 'member' } });
    expect(((await demoted.json()) as any).role).toBe('member');
    const owners = await owner('tenant_users').where({ tenant_id: tenantId, role: 'owner' }).whereNull('disabled_at').orderBy('created_at');
    expect(owners.length).toBeGreaterThan(1);
    for (const other of owners.slice(0, -1)) {
      const stepsDown = await api(`/api/admin/tenants/${tenantId}/users/${other.id}`, { method: 'PATCH', token: admin.access_token, body: { role: 'admin' } });
      expect(stepsDown.status).toBe(200);
    }
    const refused = await api(`/api/admin/tenants/${tenantId}/users/${owners.at(-1)!.id}`, { method: 'PATCH', token: admin.access_token, body: { role: 'admin' } });
    expect(refused.status).toBe(409);

    const disabled = await api(`/api/admin/tenants/${tenantId}/users/${user.id}`, { method: 'DELETE', token: admin.access_token });
    expect(((await disabled.json()) as any).status).toBe('disabled');
    expect((await api('/api/auth/me', { token: session.access_token })).status).toBe(401);
    const actions = await owner('audit_log').where({ tenant_id: tenantId, target_id: user.id }).orderBy('id').pluck('action');
    expect(actions).toEqual(['user.invited', 'user.invite_accepted', 'user.role_changed', 'user.disabled']);
  });

  it("lets a tenant's people use the tenant API by their session, as their role allows, and owners manage their company's keys", async () => {
    const admin = await signIn(ADMIN.email, ADMIN.password);
    // Another company signs up: its owner sets a password from the welcome e-mail, and invites a member.
    const company = await signUpOwner(platform, {}, { password: 'owner password here' });
    const other = company.tenantId;
    const member = await inviteUser(platform, other, { email: `member.${Date.now()}@example.com`, role: 'member' }, { password: 'member password here', by: company.token });
    const people: Record<string, any> = {
      owner: await signIn(company.email, 'owner password here'),
      member: await signIn(member.email, 'member password here'),
    };
    const asOwner = people.owner.access_token;
    const asMember = people.member.access_token;

    expect((await api('/api/v1/usage', { token: asMember })).status).toBe(200);
    const settings = await api('/api/v1/settings', { method: 'PATCH', token: asMember, body: { ai_settings: { greeting: 'Hello from a member' } } });
    expect(settings.status).toBe(403);
    expect((await api('/api/v1/settings', { method: 'PATCH', token: asOwner, body: { ai_settings: { greeting: 'Hello from the owner' } } })).status).toBe(200);
    const [changed] = await owner('audit_log').where({ tenant_id: other, action: 'tenant.settings_updated' });
    expect(changed).toMatchObject({ actor_type: 'tenant_user', actor_id: people.owner.user.id });

    // Keys: the owner makes one for their company, not for another; a member makes none.
    const body = { name: 'CRM sync', scopes: ['calls:read'] };
    const made = await api(`/api/admin/tenants/${other}/api-keys`, { token: asOwner, body });
    expect(made.status).toBe(201);
    const key = (await made.json()) as any;
    expect((await api('/api/v1/calls', { token: key.key })).status).toBe(200);
    expect((await api(`/api/admin/tenants/${tenantId}/api-keys`, { token: asOwner, body })).status).toBe(404);
    expect((await api(`/api/admin/tenants/${other}/api-keys`, { token: asMember, body })).status).toBe(403);
    expect((await api('/api/admin/tenants', { token: asOwner })).status).toBe(403);
    // Another company's key is not there for this owner; an operator revokes any.
    const foreign = await api(`/api/admin/tenants/${tenantId}/api-keys`, { token: admin.access_token, body });
    const foreignKey = (await foreign.json()) as any;
    expect((await api(`/api/admin/api-keys/${foreignKey.id}`, { method: 'DELETE', token: asOwner })).status).toBe(404);
    expect((await api(`/api/admin/api-keys/${key.id}`, { method: 'DELETE', token: asOwner })).status).toBe(204);
    expect((await api('/api/v1/calls', { token: key.key })).status).toBe(401);
  });

  it('a support session reads the tenant through the tenant API, writes only once granted, and is audited with both identities: each change on a line, the reads on the line that ends it', async () => {
    const admin = await signIn(ADMIN.email, ADMIN.password);
    const email = `support2.${Date.now()}@kestrel.test`;
    await api('/api/admin/operators', { token: admin.access_token, body: { email, name: 'Sue Support', role: 'support', password: 'support password 2' } });
    const support = await signIn(email, 'support password 2');
    // Without a support session an operator has no tenant to act for.
    expect((await api('/api/v1/usage', { token: support.access_token })).status).toBe(403);

    const session = (await (await api(`/api/admin/tenants/${tenantId}/support-sessions`, { token: support.access_token, body: { reason: 'Greeting sounds wrong' } })).json()) as any;
    expect((await api('/api/v1/settings', { token: support.access_token })).status).toBe(200);
    const write = () => api('/api/v1/settings', { method: 'PATCH', token: support.access_token, body: { ai_settings: { greeting: 'Fixed by support' } } });
    const readOnly = await write();
    expect(readOnly.status).toBe(403);
    expect(((await readOnly.json()) as any).detail).toMatch(/read-only/);

    await api(`/api/admin/support-sessions/${session.id}/grant-write`, { method: 'POST', token: admin.access_token });
    expect((await write()).status).toBe(200);
    const [changed] = await owner('audit_log').where({ tenant_id: tenantId, action: 'tenant.settings_updated', support_session_id: session.id });
    expect(changed).toMatchObject({ actor_type: 'operator', actor_id: support.user.id });

    // The refused change is a line of its own; the change made is the settings' own line, which names the session.
    const requests = await eventually(async () => {
      const rows = await owner('audit_log').where({ tenant_id: tenantId, action: 'support_session.request', support_session_id: session.id }).orderBy('id');
      return rows.length >= 1 && rows;
    }, 10_000, 'the audited refusal');
    expect(requests.map((r) => [r.actor_id, r.details.method, r.details.path, r.details.status])).toEqual([[support.user.id, 'PATCH', '/api/v1/settings', 403]]);
    await api(`/api/admin/support-sessions/${session.id}/end`, { method: 'POST', token: support.access_token });
    expect((await api('/api/v1/settings', { token: support.access_token })).status).toBe(403);
    // What it read is on the line that ended it.
    const [ended] = await owner('audit_log').where({ tenant_id: tenantId, action: 'support_session.ended', support_session_id: session.id });
    expect(ended).toMatchObject({ actor_type: 'operator', actor_id: support.user.id, details: expect.objectContaining({ pages_viewed: { '/api/v1/settings': 1 } }) });
    // The refusal's line is written once it is answered, so it may land after the next.
    expect((await owner('audit_log').where({ tenant_id: tenantId, support_session_id: session.id }).pluck('action')).sort()).toEqual([
      'support_session.ended',
      'support_session.opened',
      'support_session.request',
      'support_session.write_granted',
      'tenant.settings_updated',
    ]);
  });

  it('limits sign-in attempts per address: the attempt at the limit is answered, the next gets 429 with Retry-After', async () => {
    const limited = await startApi({ env: { ...platform.env, RATE_LIMIT_LOGIN: '3/1m' } });
    try {
      const attempt = () => fetch(`${limited.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'guess@example.com', password: 'guess' }) });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      const refused = await attempt();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('ratelimit-policy')).toBe('"login";q=3;w=60');
    } finally {
      await limited.close();
    }
  });

  it('keeps the audit log append-only for the application', async () => {
    const app = createKnex(process.env.DATABASE_APP_URL!, 1);
    try {
      await app.transaction(async (trx) => {
        await trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
        await expect(trx('audit_log').where({ tenant_id: tenantId }).update({ reason: 'rewritten' })).rejects.toThrow(/permission denied/);
      });
      await app.transaction(async (trx) => {
        await trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
        await expect(trx('audit_log').where({ tenant_id: tenantId }).delete()).rejects.toThrow(/permission denied/);
      });
    } finally {
      await app.destroy();
    }
  });
});
