import { numberTag } from '../../activities/telephony';
import type { TenantState } from '../../workflows/tenant-messages';
import { claimAreaCode } from '../support/area-codes';
import { eventually, signup, startTestPlatform, type Platform } from '../support/platform';

/**
 * A permanent error is not retried: the workflow hears of it at once and moves on. What
 * does retry is bounded, visible to operators while it lasts, and no operator's request
 * waits on it for longer than ACTION_WAIT.
 */
describe('permanent failures move the workflow on; nothing waits without bound', () => {
  /** Two platforms buy here, and their sandboxes offer the same first number. */
  const contestedAreaCode = claimAreaCode();
  const areaCode = claimAreaCode();
  let platform: Platform;

  beforeAll(async () => {
    platform = await startTestPlatform({ lifecycleInSeconds: true, env: { ACTION_WAIT: '2s', ATTENTION_AFTER_ATTEMPTS: '2' } });
  });
  afterAll(async () => {
    await platform.close();
  });

  const fault = (body: Record<string, unknown>) =>
    fetch(`${platform.sandbox.url}/sandbox/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const clearFaults = () => fetch(`${platform.sandbox.url}/sandbox/faults`, { method: 'DELETE' });
  const onboard = async (p: Platform = platform) => {
    const res = await p.post('/api/onboarding', signup());
    expect(res.status).toBe(201);
    return ((await res.json()) as { tenant: { id: string } }).tenant.id;
  };
  const act = (id: string, name: string, body: unknown = {}, p: Platform = platform) => p.admin(`/api/admin/tenants/${id}/actions/${name}`, { body });
  const workflowState = async (id: string, p: Platform = platform) => (await (await p.admin(`/api/admin/tenants/${id}/workflow`)).json()) as TenantState;

  it('a number the provider sells again while another tenant holds it is released, and the next one is bought', async () => {
    // The first tenant holds the first number on offer in the area.
    const first = await onboard();
    const held = (await (await act(first, 'provision-number', { areaCode: contestedAreaCode })).json()) as TenantState;
    expect(held.phoneNumber).toMatch(new RegExp(`^\\+1${contestedAreaCode}`));

    // A sandbox that forgot its numbers (as one did when it kept no state across restarts) offers it again.
    const forgetful = await startTestPlatform({ lifecycleInSeconds: true, env: { ACTION_WAIT: '10s' } });
    try {
      const second = await onboard(forgetful);
      const started = Date.now();
      const res = await act(second, 'provision-number', { areaCode: contestedAreaCode }, forgetful);
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(10_000);
      const state = (await res.json()) as TenantState;
      expect(state.phoneNumber).toMatch(new RegExp(`^\\+1${contestedAreaCode}`));
      expect(state.phoneNumber).not.toBe(held.phoneNumber);
      expect(state.transitions.map((t) => t.action)).toEqual(['provisioning_started', 'number_provisioned']);

      // The number it could not keep went back; the tenant owns exactly the one it was given.
      const owned = await forgetful.twilio.incomingPhoneNumbers.list({ friendlyName: numberTag(second) });
      expect(owned.map((n) => n.phoneNumber)).toEqual([state.phoneNumber]);
      expect(await forgetful.twilio.incomingPhoneNumbers.list({ phoneNumber: held.phoneNumber! })).toEqual([]);
      // The first tenant keeps its number.
      expect((await workflowState(first)).phoneNumber).toBe(held.phoneNumber);
    } finally {
      await forgetful.close();
    }
  }, 90_000);

  it("a provider's refusal (4xx) ends the saga at once with the provider's reason, and the tenant can try again", async () => {
    const tenantId = await onboard();
    await fault({ provider: 'twilio', operation: 'CreateIncomingPhoneNumber', count: 1, status: 400, message: 'Phone number is not a valid number for this account' });
    const res = await act(tenantId, 'provision-number', { areaCode });
    // One refused purchase, not five: a single armed fault would have let a retry through.
    expect(res.status).toBe(502);
    expect(((await res.json()) as { detail: string }).detail).toBe('provisioning failed: Phone number is not a valid number for this account');
    expect((await (await fetch(`${platform.sandbox.url}/sandbox/faults`)).json())).toEqual({ faults: [] });
    expect(await platform.twilio.incomingPhoneNumbers.list({ friendlyName: numberTag(tenantId) })).toEqual([]);
    const state = await workflowState(tenantId);
    expect(state).toMatchObject({ status: 'pending', phoneNumber: null, provisioning: false });
    expect(state.transitions.at(-1)).toMatchObject({ action: 'provisioning_failed', reason: 'Phone number is not a valid number for this account' });

    const retry = await act(tenantId, 'provision-number', { areaCode });
    expect(retry.status).toBe(200);
  }, 60_000);

  it('an action the workflow does not finish within ACTION_WAIT answers 202 with the state so far and where to follow it', async () => {
    const tenantId = await onboard();
    // The number search hangs for 6 s: the saga waits on it, the operator does not.
    await fault({ provider: 'twilio', operation: 'ListAvailablePhoneNumberLocal', count: 1, hangMs: 6_000 });
    const started = Date.now();
    const res = await act(tenantId, 'provision-number', { areaCode });
    const waited = Date.now() - started;
    expect(res.status).toBe(202);
    expect(waited).toBeLessThan(5_000);
    expect(res.headers.get('location')).toBe(`/api/admin/tenants/${tenantId}/workflow`);
    const body = (await res.json()) as { in_progress: boolean; action: string; workflow_id: string; state: TenantState | null; follow: string };
    expect(body).toMatchObject({ in_progress: true, action: 'provision-number', workflow_id: `tenant-${tenantId}`, follow: `/api/admin/tenants/${tenantId}/workflow` });
    expect(body.state).toMatchObject({ status: 'provisioning', provisioning: true, phoneNumber: null });

    // The action goes on and finishes; the link shows it.
    const done = await eventually(async () => {
      const s = await workflowState(tenantId);
      return !s.provisioning && s.phoneNumber !== null ? s : undefined;
    }, 30_000, 'the number provisioned after the 202');
    expect(done.status).toBe('pending');
    expect(done.transitions.at(-1)).toMatchObject({ action: 'number_provisioned' });
  }, 60_000);

  it('an activity still retrying after ATTENTION_AFTER_ATTEMPTS failures is listed as needing attention, and counted in /metrics, until it succeeds', async () => {
    await clearFaults();
    // Every welcome e-mail fails five times, then goes through (the email retries for about a day).
    await fault({ provider: 'resend', operation: 'emails/send', count: 5, status: 503 });
    const tenantId = await onboard();

    type Item = { kind: string; workflow_id: string; workflow_type: string; tenant_id: string | null; activity_type: string | null; attempt: number; error: string };
    const attention = async () => ((await (await platform.admin('/api/admin/attention')).json()) as { items: Item[] }).items;
    const listed = await eventually(
      async () => (await attention()).find((i) => i.kind === 'retrying_activity' && i.tenant_id === tenantId && i.activity_type === 'sendEmail'),
      30_000,
      'the failing e-mail listed as needing attention',
    );
    expect(listed.workflow_type).toBe('sendEmailWorkflow');
    expect(listed.attempt).toBeGreaterThanOrEqual(2);
    expect(listed.error).toMatch(/503|Sandbox fault/);
    const metrics = await (await fetch(`${platform.api.url}/metrics`)).text();
    expect(Number(/^kestrel_retrying_activities (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);

    // Once the provider recovers the e-mail goes, and the list forgets it.
    await eventually(
      async () => !(await attention()).some((i) => i.tenant_id === tenantId && i.activity_type === 'sendEmail'),
      60_000,
      'the e-mail sent and no longer listed',
    );
  }, 90_000);
});
