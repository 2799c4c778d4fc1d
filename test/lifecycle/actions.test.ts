import type { Knex } from 'knex';
import { PLANS } from '../../domain/plans';
import { claimAreaCode } from '../support/area-codes';
import { OPERATOR_TOKEN, eventually, signup, startTestPlatform, type Platform } from '../support/platform';

/** Onboarding's validation and the admin API's refusals, each with the reason a person would read. */
describe('onboarding and operator actions', () => {
  const areaCode = claimAreaCode();
  let platform: Platform;
  let owner: Knex;

  beforeAll(async () => {
    platform = await startTestPlatform({ lifecycleInSeconds: true, env: { TRIAL_DURATION: '1h' } });
    owner = platform.owner;
  });
  afterAll(async () => {
    await platform.close();
  });

  const onboard = async (overrides: Record<string, unknown> = {}) => {
    const res = await platform.post('/api/onboarding', signup(overrides));
    expect(res.status).toBe(201);
    return ((await res.json()) as any).tenant as { id: string; slug: string };
  };
  const act = (id: string, name: string, body: unknown = {}) => platform.admin(`/api/admin/tenants/${id}/actions/${name}`, { body });

  it('answers invalid sign-up fields one by one, and creates nothing', async () => {
    const before = await owner('tenants').count({ n: '*' });
    const res = await platform.post('/api/onboarding', {
      company_name: 'A',
      industry: 'bakery',
      timezone: 'Mars/Olympus',
      owner_name: 'Dana',
      owner_email: 'not-an-email',
      owner_phone: '12',
      slug: 'Admin',
      plan_tier: 'gold',
      forward_to_number: 'call me',
      business_hours: { mon: { open: '18:00', close: '08:00' } },
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as any;
    expect(Object.keys(body.errors).sort()).toEqual(
      ['business_hours.mon', 'company_name', 'forward_to_number', 'industry', 'owner_email', 'owner_phone', 'plan_tier', 'slug', 'timezone'].sort(),
    );
    expect(body.errors.slug).toMatch(/lowercase/);
    expect(await owner('tenants').count({ n: '*' })).toEqual(before);
  });

  it('refuses a reserved slug with its reason', async () => {
    const res = await platform.post('/api/onboarding', signup({ slug: 'admin' }));
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).errors.slug).toBe('"admin" is reserved');
  });

  it('suggests a free slug and refuses a taken slug or owner e-mail with 409', async () => {
    const first = await onboard({ company_name: "Joe's Plumbing & Heating" });
    expect(first.slug).toBe('joes-plumbing-heating');
    const suggestion = (await (await fetch(`${platform.api.url}/api/onboarding/slug?name=${encodeURIComponent("Joe's Plumbing & Heating")}`)).json()) as any;
    expect(suggestion.slug).toBe('joes-plumbing-heating-2');

    const taken = await platform.post('/api/onboarding', signup({ slug: 'joes-plumbing-heating' }));
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as any).errors).toEqual({ slug: 'is already taken' });

    const email = (await owner('tenants').where({ id: first.id }).first()).owner_email;
    const sameOwner = await platform.post('/api/onboarding', signup({ owner_email: email.toUpperCase() }));
    expect(sameOwner.status).toBe(409);
    expect(((await sameOwner.json()) as any).errors).toEqual({ owner_email: 'already has a tenant' });
  });

  it('refuses invalid transitions with the reason the workflow gives', async () => {
    const tenant = await onboard();
    const cases: Array<[string, unknown, string]> = [
      ['activate', {}, 'Provision a phone number before activating.'],
      ['extend-trial', { days: 7 }, 'Only a tenant that is on trial can have its trial extended; this one is pending.'],
      ['suspend', { reason: 'test' }, 'Only a tenant that is on trial, active or past due can be suspended; this one is pending.'],
      ['reactivate', {}, 'Only a tenant that is suspended or cancelled can be reactivated; this one is pending.'],
      ['change-plan', { tier: 'starter' }, 'the plan is already starter'],
    ];
    for (const [name, body, reason] of cases) {
      const res = await act(tenant.id, name, body);
      expect({ name, status: res.status }).toEqual({ name, status: 409 });
      expect(((await res.json()) as any).detail).toBe(reason);
    }
    // The state query gives the same reasons beforehand, for the console to show beside each action.
    const state = (await (await platform.admin(`/api/admin/tenants/${tenant.id}/workflow`)).json()) as any;
    expect(state.refusedActions).toMatchObject({ activate: cases[0]![2], extendTrial: cases[1]![2], suspend: cases[2]![2], reactivate: cases[3]![2] });
    expect(Object.keys(state.refusedActions)).not.toContain('cancel');
    // Refused updates never enter the workflow's history or the audit log.
    expect(await owner('audit_log').where({ tenant_id: tenant.id }).pluck('action')).toEqual(['tenant.created']);
  });

  it('validates action bodies before asking the workflow', async () => {
    const tenant = await onboard();
    const res = await act(tenant.id, 'provision-number', { areaCode: '12' });
    expect(res.status).toBe(422);
    expect(((await res.json()) as any).errors).toEqual({ areaCode: 'expected a 3-digit US area code' });
    expect((await act(tenant.id, 'teleport')).status).toBe(404);
    expect((await act('not-a-uuid', 'activate')).status).toBe(404);
  });

  it('changes the plan of a tenant not billed yet: the new plan and its price at once', async () => {
    const tenant = await onboard();
    const res = await act(tenant.id, 'change-plan', { tier: 'premium' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ plan: 'premium', billingPlan: 'premium' });
    expect(await owner('tenants').where({ id: tenant.id }).first()).toMatchObject({ plan_tier: 'premium', billing_plan_tier: 'premium' });
  });

  it('changes the plan of a billed tenant: an upgrade at once (the rest of the period invoiced), a downgrade from the next cycle', async () => {
    const tenant = await onboard();
    expect((await act(tenant.id, 'provision-number', { areaCode })).status).toBe(200);
    // Billed by bank transfer: no card to charge, the invoices wait for the transfer.
    expect((await act(tenant.id, 'confirm-billing')).status).toBe(200);
    expect((await act(tenant.id, 'activate', { skipTrial: true })).status).toBe(200);
    const usage = async () => {
      const listed = await platform.admin(`/api/admin/tenants?filter=${encodeURIComponent(JSON.stringify({ id: [tenant.id] }))}`);
      return ((await listed.json()) as any[])[0].usage;
    };
    expect(await usage()).toMatchObject({ included: PLANS.starter.callsPerMonth });

    const up = await act(tenant.id, 'change-plan', { tier: 'premium' });
    expect(up.status).toBe(200);
    const upgraded = (await up.json()) as any;
    expect({ plan: upgraded.plan, billingPlan: upgraded.billingPlan, status: upgraded.status }).toEqual({ plan: 'premium', billingPlan: 'premium', status: 'active' });
    expect(await usage()).toMatchObject({ included: PLANS.premium.callsPerMonth });
    expect(await owner('invoices').where({ tenant_id: tenant.id, kind: 'proration' }).pluck('status')).toEqual(['open']);

    const down = await act(tenant.id, 'change-plan', { tier: 'starter' });
    expect(down.status).toBe(200);
    expect((await down.json()) as any).toMatchObject({ plan: 'premium', billing: { scheduledPlan: 'starter' } });
    // The next cycle (BILLING_CYCLE is seconds long here) brings the downgrade: its limit and its price.
    await eventually(
      async () => {
        const row = await owner('tenants').where({ id: tenant.id }).first();
        return row.plan_tier === 'starter' && row.billing_plan_tier === 'starter' && row.scheduled_plan_tier === null;
      },
      20_000,
      'the next cycle to bring the starter plan',
    );
    expect(await usage()).toMatchObject({ included: PLANS.starter.callsPerMonth });
  });

  it('deletes a pending tenant; its workflow ends and later actions say so', async () => {
    const tenant = await onboard();
    const deleted = await act(tenant.id, 'delete');
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({ status: 'deleted', allowedActions: [] });
    const after = await act(tenant.id, 'cancel', { reason: 'again' });
    expect(after.status).toBe(409);
    expect((await owner('tenants').where({ id: tenant.id }).first()).deleted_at).not.toBeNull();
  });

  it("names why, when and by whom a suspended tenant was suspended, and what reactivating it needs", async () => {
    const tenant = await onboard();
    expect((await act(tenant.id, 'provision-number', { areaCode })).status).toBe(200);
    expect((await act(tenant.id, 'activate')).status).toBe(200);
    expect((await act(tenant.id, 'suspend', { reason: 'Card declined three times' })).status).toBe(200);
    const record = (await (await platform.admin(`/api/admin/tenants/${tenant.id}`)).json()) as any;
    expect(record.status_change).toEqual({
      status: 'suspended',
      reason: 'Card declined three times',
      at: expect.any(String),
      by: { type: 'operator', name: 'Test Operator', email: 'operator@kestrel.test' },
    });
    expect(Date.parse(record.status_change.at)).toBeGreaterThanOrEqual(Date.parse(record.activated_at));
    const state = (await (await platform.admin(`/api/admin/tenants/${tenant.id}/workflow`)).json()) as any;
    expect(state.refusedActions.reactivate).toBe('Confirm billing before reactivating.');
  });

  it('lists tenants in the ra-data-simple-rest dialect, and serves the stats', async () => {
    const tenant = await onboard({ company_name: 'Zebra Electric Listing', industry: 'electrical' });
    const res = await platform.admin(
      `/api/admin/tenants?${new URLSearchParams({ sort: '["company_name","ASC"]', range: '[0,9]', filter: JSON.stringify({ q: 'zebra electric', industry: 'electrical' }) })}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('tenants 0-0/1');
    expect(((await res.json()) as any[]).map((t) => t.id)).toEqual([tenant.id]);

    const many = await platform.admin(`/api/admin/tenants?filter=${encodeURIComponent(JSON.stringify({ id: [tenant.id] }))}`);
    expect(((await many.json()) as any[]).length).toBe(1);

    const bad = await platform.admin('/api/admin/tenants?sort=["password","ASC"]');
    expect(bad.status).toBe(422);

    const stats = (await (await platform.admin('/api/admin/stats')).json()) as any;
    expect(stats.tenants.by_status.pending).toBeGreaterThanOrEqual(1);
    expect(stats).toHaveProperty('mrr_cents');
  });

  it('keeps the admin API closed without the operator token', async () => {
    const none = await fetch(`${platform.api.url}/api/admin/tenants`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(`${platform.api.url}/api/admin/tenants`, { headers: { Authorization: `Bearer ${OPERATOR_TOKEN}x` } });
    expect(wrong.status).toBe(401);
  });
});
