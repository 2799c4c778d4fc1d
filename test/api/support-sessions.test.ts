import type { Knex } from 'knex';
import { supportSessionExpiryWorkflowId } from '../../workflows/support-session-expiry';
import { caller, json, signIn, signUpOwner, type Call, type Owner } from '../support/accounts';
import { startApi, type RunningApi } from '../support/api';
import { keepHistory } from '../support/histories';
import { OPERATOR_LOGIN, eventually, startTestPlatform, type Platform } from '../support/platform';

/**
 * A support session as the company reads it in its activity log: the pages an operator
 * read are one line, on the line that closes the session (ended by hand, or when its time
 * ran out, by its timer); each change asked for is a line of its own, and a change its
 * route audits is not written twice. Every line comes with its action in words and its
 * actor by name; the operator's list of a tenant's sessions names who opened and who
 * granted write; the lifecycle's transitions name their operator.
 */
describe('support sessions in the activity log', () => {
  let platform: Platform;
  let owner: Knex;
  let api: Call;
  let company: Owner;
  let admin: string;
  const sam = { email: `sam.support.${Date.now()}@kestrel.test`, password: 'sam support password', name: 'Sam Support' };
  let samId: string;

  const samSignsIn = async () => (await signIn(api, sam.email, sam.password)).access_token as string;
  const linesOf = (sessionId: string) => owner('audit_log').where({ tenant_id: company.tenantId, support_session_id: sessionId }).orderBy('id');

  beforeAll(async () => {
    platform = await startTestPlatform({ lifecycleInSeconds: true });
    owner = platform.owner;
    api = caller(platform.api.url);
    admin = (await signIn(api, OPERATOR_LOGIN.email, OPERATOR_LOGIN.password)).access_token;
    samId = (await json(await api('/api/admin/operators', { token: admin, body: { ...sam, role: 'support' } }), 201)).id;
    company = await signUpOwner(platform);
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
  });

  it("folds a session's reads into the line that ends it; each change is one line; all in words, by name", async () => {
    const token = await samSignsIn();
    const session = await json(await api(`/api/admin/tenants/${company.tenantId}/support-sessions`, { token, body: { reason: 'The owner cannot find last week’s calls', ticket_ref: 'ZD-781' } }), 201);
    expect(session).toMatchObject({ operator_name: sam.name, state: 'open', can_write: false, pages_viewed: {} });

    for (const path of ['/api/v1/settings', '/api/v1/calls', '/api/v1/settings', '/api/v1/usage']) await json(await api(path, { token }), 200);
    // Nothing was read where nothing was found.
    expect((await api('/api/v1/calls/00000000-0000-4000-8000-000000000000', { token })).status).toBe(404);
    const change = (greeting: string) => api('/api/v1/settings', { method: 'PATCH', token, body: { ai_settings: { greeting } } });
    expect((await change('Read-only sessions change nothing')).status).toBe(403);
    await json(await api(`/api/admin/support-sessions/${session.id}/grant-write`, { token: admin, body: {} }), 200);
    await json(await change('Fixed by Sam from support'), 200);
    await eventually(async () => (await linesOf(session.id)).some((e) => e.action === 'support_session.request'), 10_000, 'the refused change on its line');
    const ended = await json(await api(`/api/admin/support-sessions/${session.id}/end`, { token, body: {} }), 200);
    expect(ended).toMatchObject({ state: 'ended', granted_by_name: 'Test Operator' });

    const lines = await linesOf(session.id);
    expect(lines.map((e) => e.action).sort()).toEqual(['support_session.ended', 'support_session.opened', 'support_session.request', 'support_session.write_granted', 'tenant.settings_updated']);
    const line = (action: string) => lines.find((e) => e.action === action)!;
    expect(line('support_session.request').details).toMatchObject({ method: 'PATCH', path: '/api/v1/settings', status: 403 });
    expect(line('tenant.settings_updated')).toMatchObject({ actor_type: 'operator', actor_id: samId });
    expect(line('support_session.ended')).toMatchObject({
      actor_id: samId,
      reason: 'The owner cannot find last week’s calls',
      details: expect.objectContaining({ ticket_ref: 'ZD-781', pages_viewed: { '/api/v1/settings': 2, '/api/v1/calls': 1, '/api/v1/usage': 1 } }),
    });

    // The operator's audit log and the company's own say it in words, with Sam by name.
    const operatorView = await json(await api(`/api/admin/audit-log?filter=${encodeURIComponent(JSON.stringify({ tenant_id: company.tenantId }))}&range=[0,99]`, { token: admin }), 200);
    const companyView = (await json(await api('/api/v1/activity?limit=100', { token: company.token }), 200)).data;
    for (const entries of [operatorView, companyView]) {
      const inSession = entries.filter((e: any) => e.support_session_id === session.id);
      expect(inSession.map((e: any) => [e.action_label, e.actor_name]).sort()).toEqual([
        ['Change asked for in a support session', sam.name],
        ['Settings changed', sam.name],
        ['Support allowed to make changes', 'Test Operator'],
        ['Support session ended', sam.name],
        ['Support session opened', sam.name],
      ]);
      expect(entries.find((e: any) => e.action === 'tenant.created')).toMatchObject({ action_label: 'Signed up', actor_name: null });
    }

    const listed = await json(await api(`/api/admin/support-sessions?filter=${encodeURIComponent(JSON.stringify({ tenant_id: company.tenantId }))}`, { token: admin }), 200);
    expect(listed).toEqual([
      expect.objectContaining({ id: session.id, operator_name: sam.name, state: 'ended', can_write: true, granted_by_name: 'Test Operator', ended_at: expect.any(String) }),
    ]);
  });

  describe('when its time runs out', () => {
    let shortLived: RunningApi;
    beforeAll(async () => {
      // An API whose sessions last seconds, on the same worker (its timers run there).
      shortLived = await startApi({ env: { ...platform.env, SUPPORT_SESSION_DURATION: '3s' } });
    });
    afterAll(async () => shortLived?.close());

    it('its timer writes the line that closes it, with the pages read; the operator can open another at once', async () => {
      const token = await samSignsIn();
      const quick = caller(shortLived.url);
      const session = await json(await quick(`/api/admin/tenants/${company.tenantId}/support-sessions`, { token, body: { reason: 'A quick look at the calls' } }), 201);
      await json(await api('/api/v1/calls', { token }), 200);
      await json(await api('/api/v1/calls', { token }), 200);

      const expired = await eventually(async () => (await linesOf(session.id)).find((e) => e.action === 'support_session.expired'), 30_000, 'the expiry line');
      expect(expired).toMatchObject({ actor_type: 'operator', actor_id: samId, reason: 'A quick look at the calls', details: expect.objectContaining({ pages_viewed: { '/api/v1/calls': 2 } }) });
      expect((await linesOf(session.id)).map((e) => e.action)).toEqual(['support_session.opened', 'support_session.expired']);

      // Ending it now adds nothing: its time ran out, and that is its line.
      expect(await json(await api(`/api/admin/support-sessions/${session.id}/end`, { token, body: {} }), 200)).toMatchObject({ state: 'expired', ended_at: null });
      expect(await linesOf(session.id)).toHaveLength(2);
      const next = await json(await api(`/api/admin/tenants/${company.tenantId}/support-sessions`, { token, body: { reason: 'One more look' } }), 201);
      await json(await api(`/api/admin/support-sessions/${next.id}/end`, { token, body: {} }), 200);

      const handle = platform.temporal.workflow.getHandle(supportSessionExpiryWorkflowId(session.id));
      await handle.result();
      keepHistory('supportSessionExpiry-0', await handle.fetchHistory());
    }, 60_000);
  });

  it("names the operator behind each of the lifecycle's transitions", async () => {
    await json(await api(`/api/admin/tenants/${company.tenantId}/actions/change-plan`, { token: admin, body: { tier: 'professional' } }), 200);
    const state = await json(await api(`/api/admin/tenants/${company.tenantId}/workflow`, { token: admin }), 200);
    expect(state.transitions.at(-1)).toMatchObject({ action: 'plan_changed', by_name: 'Test Operator' });
  });
});
