import Stripe from 'stripe';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { expectResponsesMatchSpecs } from './support/provider-specs';
import { sandboxCall, stripeClient } from './support/sandbox-clients';

let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, stripeWebhookRetryMs: 100 });
  stripe = stripeClient(sandbox);
});

afterAll(async () => {
  await sandbox.close();
});

/** A customer with a saved card, the way Kestrel gets one (test PaymentMethod ids attach a new card, as in Stripe's test mode). */
async function customerWithCard(testMethod: string, email = 'owner@acme-heating.example') {
  const customer = await stripe.customers.create({ email, name: 'Acme Heating', metadata: { tenant_id: 'tenant-1' } });
  const card = await stripe.paymentMethods.attach(testMethod, { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
  return { customer, card };
}

async function invoiceFor(customer: string, amount: number, options: Partial<Stripe.InvoiceCreateParams> = {}) {
  await stripe.invoiceItems.create({ customer, amount, currency: 'usd', description: 'Professional plan, June', metadata: { period: '2026-06' } });
  return stripe.invoices.create({ customer, pending_invoice_items_behavior: 'include', ...options });
}

describe('Stripe customers through the stripe SDK', () => {
  it('creates, updates, finds by email and deletes a customer', async () => {
    const created = await stripe.customers.create({ email: 'dana@plumbing.example', name: 'Dana Plumbing', description: 'tenant', metadata: { tenant_id: 't-42' } });
    expect(created).toMatchObject({ object: 'customer', email: 'dana@plumbing.example', livemode: false, metadata: { tenant_id: 't-42' } });
    expect(created.id).toMatch(/^cus_/);

    const updated = await stripe.customers.update(created.id, { name: 'Dana Plumbing LLC', metadata: { plan: 'starter', tenant_id: '' } });
    expect(updated.name).toBe('Dana Plumbing LLC');
    expect(updated.metadata).toEqual({ plan: 'starter' });

    const found = await stripe.customers.list({ email: 'dana@plumbing.example' });
    expect(found.data.map((c) => c.id)).toEqual([created.id]);

    await stripe.customers.del(created.id);
    expect(await stripe.customers.retrieve(created.id)).toMatchObject({ id: created.id, deleted: true });
  });

  it('refuses a default payment method that is not attached to the customer', async () => {
    const customer = await stripe.customers.create({ email: 'x@example.com' });
    const other = await stripe.customers.create({ email: 'y@example.com' });
    const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: other.id });
    await expect(stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } })).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
  });

  it('answers unknown ids with resource_missing and unknown parameters with a 400', async () => {
    await expect(stripe.customers.retrieve('cus_nope')).rejects.toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 404, code: 'resource_missing' });
    await expect(stripe.customers.create({ emial: 'typo@example.com' } as never)).rejects.toMatchObject({ statusCode: 400, param: 'emial' });
  });

  it('refuses any other API key with a 401', async () => {
    await expect(stripeClient(sandbox, 'sk_test_someone_else').customers.list()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });
});

describe('payment methods', () => {
  it('lists, detaches and clears the default of a detached card', async () => {
    const { customer, card } = await customerWithCard('pm_card_mastercard', 'pm@example.com');
    expect(card).toMatchObject({ type: 'card', customer: customer.id, card: { brand: 'mastercard', last4: '4444', country: 'US' } });
    expect((await stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data.map((m) => m.id)).toEqual([card.id]);
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((m) => m.id)).toEqual([card.id]);

    const detached = await stripe.paymentMethods.detach(card.id);
    expect(detached.customer).toBeNull();
    const after = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(after.invoice_settings.default_payment_method).toBeNull();
  });
});

