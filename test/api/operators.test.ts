import { OPERATOR_ID, OPERATOR_LOGIN, signup, startTestPlatform, type Platform } from '../support/platform';

const PROBLEM = 'application/problem+json';

/**
 * Super_admins manage Kestrel's operators: a role changes either way, an operator is
 * disabled (signed out everywhere, their support session ended, their sign-in refused
 * like a wrong password) and enabled again. Kestrel keeps an enabled super_admin, and
 * nobody disables or demotes themselves.
 */
describe('managing operators', () => {
  let platform: Platform;
  let admin: string;
  const run = Date.now();
  const second = { email: `second.admin.${run}@kestrel.test`, password: 'second admin password', id: '' };
  const helper = { email: `helper.${run}@kestrel.test`, password: 'support helper password', id: '' };

  const api = (path: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
    fetch(`${platform.api.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}), ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const json = async (res: Response, status: number): Promise<any> => {
    const body = await res.json();
    if (res.status !== status) throw new Error(`${res.url}: ${res.status}, expected ${status}: ${JSON.stringify(body)}`);
    return body;
  };
  const login = async (email: string, password: string) => {
    const res = await api('/api/auth/login', { body: { email, password } });
    return { status: res.status, body: (await res.json()) as any };
  };
  const signIn = async (email: string, password: string): Promise<{ access_token: string; refresh_token: string }> => {
    const { status, body } = await login(email, password);
    if (status !== 200) throw new Error(`login ${email}: ${status} ${JSON.stringify(body)}`);
    return body;
  };
  const change = (id: string, body: unknown, token = admin) => api(`/api/admin/operators/${id}`, { method: 'PATCH', body, token });
  const refused = async (res: Response, status: number) => {
    expect([res.status, res.headers.get('content-type')]).toEqual([status, expect.stringContaining(PROBLEM)]);
    return (await res.json()) as any;
  };
  const roleOf = async (id: string) => ((await json(await api('/api/admin/operators', { token: admin }), 200)) as any[]).find((o) => o.id === id);

  beforeAll(async () => {
    platform = await startTestPlatform();
    admin = (await signIn(OPERATOR_LOGIN.email, OPERATOR_LOGIN.password)).access_token;
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  it('keeps the only super_admin: their own role and account cannot be taken away', async () => {
    for (const body of [{ role: 'support' }, { disabled: true }]) {
      const problem = await refused(await change(OPERATOR_ID, body), 409);
      expect(problem.detail).toBe('Kestrel keeps at least one enabled super_admin: make someone else super_admin first.');
    }
    expect(await roleOf(OPERATOR_ID)).toMatchObject({ role: 'super_admin', disabled_at: null });
  });

  it('answers a bad change field by field, and an unknown operator with 404', async () => {
    expect((await refused(await change(OPERATOR_ID, {}), 422)).errors).toEqual({ role: 'give a role, or disabled (true or false)' });
    expect((await refused(await change(OPERATOR_ID, { role: 'boss', disabled: 'yes' }), 422)).errors).toEqual({
      role: 'expected one of super_admin, support',
      disabled: 'expected true or false',
    });
    await refused(await change('00000000-0000-4000-8000-00000000abcd', { role: 'support' }), 404);
  });

  it('changes a role either way; a support operator may not manage operators', async () => {
    second.id = (await json(await api('/api/admin/operators', { token: admin, body: { ...second, name: 'Sam Second', role: 'super_admin' } }), 201)).id;
    helper.id = (await json(await api('/api/admin/operators', { token: admin, body: { ...helper, name: 'Hana Helper', role: 'support' } }), 201)).id;
    const helperToken = (await signIn(helper.email, helper.password)).access_token;

    expect((await refused(await change(second.id, { role: 'support' }, helperToken), 403)).status).toBe(403);
    expect((await api('/api/admin/operators', { token: helperToken })).status).toBe(403);

    expect(await json(await change(helper.id, { role: 'super_admin' }), 200)).toMatchObject({ id: helper.id, role: 'super_admin', disabled_at: null });
    // The role counts from the next request of the session they already have.
    expect((await api('/api/admin/operators', { token: helperToken })).status).toBe(200);
    expect(await json(await change(helper.id, { role: 'support' }), 200)).toMatchObject({ role: 'support' });
    expect((await api('/api/admin/operators', { token: helperToken })).status).toBe(403);

    const audit = await json(await api(`/api/admin/audit-log?${new URLSearchParams({ filter: JSON.stringify({ action: 'operator.role_changed' }) })}`, { token: admin }), 200);
    expect(audit.filter((e: any) => e.target_id === helper.id)).toEqual([
      expect.objectContaining({ actor_id: OPERATOR_ID, action_label: 'Operator role changed', details: expect.objectContaining({ before: { role: 'super_admin' }, after: { role: 'support' } }) }),
      expect.objectContaining({ actor_id: OPERATOR_ID, details: expect.objectContaining({ before: { role: 'support' }, after: { role: 'super_admin' } }) }),
    ]);
  });

  it('refuses to let a super_admin disable or demote themselves, even with another super_admin there', async () => {
    for (const body of [{ role: 'support' }, { disabled: true }]) {
      const problem = await refused(await change(OPERATOR_ID, body), 409);
      expect(problem.detail).toBe('You cannot disable or demote yourself: another super_admin can.');
    }
  });

  it('disables an operator: their sessions and support session end, and their sign-in is refused like a wrong password; enabling lets them in again', async () => {
    const session = await signIn(second.email, second.password);
    const tenant = await json(await platform.post('/api/onboarding', signup()), 201);
    const support = await json(await api(`/api/admin/tenants/${tenant.tenant.id}/support-sessions`, { token: session.access_token, body: { reason: 'the owner asked for help' } }), 201);
    expect((await api('/api/auth/me', { token: session.access_token })).status).toBe(200);

    expect(await json(await change(second.id, { disabled: true }), 200)).toMatchObject({ id: second.id, role: 'super_admin', disabled_at: expect.any(String) });

    expect((await api('/api/auth/me', { token: session.access_token })).status).toBe(401);
    expect((await api('/api/auth/refresh', { body: { refresh_token: session.refresh_token } })).status).toBe(401);
    const ended = ((await json(await api('/api/admin/support-sessions', { token: admin }), 200)) as any[]).find((s) => s.id === support.id);
    expect(ended).toMatchObject({ ended_at: expect.any(String) });
    const disabledLogin = await login(second.email, second.password);
    const wrongPassword = await login(helper.email, 'not the password at all');
    const answer = ({ status, body: { request_id: _, ...problem } }: { status: number; body: any }) => ({ status, ...problem });
    expect(answer(disabledLogin)).toEqual({ ...answer(wrongPassword), status: 401 });

    expect(await json(await change(second.id, { disabled: false }), 200)).toMatchObject({ disabled_at: null });
    expect((await api('/api/auth/me', { token: (await signIn(second.email, second.password)).access_token })).status).toBe(200);

    const audit = await json(await api(`/api/admin/audit-log?${new URLSearchParams({ filter: JSON.stringify({ action: ['operator.disabled', 'operator.enabled'] }) })}`, { token: admin }), 200);
    expect(audit.filter((e: any) => e.target_id === second.id)).toEqual([
      expect.objectContaining({ action: 'operator.enabled', action_label: 'Operator enabled', actor_id: OPERATOR_ID }),
      expect.objectContaining({ action: 'operator.disabled', action_label: 'Operator disabled', actor_id: OPERATOR_ID, details: expect.objectContaining({ sessions_ended: 1, support_sessions_ended: 1 }) }),
    ]);
  });

  it('keeps a super_admin when two demote each other at once', async () => {
    const secondToken = (await signIn(second.email, second.password)).access_token;
    const answers = await Promise.all([change(second.id, { role: 'support' }), change(OPERATOR_ID, { role: 'support' }, secondToken)]);
    // The second to get the lock finds that the first took its own super_admin role away.
    expect(answers.map((a) => a.status).sort()).toEqual([200, 403]);
    const stillSuperAdmin = answers[0]!.status === 200 ? admin : secondToken;
    const operators = (await json(await api('/api/admin/operators', { token: stillSuperAdmin }), 200)) as any[];
    const admins = operators.filter((o) => o.role === 'super_admin' && !o.disabled_at);
    expect(admins).toHaveLength(1);
  });
});
