import { stripeClient } from '../../providers/stripe';
import { caller, signUpOwner } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { operator } from '../calls/support';
import { addCard, CARDS } from '../support/billing';
import { spawnEntry, type Spawned } from '../support/process';
import { eventually, OPERATOR_TOKEN, startTestPlatform, type TestPlatform } from '../support/platform';
import { PLANS } from '../../domain/plans';

/**
 * The worker is killed outright while Stripe is charging a card (the charge's request in
 * flight): a new worker takes the step up again, with the same idempotency key, and the
 * card is charged once. Workers here are processes of their own.
 */
describe('billing with a worker killed mid-charge', () => {
  const areaCode = claimAreaCode();
  let platform: TestPlatform;
  let worker: Spawned | undefined;

  const startWorkerProcess = async () => {
    const spawned = spawnEntry('worker/main.ts', { ...platform.env, LOG_LEVEL: 'info' });
    await spawned.waitFor(/worker running/, 90_000);
    return spawned;
  };

  beforeAll(async () => {
    platform = await startTestPlatform({ calls: true, inProcessWorker: false, env: { TRIAL_DURATION: '1h', BILLING_CYCLE: '1h' } });
    worker = await startWorkerProcess();
  }, 120_000);
  afterAll(async () => {
    worker?.child.kill('SIGTERM');
    await worker?.exited;
    await platform?.close();
  });

  it('charges the first period once', async () => {
    const api = caller(platform.apiUrl);
    const owner = await signUpOwner(platform);
    await operator(platform, `/api/admin/tenants/${owner.tenantId}/actions/provision-number`, { areaCode });
    await operator(platform, `/api/admin/tenants/${owner.tenantId}/actions/activate`, {});
    await addCard(platform.apiUrl, owner.token, CARDS.good);
    await eventually(async () => (await operator(platform, `/api/admin/tenants/${owner.tenantId}/billing`)).payment_method, 30_000, 'the card on file');

    // Stripe holds the charge's request: the worker is killed while it waits for the answer.
    const sandbox = (path: string, body?: unknown) =>
      fetch(`${platform.sandbox.url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await sandbox('/sandbox/faults', { provider: 'stripe', operation: 'PostInvoicesInvoicePay', count: 1, hangMs: 5_000 })).status).toBe(201);
    const ending = api(`/api/admin/tenants/${owner.tenantId}/actions/end-trial`, { token: OPERATOR_TOKEN, body: {} });
    await eventually(async () => ((await (await sandbox('/sandbox/faults')).json()) as { faults: unknown[] }).faults.length === 0, 30_000, 'the charge in flight');
    worker!.child.kill('SIGKILL');
    await worker!.exited;
    expect([200, 202]).toContain((await ending).status);

    worker = await startWorkerProcess();
    await eventually(async () => (await operator(platform, `/api/admin/tenants/${owner.tenantId}/workflow`)).status === 'active', 90_000, 'the tenant active');

    const customer = (await operator(platform, `/api/admin/tenants/${owner.tenantId}/billing`)).customer_id;
    const charges = await stripeClient(platform.config).charges.list({ customer });
    expect(charges.data.map((c) => [c.amount, c.status])).toEqual([[PLANS.starter.priceCents, 'succeeded']]);
    const billing = await operator(platform, `/api/admin/tenants/${owner.tenantId}/billing`);
    expect(billing.invoices.map((i: { status: string; amount_paid_cents: number }) => [i.status, i.amount_paid_cents])).toEqual([['paid', PLANS.starter.priceCents]]);
    expect(billing.payment_attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['succeeded']);
  }, 240_000);
});
