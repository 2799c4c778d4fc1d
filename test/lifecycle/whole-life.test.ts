import type { Knex } from 'knex';
import { numberTag } from '../../activities/telephony';
import type { TenantState } from '../../workflows/tenant-messages';
import { claimAreaCode } from '../support/area-codes';
import { keepHistory } from '../support/histories';
import { eventually, signup, startTestPlatform, type Platform } from '../support/platform';

/**
 * A tenant's whole life on the real Temporal, Postgres and sandbox, with a 6 s trial,
 * 4 s cycles and a 3 s grace after cancellation.
 */
describe('a tenant lives its whole life in seconds', () => {
  const areaCode = claimAreaCode();
  let platform: Platform;
  let owner: Knex;

  beforeAll(async () => {
    platform = await startTestPlatform({ lifecycleInSeconds: true });
    owner = platform.owner;
  });
  afterAll(async () => {
    await platform.close();
  });

  const action = async (tenantId: string, name: string, body: unknown = {}) => {
    const res = await platform.admin(`/api/admin/tenants/${tenantId}/actions/${name}`, { body });
    const json = (await res.json()) as any;
    if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(json)}`);
    return json as TenantState;
  };
  const state = async (tenantId: string) => (await (await platform.admin(`/api/admin/tenants/${tenantId}/workflow`)).json()) as TenantState;
  const mailbox = async (to: string) => ((await (await fetch(`${platform.sandbox.url}/sandbox/emails?to=${encodeURIComponent(to)}`)).json()) as any).emails as Array<{ subject: string }>;

  it('onboard → provision → activate → reminder → trial end → active → two cycles → suspend → reactivate → cancel → number released', async () => {
    const body = signup();
    const created = await platform.post('/api/onboarding', body);
    expect(created.status).toBe(201);
    const { tenant, workflow_id } = (await created.json()) as any;
    expect(tenant).toMatchObject({ status: 'pending', slug: expect.stringMatching(/^acme-heating-/) });
    expect(workflow_id).toBe(`tenant-${tenant.id}`);

    // The read model has the tenant, with its numbers in E.164.
    const row = await owner('tenants').where({ id: tenant.id }).first();
    expect(row).toMatchObject({ status: 'pending', owner_phone: '+16175550142', forward_to_number: '+16175550199', workflow_id });

    // Welcome to the owner, new-signup to the operators.
    await eventually(async () => (await mailbox(body.owner_email as string)).some((m) => m.subject.startsWith('Welcome to Kestrel')), 15_000, 'welcome email');
    await eventually(async () => (await mailbox(platform.config.OPERATOR_EMAIL)).some((m) => m.subject.includes(body.company_name as string)), 15_000, 'signup email');

    // Provisioning buys a number in the area code asked for, pointed at Kestrel's webhooks.
    const provisioned = await action(tenant.id, 'provision-number', { areaCode });
    expect(provisioned.status).toBe('pending');
    expect(provisioned.phoneNumber).toMatch(new RegExp(`^\\+1${areaCode}\\d{7}$`));
    const [number] = await platform.twilio.incomingPhoneNumbers.list({ phoneNumber: provisioned.phoneNumber! });
    expect(number).toMatchObject({
      friendlyName: numberTag(tenant.id),
      voiceUrl: 'https://kestrel.test/webhooks/twilio/voice',
      statusCallback: 'https://kestrel.test/webhooks/twilio/status',
      smsUrl: 'https://kestrel.test/webhooks/twilio/sms',
    });
    const listed = (await (await platform.admin(`/api/admin/tenants/${tenant.id}`)).json()) as any;
    expect(listed.phone_number).toBe(provisioned.phoneNumber);

    const trial = await action(tenant.id, 'activate');
    expect(trial.status).toBe('trial');
    expect(trial.nextTimer?.kind).toBe('trialReminder');
    await eventually(async () => (await mailbox(body.owner_email as string)).some((m) => m.subject.startsWith("You're live")), 15_000, 'activation email');
    await action(tenant.id, 'confirm-billing');

    // One reminder, three seconds before the end, then the trial converts.
    await eventually(async () => (await mailbox(body.owner_email as string)).some((m) => m.subject.startsWith('Your Kestrel trial ends')), 15_000, 'trial reminder');
    const active = await eventually(async () => {
      const s = await state(tenant.id);
      return s.status === 'active' && s;
    }, 15_000, 'trial end');
    expect(active.cycle?.index).toBe(0);
    expect(active.transitions.map((t) => t.action)).toEqual(
      expect.arrayContaining(['provisioning_started', 'number_provisioned', 'trial_started', 'billing_confirmed', 'trial_converted']),
    );

    // Two cycle boundaries: each closes the period (usage kept) and opens a fresh one.
    const openPeriod = () => owner('usage_periods').where({ tenant_id: tenant.id }).whereNull('closed_at');
    await openPeriod().update({ calls_used: 7 });
    await eventually(async () => (await state(tenant.id)).cycle!.index >= 1, 15_000, 'first cycle boundary');
    await openPeriod().update({ calls_used: 3 });
    const second = await eventually(async () => {
      const s = await state(tenant.id);
      return s.cycle!.index >= 2 && s;
    }, 15_000, 'second cycle boundary');
    const periods = await owner('usage_periods').where({ tenant_id: tenant.id }).orderBy('period_start');
    const closed = periods.filter((p) => p.closed_at);
    const open = periods.filter((p) => !p.closed_at);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ calls_used: 0, calls_included: 500 });
    expect(closed.map((p) => p.calls_used)).toEqual(expect.arrayContaining([7, 3]));
    expect(new Date(open[0].period_start).toISOString()).toBe(second.cycle!.start);

    const suspended = await action(tenant.id, 'suspend', { reason: 'chargeback under review' });
    expect(suspended.status).toBe('suspended');
    expect(suspended.nextTimer).toBeNull();
    const reactivated = await action(tenant.id, 'reactivate');
    expect(reactivated.status).toBe('active');

    const cancelled = await action(tenant.id, 'cancel', { reason: 'closing the business' });
    expect(cancelled).toMatchObject({ status: 'cancelled', nextTimer: { kind: 'releaseNumber' } });
    await eventually(async () => (await owner('tenants').where({ id: tenant.id }).first()).phone_number === null, 15_000, 'number released');
    expect(await platform.twilio.incomingPhoneNumbers.list({ friendlyName: numberTag(tenant.id) })).toEqual([]);
    const after = await state(tenant.id);
    expect(after.phoneNumber).toBeNull();
    expect(after.transitions.at(-1)?.action).toBe('number_released');

    // Postgres, the read model, followed every step; the audit log has each transition once.
    expect(await owner('tenants').where({ id: tenant.id }).first()).toMatchObject({ status: 'cancelled', phone_number: null, status_reason: 'closing the business' });
    const audit = await owner('audit_log').where({ tenant_id: tenant.id }).orderBy('id').pluck('action');
    expect(audit).toEqual(
      expect.arrayContaining(['tenant.created', 'tenant.trial_converted', 'tenant.cycle_started', 'tenant.suspended', 'tenant.reactivated', 'tenant.cancelled', 'tenant.number_released']),
    );
    expect(new Set(await owner('audit_log').where({ tenant_id: tenant.id }).pluck('idempotency_key')).size).toBe(audit.length);
    const notifications = await owner('notifications').where({ tenant_id: tenant.id }).pluck('template');
    expect(notifications.sort()).toEqual(['activated', 'trial_ending', 'welcome']);

    await saveHistories(platform, tenant.id);
  }, 120_000);
});

/** Every run of this tenant's workflows (lifecycle, provisioning, emails), kept for the determinism test. */
async function saveHistories(platform: Platform, tenantId: string): Promise<void> {
  const query = `WorkflowId = 'tenant-${tenantId}' OR WorkflowId STARTS_WITH 'provision-${tenantId}' OR WorkflowId STARTS_WITH 'email-${tenantId}'`;
  let n = 0;
  for await (const run of platform.temporal.workflow.list({ query })) {
    const history = await platform.temporal.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
    keepHistory(`${run.type}-${n++}`, history);
  }
}