describe('invoices', () => {
  it('collects pending items into an invoice, finalizes it with a number and pays it with the default card', async () => {
    const { customer, card } = await customerWithCard('pm_card_visa', 'paid@example.com');
    await stripe.invoiceItems.create({
      customer: customer.id,
      unit_amount_decimal: Stripe.Decimal.from('150'),
      quantity: 3,
      currency: 'usd',
      description: 'Calls over the plan',
      period: { start: 1_780_000_000, end: 1_782_592_000 },
      metadata: { kind: 'overage' },
    });
    const draft = await invoiceFor(customer.id, 149_700, { metadata: { tenant_id: 'tenant-1' }, auto_advance: false });
    expect(draft).toMatchObject({ status: 'draft', subtotal: 150_150, total: 150_150, amount_due: 150_150, currency: 'usd', number: null });
    expect(draft.lines.data).toEqual([
      expect.objectContaining({ amount: 450, quantity: 3, description: 'Calls over the plan', metadata: { kind: 'overage' }, period: { start: 1_780_000_000, end: 1_782_592_000 } }),
      expect.objectContaining({ amount: 149_700, quantity: 1, description: 'Professional plan, June', metadata: { period: '2026-06' } }),
    ]);

    const open = await stripe.invoices.finalizeInvoice(draft.id);
    expect(open.status).toBe('open');
    expect(open.number).toMatch(/^[A-Z0-9]{8}-0001$/);
    expect(open.hosted_invoice_url).toBe(`${sandbox.url}/sandbox/stripe/invoices/${draft.id}`);
    const pdf = await fetch(open.invoice_pdf!);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await pdf.text()).startsWith('%PDF-1.4')).toBe(true);

    const paid = await stripe.invoices.pay(draft.id);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 150_150, amount_remaining: 0, attempt_count: 1, attempted: true });
    expect(paid.status_transitions.paid_at).toEqual(expect.any(Number));

    const payment = paid.payments!.data[0]!;
    const intent = await stripe.paymentIntents.retrieve(payment.payment.payment_intent as string, { expand: ['latest_charge'] });
    expect(intent).toMatchObject({ status: 'succeeded', amount: 150_150, payment_method: card.id });
    expect(intent.latest_charge).toMatchObject({ object: 'charge', status: 'succeeded', paid: true, amount: 150_150 });
    expect((await stripe.charges.list({ customer: customer.id })).data).toHaveLength(1);

    const second = await invoiceFor(customer.id, 99_700);
    expect((await stripe.invoices.finalizeInvoice(second.id)).number).toMatch(/-0002$/);
  });

  it('answers a charge that fails with 402 card_declined and leaves the invoice open', async () => {
    const { customer } = await customerWithCard('pm_card_chargeCustomerFail', 'declined@example.com');
    const invoice = await invoiceFor(customer.id, 99_700);
    await stripe.invoices.finalizeInvoice(invoice.id);

    const failure = await stripe.invoices.pay(invoice.id).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(failure).toMatchObject({ statusCode: 402, code: 'card_declined', decline_code: 'generic_decline', message: expect.stringContaining('Your card was declined.') });

    const after = await stripe.invoices.retrieve(invoice.id);
    expect(after).toMatchObject({ status: 'open', attempt_count: 1, attempted: true, amount_paid: 0, last_finalization_error: null });
    const intent = await stripe.paymentIntents.retrieve(after.payments!.data[0]!.payment.payment_intent as string);
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.last_payment_error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });

    const insufficient = await stripe.paymentMethods.attach('pm_card_visa_chargeDeclinedInsufficientFunds', { customer: customer.id });
    await expect(stripe.invoices.pay(invoice.id, { payment_method: insufficient.id })).rejects.toMatchObject({
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: expect.stringContaining('Your card has insufficient funds.'),
    });
    expect((await stripe.invoices.retrieve(invoice.id)).attempt_count).toBe(2);

    const outOfBand = await stripe.invoices.pay(invoice.id, { paid_out_of_band: true });
    expect(outOfBand).toMatchObject({ status: 'paid', amount_paid: 99_700, amount_remaining: 0 });
  });

  it('refuses to charge a customer without a default payment method', async () => {
    const customer = await stripe.customers.create({ email: 'nocard@example.com' });
    const invoice = await invoiceFor(customer.id, 1_000);
    await expect(stripe.invoices.pay(invoice.id)).rejects.toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400, message: expect.stringMatching(/no attached payment source or default payment method/) });
  });

  it('leaves pending items alone unless told to include them, and pays a zero invoice at finalization', async () => {
    const customer = await stripe.customers.create({ email: 'zero@example.com' });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'usd' });
    const empty = await stripe.invoices.create({ customer: customer.id });
    expect(empty.lines.data).toEqual([]);
    const finalized = await stripe.invoices.finalizeInvoice(empty.id);
    expect(finalized.status).toBe('paid');
    expect((await stripe.invoiceItems.list({ customer: customer.id, pending: true })).data).toHaveLength(1);
  });

  it('sends an invoice with a due date, voids one and marks another uncollectible', async () => {
    const customer = await stripe.customers.create({ email: 'send@example.com', invoice_prefix: 'KSTRL' });
    const sent = await invoiceFor(customer.id, 2_500, { collection_method: 'send_invoice', days_until_due: 14 });
    const open = await stripe.invoices.finalizeInvoice(sent.id);
    expect(open.number).toBe('KSTRL-0001');
    expect(open.due_date! - open.status_transitions.finalized_at!).toBe(14 * 86_400);
    expect((await stripe.invoices.voidInvoice(sent.id)).status).toBe('void');

    const other = await invoiceFor(customer.id, 2_500, { collection_method: 'send_invoice', days_until_due: 7 });
    await stripe.invoices.finalizeInvoice(other.id);
    expect((await stripe.invoices.markUncollectible(other.id)).status).toBe('uncollectible');
    await expect(stripe.invoices.voidInvoice(sent.id)).rejects.toMatchObject({ statusCode: 400 });

    const listed = await stripe.invoices.list({ customer: customer.id, status: 'uncollectible' });
    expect(listed.data.map((i) => i.id)).toEqual([other.id]);
    const page = await stripe.invoices.list({ customer: customer.id, limit: 1 });
    expect(page).toMatchObject({ has_more: true, data: [{ id: other.id }] });
    expect((await stripe.invoices.list({ customer: customer.id, limit: 1, starting_after: other.id })).data.map((i) => i.id)).toEqual([sent.id]);
  });

  it('adds an item to a draft invoice given by id', async () => {
    const customer = await stripe.customers.create({ email: 'draft@example.com' });
    const draft = await stripe.invoices.create({ customer: customer.id });
    await stripe.invoiceItems.create({ customer: customer.id, invoice: draft.id, amount: 1_234, currency: 'usd', description: 'Setup fee' });
    const after = await stripe.invoices.retrieve(draft.id);
    expect(after).toMatchObject({ total: 1_234, lines: { data: [expect.objectContaining({ description: 'Setup fee', amount: 1_234 })] } });
  });
});

