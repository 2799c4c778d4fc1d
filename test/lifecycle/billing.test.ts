import Stripe from 'stripe';
import { PLANS } from '../../domain/plans';
import { stripeClient } from '../../providers/stripe';
import { SANDBOX_STRIPE_SECRET_KEY, SANDBOX_STRIPE_WEBHOOK_SECRET } from '../../sandbox/stripe/account';
import { caller, json, mailbox, signUpOwner, type Owner } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { keepHistory } from '../support/histories';
import { addCard, billingOf, CARDS, payHostedInvoice } from '../support/billing';
import { eventually, OPERATOR_TOKEN, startTestPlatform, type Platform } from '../support/platform';
import { ALWAYS_OPEN } from '../calls/support';

/**
 * Billing on Stripe (the sandbox's), driven by the lifecycle workflow: the owner adds a
 * card on Stripe's hosted page, the trial's end bills the first period, a failing card
 * goes past due with reminders and then suspension, a payment puts it right.
 */
describe('billing on Stripe', () => {
  const areaCode = claimAreaCode();
  let platform: Platform;
  let api: ReturnType<typeof caller>;

  beforeAll(async () => {
    platform = await startTestPlatform({
      calls: true,
      // Trials end by the operator's end-trial; cycles are long enough not to turn during a test.
      env: { TRIAL_DURATION: '1h', BILLING_CYCLE: '1h', BILLING_GRACE: '9s', BILLING_REMINDERS: '2s,4s,6s' },
    });
    api = caller(platform.apiUrl);
  });
  afterAll(async () => {
    await platform?.close();
  });

  const operator = async (path: string, body?: unknown) => json(await api(path, { token: OPERATOR_TOKEN, ...(body === undefined ? {} : { body }) }), 200);
  const state = (tenantId: string) => operator(`/api/admin/tenants/${tenantId}/workflow`);
  const statusIs = (tenantId: string, status: string) => eventually(async () => (await state(tenantId)).status === status, 30_000, `status ${status}`);

  /** A company signed up, given a number and on trial; its owner signed in. */
  async function companyOnTrial(): Promise<Owner> {
    const owner = await signUpOwner(platform);
    await operator(`/api/admin/tenants/${owner.tenantId}/actions/provision-number`, { areaCode });
    await operator(`/api/admin/tenants/${owner.tenantId}/actions/activate`, {});
    return owner;
  }

  /** The card reaches Kestrel through Stripe's webhook (checkout.session.completed → the workflow). */
  async function withCard(owner: Owner, card: string): Promise<void> {
    const { returnedTo } = await addCard(platform.apiUrl, owner.token, card);
    expect(returnedTo).toBe(`${platform.apiUrl}/admin/my-billing?card=saved`);
    // Watched through the operator's view: the tenant API's rate limit is for people, not for polling.
    await eventually(async () => (await operator(`/api/admin/tenants/${owner.tenantId}/billing`)).payment_method?.last4 === card.replaceAll(' ', '').slice(-4), 20_000, 'the card on file');
  }

  it('bills the first period with a good card at the trial end: active, one paid invoice of the plan price', async () => {
    const owner = await companyOnTrial();
    await withCard(owner, CARDS.good);
    expect((await billingOf(api, owner.token).billing()).payment_method).toMatchObject({ brand: 'visa', last4: '4242' });

    const ended = await operator(`/api/admin/tenants/${owner.tenantId}/actions/end-trial`, {});
    expect(ended.status).toBe('active');

    const invoices = await billingOf(api, owner.token).invoices();
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ status: 'paid', kind: 'period', total_cents: PLANS.starter.priceCents, amount_paid_cents: PLANS.starter.priceCents, currency: 'usd' });
    expect(invoices[0].lines).toEqual([expect.objectContaining({ amount_cents: PLANS.starter.priceCents, description: expect.stringMatching(/^Starter plan/) })]);
    expect(invoices[0].hosted_invoice_url).toMatch(/^http/);
    expect(invoices[0].number).toBeTruthy();

    const billing = await billingOf(api, owner.token).billing();
    expect(billing).toMatchObject({ status: 'active', dunning: null, plan: { tier: 'starter', price_cents: PLANS.starter.priceCents } });
    expect(billing.next_bill).toMatchObject({ amount_cents: PLANS.starter.priceCents, currency: 'usd' });
  });

  it('declines a card with insufficient funds on the hosted page, in words, and keeps no card', async () => {
    const owner = await companyOnTrial();
    const { returnedTo, page } = await addCard(platform.apiUrl, owner.token, CARDS.insufficientFunds);
    expect(returnedTo).toBeNull();
    expect(page).toContain('Your card has insufficient funds.');
    expect((await billingOf(api, owner.token).billing()).payment_method).toBeNull();
  });

  it('a failing card: past due, three reminders at their times, then suspended', async () => {
    const owner = await companyOnTrial();
    await withCard(owner, CARDS.declinesCharges);
    const ended = await operator(`/api/admin/tenants/${owner.tenantId}/actions/end-trial`, {});
    expect(ended.status).toBe('past_due');
    const billing = await billingOf(api, owner.token).billing();
    expect(billing.dunning).toMatchObject({ reason: 'The card was declined.', suspended: false });
    const [invoice] = await billingOf(api, owner.token).invoices();
    expect(invoice).toMatchObject({ status: 'open', last_payment_error: 'The card was declined.', amount_due_cents: PLANS.starter.priceCents });

    await statusIs(owner.tenantId, 'suspended');
    // The suspension's e-mail is sent after the status is written: wait for it as the owner would.
    const mail = await eventually(async () => {
      const received = (await mailbox(platform, owner.email)).reverse(); // oldest first
      return received.some((m) => /^Kestrel is suspended/.test(m.subject)) && received;
    }, 20_000, 'the suspension e-mail');
    const subjects = mail.map((m) => m.subject).filter((s) => /payment|overdue|suspended/i.test(s));
    expect(subjects).toEqual([
      expect.stringMatching(/^Payment failed/),
      expect.stringMatching(/^Reminder 1 of 3: \$997\.00 is overdue/),
      expect.stringMatching(/^Reminder 2 of 3/),
      expect.stringMatching(/^Reminder 3 of 3/),
      expect.stringMatching(/^Kestrel is suspended for .*: \$997\.00 unpaid/),
    ]);
    const reminder = mail.find((m) => /^Reminder 1/.test(m.subject))!;
    expect(reminder.text).toContain('The card was declined.');
    expect(reminder.text).toContain(invoice.hosted_invoice_url);

    // Each reminder came after its offset from the failure (2 s, 4 s, 6 s), and tried the card again.
    const since = Date.parse(billing.dunning.since);
    const sent = await platform.owner('notifications').where({ tenant_id: owner.tenantId, template: 'payment_reminder' }).orderBy('created_at').pluck('created_at');
    expect(sent.map((at: Date) => at.getTime() - since >= 0)).toEqual([true, true, true]);
    [2000, 4000, 6000].forEach((offset, i) => expect(sent[i].getTime() - since).toBeGreaterThanOrEqual(offset - 50));
    const attempts = await operator(`/api/admin/tenants/${owner.tenantId}/billing`);
    expect(attempts.payment_attempts.filter((a: any) => a.outcome === 'failed').length).toBeGreaterThanOrEqual(4);
    expect((await billingOf(api, owner.token).billing()).dunning).toMatchObject({ suspended: true });
    // The dunning's history, for the determinism test (test/fixtures/histories).
    keepHistory('tenantLifecycle-3', await platform.temporal.workflow.getHandle(`tenant-${owner.tenantId}`).fetchHistory());
  });

  it('paying during the grace makes the tenant active again and stops the reminders', async () => {
    const owner = await companyOnTrial();
    await withCard(owner, CARDS.declinesCharges);
    expect((await operator(`/api/admin/tenants/${owner.tenantId}/actions/end-trial`, {})).status).toBe('past_due');
    const [invoice] = await billingOf(api, owner.token).invoices();

    // The owner follows the invoice link and pays it with another card.
    expect(await payHostedInvoice(invoice.hosted_invoice_url, CARDS.good)).toMatch(/paid/i);
    await statusIs(owner.tenantId, 'active');
    const afterPayment = (await mailbox(platform, owner.email)).filter((m) => /^Reminder/.test(m.subject)).length;

    await new Promise((resolve) => setTimeout(resolve, 8_000)); // past every reminder and the grace
    expect((await state(owner.tenantId)).status).toBe('active');
    expect((await mailbox(platform, owner.email)).filter((m) => /^Reminder/.test(m.subject)).length).toBe(afterPayment);
    expect(await billingOf(api, owner.token).invoices()).toEqual([expect.objectContaining({ status: 'paid', amount_paid_cents: PLANS.starter.priceCents })]);
    expect((await billingOf(api, owner.token).billing()).dunning).toBeNull();
  });

  it('an upgrade mid-period invoices the prorated difference once', async () => {
    const owner = await companyOnTrial();
    await withCard(owner, CARDS.good);
    expect((await operator(`/api/admin/tenants/${owner.tenantId}/actions/end-trial`, {})).status).toBe('active');

    const preview = await json(await api('/api/v1/billing/plan-change?tier=professional', { token: owner.token }), 200);
    expect(preview).toMatchObject({ direction: 'upgrade', from: { tier: 'starter' }, to: { tier: 'professional' } });
    const difference = PLANS.professional.priceCents! - PLANS.starter.priceCents!;
    expect(preview.charge_now_cents).toBeGreaterThan(difference * 0.95);
    expect(preview.charge_now_cents).toBeLessThanOrEqual(difference);

    const after = await json(await api('/api/v1/billing/plan', { token: owner.token, body: { tier: 'professional' } }), 200);
    expect(after.plan).toMatchObject({ tier: 'professional', calls_included: PLANS.professional.callsPerMonth });
    const again = await api('/api/v1/billing/plan', { token: owner.token, body: { tier: 'professional' } });
    expect(again.status).toBe(409);

    const prorations = (await billingOf(api, owner.token).invoices()).filter((i) => i.kind === 'proration');
    expect(prorations).toHaveLength(1);
    expect(prorations[0]).toMatchObject({ status: 'paid' });
    expect(prorations[0].total_cents).toBeGreaterThan(difference * 0.95);
    expect(prorations[0].total_cents).toBeLessThanOrEqual(preview.charge_now_cents);
    expect(prorations[0].lines).toHaveLength(1);

    // A downgrade waits for the next period and charges nothing now.
    const down = await json(await api('/api/v1/billing/plan', { token: owner.token, body: { tier: 'starter' } }), 200);
    expect(down.plan.tier).toBe('professional');
    expect(down.scheduled_plan).toMatchObject({ tier: 'starter' });
    expect((await billingOf(api, owner.token).invoices()).length).toBe(2);
  });

  it('a forged event and a redelivered one change nothing', async () => {
    const owner = await companyOnTrial();
    await withCard(owner, CARDS.good);
    expect((await operator(`/api/admin/tenants/${owner.tenantId}/actions/end-trial`, {})).status).toBe('active');
    const audit = () => platform.owner('audit_log').where({ tenant_id: owner.tenantId }).pluck('id');
    const before = await audit();

    const stripe = new Stripe(SANDBOX_STRIPE_SECRET_KEY);
    const customer = (await platform.owner('tenants').where({ id: owner.tenantId }).first()).stripe_customer_id;
    const event = { id: `evt_forged_${Date.now()}`, object: 'event', type: 'invoice.payment_failed', data: { object: { id: 'in_forged', object: 'invoice', customer } } };
    const body = JSON.stringify(event);
    const forged = await fetch(`${platform.apiUrl}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_not_the_secret' }) },
      body,
    });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as any).type).toBe('/docs#stripe-signature-invalid');
    const unsigned = await fetch(`${platform.apiUrl}/webhooks/stripe`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(unsigned.status).toBe(400);
    expect(await platform.owner('stripe_events').where({ id: event.id }).first()).toBeUndefined();

    // Stripe delivers the paid invoice's event again ("Resend"): filed once, nothing changes.
    const paidEvent = await eventually(
      () => platform.owner('stripe_events').where({ tenant_id: owner.tenantId, type: 'invoice.paid' }).whereNotNull('handed_over_at').first(),
      20_000,
      'the invoice.paid event',
    );
    const resent = await fetch(`${platform.sandbox.url}/sandbox/stripe/events/${paidEvent.id}/resend`, { method: 'POST' });
    expect(resent.ok).toBe(true);
    await eventually(
      async () => {
        const deliveries = (await (await fetch(`${platform.sandbox.url}/sandbox/stripe/deliveries`)).json()) as any;
        const list: any[] = Array.isArray(deliveries) ? deliveries : deliveries.deliveries ?? deliveries.data ?? [];
        return list.filter((d) => (d.event_id ?? d.eventId ?? d.event) === paidEvent.id && (d.status ?? d.response_status) === 200).length >= 2;
      },
      20_000,
      'the redelivery answered 200',
    );
    expect(await platform.owner('stripe_events').where({ id: paidEvent.id }).pluck('id')).toEqual([paidEvent.id]);
    expect(await audit()).toEqual(before);
    expect((await state(owner.tenantId)).status).toBe('active');
    expect((await billingOf(api, owner.token).invoices()).map((i) => i.status)).toEqual(['paid']);

    // The same signed event posted twice by hand: the second answer changes nothing either.
    const signedBody = JSON.stringify({ id: paidEvent.id, object: 'event', type: 'invoice.paid', data: { object: { id: 'in_any', object: 'invoice', customer } } });
    const signed = () =>
      fetch(`${platform.apiUrl}/webhooks/stripe`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripe.webhooks.generateTestHeaderString({ payload: signedBody, secret: SANDBOX_STRIPE_WEBHOOK_SECRET }) },
        body: signedBody,
      });
    expect((await signed()).status).toBe(200);
    expect((await signed()).status).toBe(200);
    expect(await audit()).toEqual(before);
  });

  it("a charge whose answer was lost is retried with the same key: charged once", async () => {
    const owner = await companyOnTrial();
    await withCard(owner, CARDS.good);
    // Stripe charges the card, and the answer never reaches Kestrel (as when a worker dies mid-request).
    const armed = await fetch(`${platform.sandbox.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ provider: 'stripe', operation: 'PostInvoicesInvoicePay', count: 1, dropAnswer: true }),
    });
    expect(armed.status).toBe(201);
    expect((await operator(`/api/admin/tenants/${owner.tenantId}/actions/end-trial`, {})).status).toBe('active');

    const stripe = stripeClient(platform.config);
    const customer = (await platform.owner('tenants').where({ id: owner.tenantId }).first()).stripe_customer_id;
    const charges = await stripe.charges.list({ customer });
    expect(charges.data.map((c) => [c.amount, c.status])).toEqual([[PLANS.starter.priceCents, 'succeeded']]);
    const billing = await operator(`/api/admin/tenants/${owner.tenantId}/billing`);
    expect(billing.payment_attempts.map((a: any) => a.outcome)).toEqual(['succeeded']);
    expect(billing.invoices.map((i: any) => [i.status, i.amount_paid_cents])).toEqual([['paid', PLANS.starter.priceCents]]);
  });
});

