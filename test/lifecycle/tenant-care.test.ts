import { ScheduleOverlapPolicy, WorkflowNotFoundError } from '@temporalio/client';
import type { Knex } from 'knex';
import { ensureHealthScoreSchedule } from '../../worker/schedules';
import { HEALTH_SCORE_SCHEDULE_ID } from '../../workflows/health-score-run';
import { emailWorkflowId } from '../../workflows/send-email';
import { keepHistory } from '../support/histories';
import { OPERATOR_ID, eventually, signup, startTestPlatform, type Platform } from '../support/platform';

const DAY = 86_400_000;
const none = { usage: 0, engagement: 0, support: 0, payment: 0 };

/**
 * Tenant care on the real platform: health scores computed by the workflow from what the
 * database holds, the alert to customer success once per fall, the daily schedule, and
 * new locations cloned from a tenant through the same path as a sign-up.
 */
describe('tenant care', () => {
  let platform: Platform;
  let owner: Knex;
  const customerSuccess = `cs-${Date.now().toString(36)}@kestrel.test`;

  beforeAll(async () => {
    platform = await startTestPlatform({ lifecycleInSeconds: true, env: { CUSTOMER_SUCCESS_EMAIL: customerSuccess, TRIAL_DURATION: '1h' } });
    owner = platform.owner;
  });
  afterAll(async () => {
    await platform.close();
  });

  const json = async (res: Response, status = 200): Promise<any> => {
    const body = await res.json();
    if (res.status !== status) throw new Error(`${res.url}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const mailbox = async (to: string) =>
    ((await (await fetch(`${platform.sandbox.url}/sandbox/emails?to=${encodeURIComponent(to)}`)).json()) as any).emails as Array<{ subject: string; rendered: string }>;
  const emailStarted = async (key: string) =>
    platform.temporal.workflow
      .getHandle(emailWorkflowId(key))
      .describe()
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof WorkflowNotFoundError) return false;
          throw error;
        },
      );

  let built = 0;
  /**
   * A tenant written straight into the database (as its owner), with the usage, calls and
   * support sessions a rule looks at: `usage` metered calls `usageDaysAgo` days ago, one call
   * `lastCallDaysAgo` days ago (none when null), `supportSessions` opened today.
   */
  async function builtTenant(o: { status?: string; usage?: number; usageDaysAgo?: number; lastCallDaysAgo?: number | null; supportSessions?: number } = {}) {
    const key = `${Date.now().toString(36)}${(built++).toString(36)}`;
    const [tenant] = await owner('tenants')
      .insert({
        slug: `care-${key}`,
        company_name: `Care Heating ${key}`,
        industry: 'hvac',
        owner_name: 'Pat Owner',
        owner_email: `care-${key}@example.com`,
        plan_tier: 'starter',
        status: o.status ?? 'active',
        forward_to_number: '+16175550199',
      })
      .returning(['id', 'company_name']);
    await addActivity(tenant.id, o);
    return tenant as { id: string; company_name: string };
  }

  async function addActivity(tenantId: string, o: { usage?: number; usageDaysAgo?: number; lastCallDaysAgo?: number | null; supportSessions?: number }) {
    const [period] = await owner('usage_periods')
      .insert({ tenant_id: tenantId, period_start: new Date(Date.now() - 40 * DAY - Math.random() * DAY), period_end: new Date(Date.now() + 20 * DAY), plan_tier: 'starter', calls_included: 500 })
      .returning('id');
    if (o.usage) {
      await owner.raw(
        `insert into usage_events (tenant_id, usage_period_id, call_sid, created_at)
         select ?, ?, 'CA' || md5(? || g || clock_timestamp()), now() - make_interval(days => ?) from generate_series(1, ?) g`,
        [tenantId, period.id, tenantId, o.usageDaysAgo ?? 1, o.usage],
      );
    }
    if (o.lastCallDaysAgo !== undefined && o.lastCallDaysAgo !== null) {
      await owner('call_logs').insert({
        tenant_id: tenantId,
        call_sid: `CA${tenantId.replace(/-/g, '')}${Date.now().toString(36)}`.slice(0, 34),
        started_at: new Date(Date.now() - o.lastCallDaysAgo * DAY),
        status: 'completed',
      });
    }
    for (let i = 0; i < (o.supportSessions ?? 0); i++) {
      await owner('support_sessions').insert({ tenant_id: tenantId, operator_id: 'op-care', reason: 'a ticket', expires_at: new Date(Date.now() + 60_000) });
    }
  }

  const health = (id: string) => platform.admin(`/api/admin/tenants/${id}/health`).then((r) => json(r));
  const scoreNow = (id: string) => platform.admin(`/api/admin/tenants/${id}/health-score`, { method: 'POST', body: {} }).then((r) => json(r));
  const runAll = async () => {
    const { workflow_id, run_id } = await json(await platform.admin('/api/admin/health-scores/run', { method: 'POST', body: {} }), 202);
    return { runId: run_id as string, result: await platform.temporal.workflow.getHandle(workflow_id).result() };
  };

  describe('health score', () => {
    it('scores tenants built for each rule exactly, with the breakdown and the figures behind it', async () => {
      const healthy = await builtTenant({ usage: 100, lastCallDaysAgo: 1, supportSessions: 5 });
      const lowUsage = await builtTenant({ usage: 99, lastCallDaysAgo: 1 });
      const quiet = await builtTenant({ usage: 100, usageDaysAgo: 10, lastCallDaysAgo: 8 });
      const tickets = await builtTenant({ usage: 100, lastCallDaysAgo: 1, supportSessions: 6 });
      const pastDue = await builtTenant({ status: 'past_due', usage: 100, lastCallDaysAgo: 1 });
      const everything = await builtTenant({ status: 'past_due', supportSessions: 6 });
      const pending = await builtTenant({ status: 'pending' });

      const { result } = await runAll();
      expect(result.scored).toBeGreaterThanOrEqual(6);

      const latest = async (id: string) => (await health(id)).latest;
      expect(await latest(healthy.id)).toMatchObject({ score: 100, band: 'healthy', breakdown: none });
      expect(await latest(lowUsage.id)).toMatchObject({ score: 80, band: 'healthy', breakdown: { ...none, usage: -20 } });
      expect(await latest(quiet.id)).toMatchObject({ score: 70, band: 'healthy', breakdown: { ...none, engagement: -30 } });
      expect(await latest(tickets.id)).toMatchObject({ score: 85, band: 'healthy', breakdown: { ...none, support: -15 } });
      expect(await latest(pastDue.id)).toMatchObject({ score: 50, band: 'at_risk', breakdown: { ...none, payment: -50 } });
      expect(await latest(everything.id)).toMatchObject({ score: 0, band: 'critical', breakdown: { usage: -20, engagement: -30, support: -15, payment: -50 } });
      // Pending tenants have had no chance to use the service: the daily run leaves them out.
      expect(await health(pending.id)).toMatchObject({ latest: null, history: [] });

      const figures = await latest(quiet.id);
      expect(figures.inputs).toMatchObject({ calls_last_30_days: 100, monthly_call_limit: 500, calls_last_7_days: 0, support_tickets_this_month: 0, status: 'active' });
      expect(Date.parse(figures.inputs.last_call_at)).toBeLessThan(Date.now() - 7 * DAY);
      expect((await latest(healthy.id)).inputs).toMatchObject({ calls_last_30_days: 100, calls_last_7_days: 1, support_tickets_this_month: 5 });

      // A second run the same day replaces the day's score: one row per tenant per day, the history one point long.
      await runAll();
      const again = await health(lowUsage.id);
      expect(again.history).toEqual([expect.objectContaining({ score: 80, day: new Date().toISOString().slice(0, 10) })]);
      expect(await owner('health_scores').where({ tenant_id: lowUsage.id }).count({ n: '*' })).toEqual([{ n: 1 }]);

      // The tenant list shows the latest score and filters by band; the dashboard counts the bands.
      const ids = [healthy, lowUsage, quiet, tickets, pastDue, everything, pending].map((t) => t.id);
      const list = async (filter: Record<string, unknown>, sort = ['health_score', 'DESC']) => {
        const params = new URLSearchParams({ filter: JSON.stringify({ id: ids, ...filter }), sort: JSON.stringify(sort) });
        return json(await platform.admin(`/api/admin/tenants?${params}`));
      };
      const all = await list({});
      expect(all.map((t: any) => [t.id, t.health_score, t.health_band])).toEqual([
        [healthy.id, 100, 'healthy'],
        [tickets.id, 85, 'healthy'],
        [lowUsage.id, 80, 'healthy'],
        [quiet.id, 70, 'healthy'],
        [pastDue.id, 50, 'at_risk'],
        [everything.id, 0, 'critical'],
        [pending.id, null, null],
      ]);
      expect((await list({ health_band: 'critical' })).map((t: any) => t.id)).toEqual([everything.id]);
      expect((await list({ health_band: ['at_risk', 'critical'] })).map((t: any) => t.id)).toEqual([pastDue.id, everything.id]);
      const stats = await json(await platform.admin('/api/admin/stats'));
      expect(stats.health_distribution).toEqual({ healthy: expect.any(Number), at_risk: expect.any(Number), critical: expect.any(Number), unscored: expect.any(Number) });
      expect(stats.health_distribution.healthy).toBeGreaterThanOrEqual(4);
      expect(stats.health_distribution.critical).toBeGreaterThanOrEqual(1);
      expect(stats.health_distribution.unscored).toBeGreaterThanOrEqual(1);
    });

    it('emails customer success once per fall below 50: not again while it stays below, again after it recovers and falls', async () => {
      const tenant = await builtTenant({ supportSessions: 6 }); // no usage, no calls, six tickets: 35
      const alertsFor = async () => (await mailbox(customerSuccess)).filter((m) => m.subject.includes(tenant.company_name));

      const first = await scoreNow(tenant.id);
      expect(first).toMatchObject({ alerted: true, latest: { score: 35, band: 'critical', breakdown: { usage: -20, engagement: -30, support: -15, payment: 0 } } });
      const [mail] = await eventually(async () => ((await alertsFor()).length === 1 ? alertsFor() : undefined), 20_000, 'the first alert');
      expect(mail!.subject).toBe(`Health alert: ${tenant.company_name} is at 35/100`);
      expect(mail!.rendered).toContain('scored for the first time at 35/100');
      expect(mail!.rendered).toContain('no calls in the last 7 days (-30)');

      // Still below: the score is kept, nothing is sent.
      const { runId: stillBelowRun } = await runAll();
      expect((await health(tenant.id)).latest.score).toBe(35);
      expect(await emailStarted(`${tenant.id}.health_alert.${stillBelowRun}`)).toBe(false);
      expect(await scoreNow(tenant.id)).toMatchObject({ alerted: false, latest: { score: 35 } });

      // Recovered: calls again, well used.
      await addActivity(tenant.id, { usage: 150, lastCallDaysAgo: 0 });
      expect(await scoreNow(tenant.id)).toMatchObject({ alerted: false, latest: { score: 85, band: 'healthy' } });

      // Falls again: past due with its tickets.
      await owner('tenants').where({ id: tenant.id }).update({ status: 'past_due' });
      expect(await scoreNow(tenant.id)).toMatchObject({ alerted: true, latest: { score: 35, breakdown: { usage: 0, engagement: 0, support: -15, payment: -50 } } });
      const alerts = await eventually(async () => ((await alertsFor()).length === 2 ? alertsFor() : undefined), 20_000, 'the second alert');
      expect(alerts[0]!.rendered).toContain('fell from 85 to 35/100');

      const sent = await owner('notifications').where('idempotency_key', 'like', `${tenant.id}.health_alert.%`).select('recipient', 'template', 'status', 'tenant_id');
      expect(sent).toEqual([
        { recipient: customerSuccess, template: 'health_alert', status: 'sent', tenant_id: null },
        { recipient: customerSuccess, template: 'health_alert', status: 'sent', tenant_id: null },
      ]);
    });

    it('pages through every tenant in batches, handing over to a new run (continueAsNew) with the totals so far', async () => {
      const tenants = await Promise.all(Array.from({ length: 5 }, () => builtTenant({ usage: 100, lastCallDaysAgo: 1 })));
      const startedAt = new Date();
      const handle = await platform.temporal.workflow.start('healthScoreRun', {
        workflowId: `health-score-paging-${Date.now()}`,
        taskQueue: platform.config.TEMPORAL_TASK_QUEUE,
        args: [{ batchSize: 2, batchesPerRun: 2 }],
      });
      const result = await handle.result();
      expect(result.scored).toBeGreaterThanOrEqual(5);
      expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);
      const rows = await owner('health_scores').whereIn('tenant_id', tenants.map((t) => t.id)).where('computed_at', '>=', startedAt);
      expect(rows.map((r: any) => r.score)).toEqual([100, 100, 100, 100, 100]);
    });

    it('keeps the daily schedule, created once and brought up to date by every worker that starts', async () => {
      const handle = platform.temporal.schedule.getHandle(HEALTH_SCORE_SCHEDULE_ID);
      const described = await handle.describe();
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'healthScoreRun' });
      expect(described.policies.overlap).toBe('SKIP');
      expect(described.spec.calendars).toEqual([expect.objectContaining({ hour: [{ start: 6, end: 6, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] })]);
      expect(await ensureHealthScoreSchedule(platform.temporal, platform.config)).toBe('updated');
      expect((await handle.describe()).action).toMatchObject({ type: 'startWorkflow', workflowType: 'healthScoreRun', workflowId: HEALTH_SCORE_SCHEDULE_ID });
    });

    it('fires: a run the schedule starts scores every tenant', async () => {
      const tenant = await builtTenant({ usage: 100, lastCallDaysAgo: 1 });
      const startedAt = new Date();
      const handle = platform.temporal.schedule.getHandle(HEALTH_SCORE_SCHEDULE_ID);
      // Workers of other test files share the server and bring the schedule to their own
      // task queue when they start: bring it back to this file's worker just before firing.
      await ensureHealthScoreSchedule(platform.temporal, platform.config);
      const before = (await handle.describe()).info.recentActions.length;
      await handle.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
      const fired = await eventually(async () => (await handle.describe()).info.recentActions.slice(before).at(-1), 20_000, 'the schedule to start a run');
      const run = platform.temporal.workflow.getHandle(fired.action.workflow.workflowId, fired.action.workflow.firstExecutionRunId);
      expect((await run.result()).scored).toBeGreaterThanOrEqual(1);
      const rows = await owner('health_scores').where({ tenant_id: tenant.id }).where('computed_at', '>=', startedAt);
      expect(rows.map((r: any) => r.score)).toEqual([100]);
    });

    it("shows a tenant's history for the chart and refuses unknown tenants", async () => {
      const tenant = await builtTenant({ usage: 120, lastCallDaysAgo: 2 });
      await owner('health_scores').insert([
        { tenant_id: tenant.id, day: new Date(Date.now() - 2 * DAY).toISOString().slice(0, 10), computed_at: new Date(Date.now() - 2 * DAY), score: 50, breakdown: { ...none, engagement: -30, usage: -20 } },
        { tenant_id: tenant.id, day: new Date(Date.now() - 1 * DAY).toISOString().slice(0, 10), computed_at: new Date(Date.now() - DAY), score: 70, breakdown: { ...none, engagement: -30 } },
      ]);
      const scored = await scoreNow(tenant.id);
      expect(scored.latest).toMatchObject({ score: 100 });
      const { history } = await health(tenant.id);
      expect(history.map((h: any) => h.score)).toEqual([50, 70, 100]);
      expect(history.map((h: any) => h.band)).toEqual(['at_risk', 'healthy', 'healthy']);
      expect((await json(await platform.admin(`/api/admin/tenants/${tenant.id}/health?days=1`))).history.map((h: any) => h.score)).toEqual([100]);

      const unknown = '00000000-0000-4000-8000-000000000000';
      expect((await platform.admin(`/api/admin/tenants/${unknown}/health`)).status).toBe(404);
      expect((await platform.admin(`/api/admin/tenants/${unknown}/health-score`, { method: 'POST', body: {} })).status).toBe(404);
    });
  });

  describe('cloning a location', () => {
    const onboard = async (overrides: Record<string, unknown> = {}) => (await json(await platform.post('/api/onboarding', signup(overrides)), 201)).tenant as { id: string; slug: string };

    it('creates a new tenant with the parent’s settings, none of its calls, its own workflow, and its users invited', async () => {
      const parent = await onboard({ company_name: `Northwind Plumbing ${Date.now().toString(36)}`, plan_tier: 'professional', emergency_phone: '+16175550111' });
      await json(
        await platform.admin(`/api/admin/tenants/${parent.id}`, {
          method: 'PUT',
          body: { ai_settings: { greeting: 'Northwind here, how can we help?', model: 'gpt-4.1', emergency_keywords: ['gas'] }, timezone: 'America/Chicago' },
        }),
      );
      await json(await platform.admin(`/api/admin/tenants/${parent.id}/feature-flags/premium_model`, { method: 'PUT', body: { enabled: true } }));
      await owner('call_logs').insert({ tenant_id: parent.id, call_sid: `CA${parent.id.replace(/-/g, '')}`.slice(0, 34), started_at: new Date(), status: 'completed' });
      const manager = await json(await platform.admin(`/api/admin/tenants/${parent.id}/users`, { body: { email: `manager-${parent.slug}@example.com`, name: 'Morgan', role: 'admin' } }), 201);
      const leaver = await json(await platform.admin(`/api/admin/tenants/${parent.id}/users`, { body: { email: `leaver-${parent.slug}@example.com`, role: 'member' } }), 201);
      await json(await platform.admin(`/api/admin/tenants/${parent.id}/users/${leaver.id}`, { method: 'DELETE' }));

      const cloned = await json(await platform.admin(`/api/admin/tenants/${parent.id}/actions/clone`, { body: { location: 'Downtown', copy_users: true } }), 201);
      const parentRow = await json(await platform.admin(`/api/admin/tenants/${parent.id}`));
      expect(cloned.tenant).toMatchObject({ company_name: `${parentRow.company_name} – Downtown`, slug: `${parent.slug}-downtown`, status: 'pending', parent_tenant_id: parent.id });
      expect(cloned.workflow_id).toBe(`tenant-${cloned.tenant.id}`);

      const clone = await json(await platform.admin(`/api/admin/tenants/${cloned.tenant.id}`));
      const settings = ['industry', 'timezone', 'owner_name', 'owner_email', 'owner_phone', 'forward_to_number', 'emergency_phone', 'business_hours', 'ai_settings', 'plan_tier'];
      for (const field of settings) expect({ field, value: clone[field] }).toEqual({ field, value: parentRow[field] });
      expect(clone).toMatchObject({ parent_tenant_id: parent.id, phone_number: null, status: 'pending', timezone: 'America/Chicago' });
      expect(await owner('call_logs').where({ tenant_id: cloned.tenant.id })).toEqual([]);

      const state = await json(await platform.admin(`/api/admin/tenants/${cloned.tenant.id}/workflow`));
      expect(state).toMatchObject({ tenantId: cloned.tenant.id, status: 'pending', phoneNumber: null, plan: 'professional' });
      expect(state.allowedActions).toContain('provisionNumber');

      const flags = await json(await platform.admin(`/api/admin/tenants/${cloned.tenant.id}/feature-flags`));
      expect(flags.find((f: any) => f.name === 'premium_model')).toMatchObject({ enabled: true, source: 'override', override: true });

      // Active users are invited (same e-mail and role: the owner's account made at sign-up, the manager);
      // the disabled one is not, and no password travels.
      // (invited side by side, so in no particular order)
      expect(cloned.users.map((u: any) => [u.email, u.role, u.status]).sort()).toEqual(
        [
          [parentRow.owner_email, 'owner', 'invited'],
          [manager.email, 'admin', 'invited'],
        ].sort(),
      );
      const users = await json(await platform.admin(`/api/admin/tenants/${cloned.tenant.id}/users`));
      expect(users.map((u: any) => u.email).sort()).toEqual([parentRow.owner_email, manager.email].sort());
      expect(await owner('tenant_users').where({ tenant_id: cloned.tenant.id }).pluck('password_hash')).toEqual([null, null]);
      await eventually(async () => (await mailbox(manager.email)).some((m) => m.subject === `You're invited to ${clone.company_name} on Kestrel`), 20_000, 'the invitation');

      // The company's list of locations, and the audit on the parent.
      const params = new URLSearchParams({ filter: JSON.stringify({ parent_tenant_id: parent.id }) });
      const locations = await json(await platform.admin(`/api/admin/tenants?${params}`));
      expect(locations.map((t: any) => [t.id, t.parent_tenant_id])).toEqual([[cloned.tenant.id, parent.id]]);
      const companies = await json(await platform.admin(`/api/admin/tenants?${new URLSearchParams({ filter: JSON.stringify({ id: [parent.id, cloned.tenant.id], parent_tenant_id: null }) })}`));
      expect(companies.map((t: any) => t.id)).toEqual([parent.id]);
      const [audit] = await owner('audit_log').where({ tenant_id: parent.id, action: 'tenant.cloned' });
      expect(audit).toMatchObject({ actor_type: 'operator', actor_id: OPERATOR_ID, target_id: cloned.tenant.id, details: { location: 'Downtown', copy_users: true } });
      const [created] = await owner('audit_log').where({ tenant_id: cloned.tenant.id, action: 'tenant.created' });
      expect(created.details).toMatchObject({ parent_tenant_id: parent.id });
    });

    it('makes a location of a location a sibling, and copies no users unless asked', async () => {
      const parent = await onboard({ company_name: `Eastside Electric ${Date.now().toString(36)}` });
      await json(await platform.admin(`/api/admin/tenants/${parent.id}/users`, { body: { email: `owner2-${parent.slug}@example.com`, role: 'owner' } }), 201);
      const first = await json(await platform.admin(`/api/admin/tenants/${parent.id}/actions/clone`, { body: { location: 'North' } }), 201);
      expect(first.users).toEqual([]);
      expect(await owner('tenant_users').where({ tenant_id: first.tenant.id })).toEqual([]);

      const second = await json(await platform.admin(`/api/admin/tenants/${first.tenant.id}/actions/clone`, { body: { location: 'South' } }), 201);
      const parentRow = await json(await platform.admin(`/api/admin/tenants/${parent.id}`));
      expect(second.tenant).toMatchObject({ company_name: `${parentRow.company_name} – South`, parent_tenant_id: parent.id });
      expect(second.tenant.id).not.toBe(first.tenant.id);
      expect((await json(await platform.admin(`/api/admin/tenants/${second.tenant.id}/workflow`))).status).toBe('pending');
    });

    it('refuses an unknown tenant, a missing location and a company name grown too long', async () => {
      const parent = await onboard({ company_name: `Very Long Name Heating And Cooling Services Of The Greater Metropolitan Area ${Date.now().toString(36)}` });
      expect((await platform.admin('/api/admin/tenants/00000000-0000-4000-8000-000000000000/actions/clone', { body: { location: 'West' } })).status).toBe(404);
      const missing = await platform.admin(`/api/admin/tenants/${parent.id}/actions/clone`, { body: { copy_users: 'yes' } });
      expect(missing.status).toBe(422);
      expect(Object.keys(((await missing.json()) as any).errors).sort()).toEqual(['copy_users', 'location']);
      const long = await platform.admin(`/api/admin/tenants/${parent.id}/actions/clone`, { body: { location: 'Riverside Industrial Park Branch Office' } });
      expect(long.status).toBe(422);
      expect(((await long.json()) as any).errors).toEqual({ location: 'makes the company name longer than 120 characters' });
      expect(await owner('tenants').where({ parent_tenant_id: parent.id })).toEqual([]);
    });
  });

  it('records a health run with an alert for the determinism test', async () => {
    const tenant = await builtTenant({ status: 'past_due' });
    const workflowId = `health-score-fixture-${tenant.id}`;
    const handle = await platform.temporal.workflow.start('healthScoreRun', { workflowId, taskQueue: platform.config.TEMPORAL_TASK_QUEUE, args: [{ tenantIds: [tenant.id] }] });
    expect(await handle.result()).toEqual({ scored: 1, alerts: 1 });
    keepHistory('healthScoreRun-0', await handle.fetchHistory());
  });
});