describe('idempotency keys', () => {
  it('does a POST once per key and refuses the key with other parameters', async () => {
    const customer = await stripe.customers.create({ email: 'idem@example.com' });
    const item = { customer: customer.id, amount: 700, currency: 'usd', description: 'Once' };
    const first = await stripe.invoiceItems.create(item, { idempotencyKey: 'bill/tenant-1/2026-06/1' });
    const again = await stripe.invoiceItems.create(item, { idempotencyKey: 'bill/tenant-1/2026-06/1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await stripe.invoiceItems.list({ customer: customer.id })).data).toHaveLength(1);

    const reused = await stripe.invoiceItems.create({ ...item, amount: 800 }, { idempotencyKey: 'bill/tenant-1/2026-06/1' }).catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(reused).toMatchObject({ statusCode: 400, type: 'StripeIdempotencyError' });
  });

  it('replays a declined payment instead of charging again', async () => {
    const { customer } = await customerWithCard('pm_card_chargeCustomerFail', 'replay@example.com');
    const invoice = await invoiceFor(customer.id, 5_000);
    await expect(stripe.invoices.pay(invoice.id, {}, { idempotencyKey: 'pay-once' })).rejects.toMatchObject({ statusCode: 402 });
    await expect(stripe.invoices.pay(invoice.id, {}, { idempotencyKey: 'pay-once' })).rejects.toMatchObject({ statusCode: 402 });
    expect((await stripe.invoices.retrieve(invoice.id)).attempt_count).toBe(1);
  });
});

describe('refunds', () => {
  it('refunds part of a charge, then the rest, and refuses more', async () => {
    const { customer } = await customerWithCard('pm_card_visa', 'refund@example.com');
    const invoice = await invoiceFor(customer.id, 10_000);
    const paid = await stripe.invoices.pay(invoice.id);
    const intent = await stripe.paymentIntents.retrieve(paid.payments!.data[0]!.payment.payment_intent as string);

    const partial = await stripe.refunds.create({ payment_intent: intent.id, amount: 2_500 });
    expect(partial).toMatchObject({ object: 'refund', status: 'succeeded', amount: 2_500, charge: intent.latest_charge });
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({ amount_refunded: 2_500, refunded: false });

    await stripe.refunds.create({ charge: intent.latest_charge as string });
    expect(await stripe.charges.retrieve(intent.latest_charge as string)).toMatchObject({ amount_refunded: 10_000, refunded: true });
    expect((await stripe.refunds.retrieve(partial.id)).amount).toBe(2_500);
    await expect(stripe.refunds.create({ charge: intent.latest_charge as string, amount: 1 })).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('events', () => {
  it('records what happened, filterable by type, with the object as it was', async () => {
    const { customer } = await customerWithCard('pm_card_visa', 'events@example.com');
    const invoice = await invoiceFor(customer.id, 3_000);
    await stripe.invoices.finalizeInvoice(invoice.id);
    await stripe.invoices.pay(invoice.id);

    const finalized = (await stripe.events.list({ type: 'invoice.finalized', limit: 100 })).data.find((e) => (e.data.object as Stripe.Invoice).id === invoice.id)!;
    expect(finalized).toMatchObject({ object: 'event', livemode: false, api_version: expect.any(String), data: { object: { status: 'open' }, previous_attributes: { status: 'draft' } } });
    expect(finalized.request).toMatchObject({ id: expect.stringMatching(/^req_/) });
    const paid = (await stripe.events.list({ type: 'invoice.*', limit: 100 })).data.filter((e) => (e.data.object as Stripe.Invoice).id === invoice.id).map((e) => e.type);
    expect(paid).toEqual(['invoice.payment_succeeded', 'invoice.paid', 'invoice.finalized', 'invoice.created']);
    expect((await stripe.events.retrieve(finalized.id)).id).toBe(finalized.id);
  });
});

describe('faults', () => {
  it('fails a Stripe operation in its error shape, which the SDK raises as an API error', async () => {
    expect((await sandboxCall(sandbox, 'POST', '/sandbox/faults', { provider: 'stripe', operation: 'PostCustomers', status: 500 })).status).toBe(201);
    await expect(stripe.customers.create({ email: 'fault@example.com' })).rejects.toBeInstanceOf(Stripe.errors.StripeAPIError);
    await expect(stripe.customers.create({ email: 'fault@example.com' })).resolves.toMatchObject({ email: 'fault@example.com' });
  });
});

describe("Stripe's OpenAPI document", () => {
  it('matches every response the sandbox served', () => {
    const results = expectResponsesMatchSpecs(sandbox.recordedResponses());
    expect(results.filter((r) => r.response.status >= 400).map((r) => r.schemaSource)).not.toContain('documented error shape');
    expect([...new Set(results.map((r) => r.operation))]).toEqual(
      expect.arrayContaining([
        'POST /v1/customers',
        'GET /v1/customers/{customer}',
        'POST /v1/payment_methods/{payment_method}/attach',
        'POST /v1/invoiceitems',
        'POST /v1/invoices',
        'POST /v1/invoices/{invoice}/finalize',
        'POST /v1/invoices/{invoice}/pay',
        'POST /v1/invoices/{invoice}/void',
        'POST /v1/refunds',
        'GET /v1/events',
      ]),
    );
  });
});
