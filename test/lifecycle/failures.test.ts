import type { Knex } from 'knex';
import { numberTag } from '../../activities/telephony';
import type { TenantState } from '../../workflows/tenant-messages';
import { claimAreaCode } from '../support/area-codes';
import { eventually, signup, startTestPlatform, type Platform } from '../support/platform';
import { spawnEntry } from '../support/process';

/** What happens when the providers fail, and when the worker dies. */
describe('failures lose nothing', () => {
  const areaCode = claimAreaCode();
  let platform: Platform;
  let owner: Knex;

  beforeAll(async () => {
    platform = await startTestPlatform({ lifecycleInSeconds: true, env: { TRIAL_DURATION: '8s', TRIAL_REMINDER_BEFORE: '1s' } });
    owner = platform.owner;
  });
  afterAll(async () => {
    await platform.close();
  });

  const fault = (body: Record<string, unknown>) =>
    fetch(`${platform.sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const onboard = async () => {
    const res = await platform.post('/api/onboarding', signup());
    expect(res.status).toBe(201);
    return ((await res.json()) as any).tenant.id as string;
  };
  const act = (id: string, name: string, body: unknown = {}) => platform.admin(`/api/admin/tenants/${id}/actions/${name}`, { body });

  it('releases the number it bought when reading it back fails, and says why', async () => {
    const tenantId = await onboard();
    await fault({ provider: 'twilio', operation: 'FetchIncomingPhoneNumber', count: 10, status: 500 });
    const res = await act(tenantId, 'provision-number', { areaCode });
    expect(res.status).toBe(502);
    expect(((await res.json()) as any).detail).toMatch(/^provisioning failed: /);
    await fetch(`${platform.sandbox.url}/sandbox/faults`, { method: 'DELETE' });

    expect(await platform.twilio.incomingPhoneNumbers.list({ friendlyName: numberTag(tenantId) })).toEqual([]);
    const state = (await (await platform.admin(`/api/admin/tenants/${tenantId}/workflow`)).json()) as TenantState;
    expect(state).toMatchObject({ status: 'pending', phoneNumber: null, provisioning: false });
    expect(state.transitions.map((t) => t.action)).toEqual(['provisioning_started', 'provisioning_failed']);

    // The tenant can try again, and gets exactly one number.
    const retry = await act(tenantId, 'provision-number', { areaCode });
    expect(retry.status).toBe(200);
    expect(await platform.twilio.incomingPhoneNumbers.list({ friendlyName: numberTag(tenantId) })).toHaveLength(1);
  });

  it('a failing email blocks nothing and is retried into success when the provider recovers', async () => {
    await fault({ provider: 'resend', operation: 'emails/send', count: 6, status: 500 });
    const tenantId = await onboard();
    // The lifecycle goes on while its emails fail.
    const provisioned = await act(tenantId, 'provision-number', { areaCode });
    expect(provisioned.status).toBe(200);
    const pending = await owner('notifications').where({ tenant_id: tenantId, template: 'welcome' }).first();
    expect(pending?.status).not.toBe('sent');

    const sent = await eventually(
      async () => {
        const row = await owner('notifications').where({ tenant_id: tenantId, template: 'welcome' }).first();
        return row?.status === 'sent' && row;
      },
      30_000,
      'welcome email sent after the provider recovered',
    );
    expect(sent.provider_id).toBeTruthy();
    const mailbox = ((await (await fetch(`${platform.sandbox.url}/sandbox/emails?to=${encodeURIComponent(sent.recipient)}`)).json()) as any).emails;
    expect(mailbox.filter((m: { subject: string }) => m.subject.startsWith('Welcome'))).toHaveLength(1);
  }, 60_000);

  it('a worker killed while a tenant is in trial: a new worker picks up, the reminder fires on time and the trial ends as soon as a worker can run it', async () => {
    // This tenant's life runs on a worker process, killed outright mid-trial.
    await platform.worker.stop();
    const doomed = spawnEntry('worker/main.ts', { ...platform.env, LOG_LEVEL: 'info' });
    await doomed.waitFor(/"msg":"worker running"/);
    const tenantId = await onboard();
    expect((await act(tenantId, 'provision-number', { areaCode })).status).toBe(200);
    const trial = (await (await act(tenantId, 'activate')).json()) as TenantState;
    expect(trial.status).toBe('trial');
    doomed.child.kill('SIGKILL');
    await doomed.exited;

    await new Promise((r) => setTimeout(r, 3_000));
    await platform.startWorker();
    const ended = await eventually(
      async () => {
        const s = (await (await platform.admin(`/api/admin/tenants/${tenantId}/workflow`)).json()) as TenantState;
        return s.status === 'past_due' && s;
      },
      30_000,
      'trial end',
    );
    // The first period was billed at the trial's end; with no card on file, the tenant is past due.
    expect(ended.transitions.at(-1)).toMatchObject({ action: 'trial_converted', from: 'trial', to: 'past_due', by: 'system', reason: 'No card is on file.' });
    // The workflow records the transition, then its activity writes the row: shortly after under load.
    await eventually(async () => (await owner('tenants').where({ id: tenantId }).first()).status === 'past_due', 15_000, 'the tenant row past due');

    // The timers are Temporal's: the reminder's fired when it was due, while no worker was alive.
    const history = await platform.temporal.workflow.getHandle(`tenant-${tenantId}`).fetchHistory();
    const fired = (history.events ?? []).filter((e) => e.timerFiredEventAttributes).map((e) => Number(e.eventTime!.seconds) * 1000 + Math.round((e.eventTime!.nanos ?? 0) / 1e6));
    const trialEnd = Date.parse(trial.trialEndsAt!);
    expect(Math.abs(fired[0]! - (trialEnd - 1_000))).toBeLessThan(1_000);
    // The trial ended once a worker could run it: never early, and late only by the outage
    // (3 s here) plus the time Temporal gives a dead worker's sticky queue (3 s, see
    // worker/worker.ts) and its unfinished workflow task (10 s) before handing them on.
    const expired = Date.parse(ended.transitions.at(-1)!.at);
    expect(expired).toBeGreaterThanOrEqual(trialEnd);
    expect(expired - trialEnd).toBeLessThan(20_000);
  }, 60_000);
});
