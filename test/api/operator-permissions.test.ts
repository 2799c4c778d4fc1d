import type { Knex } from 'knex';
import { OPERATOR_LOGIN, eventually, signup, startTestPlatform, type Platform } from '../support/platform';

const PROBLEM = 'application/problem+json';

/**
 * Operator roles on the admin API: a `support` operator reads every tenant, and changes
 * one only in a support session on it to which a super_admin granted write; such a
 * change is audited as made in that session. The bypass this closes: a support operator
 * with no session minted a live key with settings:write for a tenant and invited a new
 * owner to it.
 */
describe('operator permissions', () => {
  let platform: Platform;
  let owner: Knex;
  let admin: string;
  let support: { token: string; id: string };
  let a: string;
  let b: string;

  const api = (path: string, init: { method?: string; body?: unknown; token: string }) =>
    fetch(`${platform.api.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { Authorization: `Bearer ${init.token}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const json = async (res: Response, status: number): Promise<any> => {
    const body = await res.json();
    if (res.status !== status) throw new Error(`${res.url}: ${res.status}, expected ${status}: ${JSON.stringify(body)}`);
    return body;
  };
  const signIn = async (email: string, password: string): Promise<any> =>
    json(await fetch(`${platform.api.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) }), 200);
  const refused = async (res: Response) => {
    expect([res.status, res.headers.get('content-type')]).toEqual([403, expect.stringContaining(PROBLEM)]);
    return (await res.json()) as any;
  };
  /** Opens a support session from the support operator's session (granted write by the super_admin if asked). */
  const openSession = async (tenantId: string, write: boolean) => {
    const session = await json(await api(`/api/admin/tenants/${tenantId}/support-sessions`, { token: support.token, body: { reason: 'the owner asked for help' } }), 201);
    if (write) await json(await api(`/api/admin/support-sessions/${session.id}/grant-write`, { token: admin, body: {} }), 200);
    return session.id as string;
  };
  const endSession = async (id: string) => json(await api(`/api/admin/support-sessions/${id}/end`, { token: support.token, body: {} }), 200);
  const mint = (tenantId: string, token = support.token) => api(`/api/admin/tenants/${tenantId}/api-keys`, { token, body: { name: 'Support key', scopes: ['settings:write'] } });
  const invite = (tenantId: string, token = support.token) =>
    api(`/api/admin/tenants/${tenantId}/users`, { token, body: { email: `owner.${Date.now()}.${Math.random().toString(36).slice(2)}@example.com`, role: 'owner' } });

  beforeAll(async () => {
    platform = await startTestPlatform({ lifecycleInSeconds: true });
    owner = platform.owner;
    // A session of the super_admin's own, so that its support sessions attach to nothing another suite uses.
    admin = (await signIn(OPERATOR_LOGIN.email, OPERATOR_LOGIN.password)).access_token;
    const email = `support.permissions.${Date.now()}@kestrel.test`;
    const created = await json(await api('/api/admin/operators', { token: admin, body: { email, name: 'Pat Support', role: 'support', password: 'support permissions password' } }), 201);
    support = { token: (await signIn(email, 'support permissions password')).access_token, id: created.id };
    const [companyA, companyB] = await Promise.all([platform.post('/api/onboarding', signup()).then((r) => json(r, 201)), platform.post('/api/onboarding', signup()).then((r) => json(r, 201))]);
    a = companyA.tenant.id;
    b = companyB.tenant.id;
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
  });

  it('a support operator without a support session reads, but neither mints a key nor invites an owner', async () => {
    await json(await api(`/api/admin/tenants/${a}`, { token: support.token }), 200);
    await json(await api(`/api/admin/tenants/${a}/api-keys`, { token: support.token }), 200);
    await json(await api(`/api/admin/tenants/${a}/users`, { token: support.token }), 200);

    const key = await refused(await mint(a));
    expect(key).toMatchObject({ required_permission: 'tenants:write', detail: expect.stringMatching(/support session/) });
    await refused(await invite(a));
    await refused(await api(`/api/admin/tenants/${a}`, { method: 'PUT', token: support.token, body: { ai_settings: { greeting: 'Changed without a session' } } }));
    await refused(await api(`/api/admin/tenants/${a}/actions/suspend`, { token: support.token, body: { reason: 'no session' } }));

    expect(await owner('api_keys').where({ tenant_id: a })).toEqual([]);
    expect(await owner('tenant_users').where({ tenant_id: a, invited_by: `operator:${support.id}` })).toEqual([]);
    expect(await owner('audit_log').where({ tenant_id: a, actor_id: support.id })).toEqual([]);
  });

  it('a read-only support session, or one on another tenant, lets support change nothing; the attempt on its own tenant is audited', async () => {
    const onB = await openSession(b, true);
    expect((await refused(await mint(a))).detail).toMatch(/another tenant/);
    await refused(await invite(a));
    await endSession(onB);

    const onA = await openSession(a, false);
    expect((await refused(await mint(a))).detail).toMatch(/read-only/);
    await refused(await invite(a));
    await endSession(onA);

    expect(await owner('api_keys').where({ tenant_id: a })).toEqual([]);
    const attempts = await eventually(async () => {
      const rows = await owner('audit_log').where({ tenant_id: a, action: 'support_session.request', support_session_id: onA }).orderBy('id');
      return rows.length >= 2 && rows;
    }, 10_000, 'the audited attempts');
    expect(attempts.map((e) => [e.actor_id, e.details.method, e.details.path, e.details.status])).toEqual(
      expect.arrayContaining([
        [support.id, 'POST', `/api/admin/tenants/${a}/api-keys`, 403],
        [support.id, 'POST', `/api/admin/tenants/${a}/users`, 403],
      ]),
    );
    expect(attempts).toHaveLength(2);
  });

  it('a write-granted support session lets support change its tenant, audited as made in that session; nothing else', async () => {
    const session = await openSession(a, true);
    try {
      const key = await json(await mint(a), 201);
      const user = await json(await invite(a), 201);
      await json(await api(`/api/admin/tenants/${a}`, { method: 'PUT', token: support.token, body: { ai_settings: { greeting: 'Fixed by support' } } }), 200);
      const action = await api(`/api/admin/tenants/${a}/actions/extend-trial`, { token: support.token, body: { days: 1 } });
      expect([401, 403]).not.toContain(action.status);

      const changes = await owner('audit_log').where({ tenant_id: a, actor_id: support.id }).whereIn('action', ['api_key.created', 'user.invited', 'tenant.settings_updated']);
      expect(changes.map((e) => [e.action, e.actor_type, e.support_session_id]).sort()).toEqual([
        ['api_key.created', 'operator', session],
        ['tenant.settings_updated', 'operator', session],
        ['user.invited', 'operator', session],
      ]);
      expect(changes.map((e) => e.target_id)).toEqual(expect.arrayContaining([key.id, user.id]));
      // Every change asked for in the session is in the log once: a route that audits its change names the session on its
      // own line; a lifecycle action, whose workflow writes its transition later, gets the session's line for the request.
      const requests = await eventually(async () => {
        const rows = await owner('audit_log').where({ tenant_id: a, action: 'support_session.request', support_session_id: session }).orderBy('id');
        return rows.length >= 1 && rows;
      }, 10_000, 'the audited request');
      expect(requests.map((e) => [e.actor_id, e.details.method, e.details.path, e.details.status])).toEqual([
        [support.id, 'POST', `/api/admin/tenants/${a}/actions/extend-trial`, action.status],
      ]);
      const inSession = await owner('audit_log').where({ tenant_id: a, support_session_id: session }).whereNot('action', 'like', 'support_session.%').orderBy('id');
      expect(inSession.map((e) => e.action).sort()).toEqual(['api_key.created', 'tenant.settings_updated', 'user.invited']);

      // The session is on A alone, and lends tenant changes only.
      await refused(await mint(b));
      await refused(await api('/api/admin/operators', { token: support.token, body: { email: `x.${Date.now()}@kestrel.test`, name: 'X', role: 'super_admin', password: 'a long enough password' } }));
      await refused(await api('/api/admin/feature-flags', { token: support.token, body: { name: 'support_made_flag' } }));
      await refused(await api(`/api/admin/support-sessions/${session}/grant-write`, { token: support.token, body: {} }));
      await refused(await api(`/api/admin/tenants/${a}/actions/clone`, { token: support.token, body: { location: 'Elsewhere' } }));
    } finally {
      await endSession(session);
    }
    // Once it ends, so does the write.
    await refused(await mint(a));
  });

  it("a super_admin's changes need no session, and are not audited as made in one", async () => {
    const key = await json(await mint(a, admin), 201);
    const [entry] = await owner('audit_log').where({ tenant_id: a, action: 'api_key.created', target_id: key.id });
    expect(entry).toMatchObject({ actor_type: 'operator', support_session_id: null });
  });

  it('documents the permission of every admin route in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${platform.api.url}/docs/openapi.json`)).json()) as any;
    expect(doc.components.securitySchemes.operatorSession).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/api/admin/tenants/{id}/api-keys'].post.security).toEqual([{ operatorSession: ['tenants:write'] }]);
    expect(doc.paths['/api/admin/operators'].get.security).toEqual([{ operatorSession: ['operators:manage'] }]);
  });
});