/** Overage is billed on the next invoice: a period with a short cycle and a one-call limit. */
describe('billing overage', () => {
  const areaCode = claimAreaCode();
  let platform: Platform;

  beforeAll(async () => {
    platform = await startTestPlatform({ calls: true, env: { TRIAL_DURATION: '1h', BILLING_CYCLE: '25s' } });
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('calls beyond the limit appear as one line on the next invoice, at the negotiated overage price', async () => {
    const api = caller(platform.apiUrl);
    const operator = async (path: string, body?: unknown, method?: string) => json(await api(path, { token: OPERATOR_TOKEN, ...(body === undefined ? {} : { body }), ...(method ? { method } : {}) }), 200);
    const owner = await signUpOwner(platform, { business_hours: ALWAYS_OPEN });
    const { phoneNumber } = await operator(`/api/admin/tenants/${owner.tenantId}/actions/provision-number`, { areaCode });
    await operator(`/api/admin/tenants/${owner.tenantId}/actions/activate`, {});
    const { returnedTo } = await addCard(platform.apiUrl, owner.token, CARDS.good);
    expect(returnedTo).toMatch(/card=saved$/);
    const operatorView = () => operator(`/api/admin/tenants/${owner.tenantId}/billing`);
    await eventually(async () => (await operatorView()).payment_method, 20_000, 'the card on file');
    expect((await operator(`/api/admin/tenants/${owner.tenantId}/actions/end-trial`, {})).status).toBe('active');

    // A contract of one call a period, $3.00 each beyond it (a super_admin's terms).
    const terms = await operator(`/api/admin/tenants/${owner.tenantId}/billing-terms`, { custom_call_limit: 1, custom_overage_cents: 300 }, 'PATCH');
    expect(terms.usage.included).toBe(1);
    const firstPeriod = terms.period;

    for (const words of [['Hello, just checking your hours', 'bye'], ['Hi again', 'bye']]) {
      const res = await fetch(`${platform.sandbox.url}/sandbox/calls`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ from: '+16175550123', to: phoneNumber, utterances: words }),
      });
      expect(res.status).toBe(201);
    }
    await eventually(async () => (await operatorView()).usage.used === 2, 20_000, 'two calls metered');

    const next = await eventually(
      async () => (await operatorView()).invoices.find((i: any) => i.kind === 'period' && i.status === 'paid' && i.period_start === new Date(firstPeriod.end).toISOString()),
      40_000,
      'the next period invoiced',
    );
    expect(next.lines).toEqual([
      expect.objectContaining({ amount_cents: PLANS.starter.priceCents, description: expect.stringMatching(/^Starter plan/) }),
      expect.objectContaining({ amount_cents: 300, quantity: 1, description: expect.stringMatching(/^1 call beyond the 1 included .* at \$3\.00 each$/) }),
    ]);
    expect(next).toMatchObject({ status: 'paid', total_cents: PLANS.starter.priceCents! + 300 });
  });
});
