import Stripe from 'stripe';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { expectResponsesMatchSpecs } from './support/provider-specs';
import { stripeClient } from './support/sandbox-clients';

let sandbox: Sandbox;
let stripe: Stripe;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, stripeWebhookRetryMs: 100 });
  stripe = stripeClient(sandbox);
});

afterAll(async () => {
  await sandbox.close();
});

/** What a person does on the hosted page: type a card and press the button. */
const submitCard = (url: string, card: Record<string, string>) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(card), redirect: 'manual' });

async function setupSession(email: string) {
  const customer = await stripe.customers.create({ email, name: 'Acme Heating' });
  const session = await stripe.checkout.sessions.create({
    mode: 'setup',
    customer: customer.id,
    currency: 'usd',
    success_url: 'https://kestrel.example/billing/done?session={CHECKOUT_SESSION_ID}',
    cancel_url: 'https://kestrel.example/billing',
    metadata: { tenant_id: 'tenant-7' },
    setup_intent_data: { metadata: { tenant_id: 'tenant-7' } },
  });
  return { customer, session };
}

describe('Checkout in setup mode, on the hosted page', () => {
  it('saves a 4242 card, completes the session and sends the customer back to success_url', async () => {
    const { customer, session } = await setupSession('checkout@example.com');
    expect(session).toMatchObject({ object: 'checkout.session', mode: 'setup', status: 'open', customer: customer.id, metadata: { tenant_id: 'tenant-7' } });
    expect(session.url).toBe(`${sandbox.url}/sandbox/stripe/checkout/${session.id}`);
    expect(session.id).toMatch(/^cs_test_/);

    const page = await fetch(session.url!);
    const html = await page.text();
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('Save a card for Acme Heating');
    expect(html).toMatch(/<input[^>]+name="card_number"/);
    expect(html).toMatch(/<button[^>]+type="submit"/);

    const submitted = await submitCard(session.url!, { card_number: '4242 4242 4242 4242', exp: '', cvc: '123' });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get('location')).toBe(`https://kestrel.example/billing/done?session=${session.id}`);

    const completed = await stripe.checkout.sessions.retrieve(session.id, { expand: ['setup_intent'] });
    expect(completed.status).toBe('complete');
    const intent = completed.setup_intent as Stripe.SetupIntent;
    expect(intent).toMatchObject({ object: 'setup_intent', status: 'succeeded', customer: customer.id, usage: 'off_session', metadata: { tenant_id: 'tenant-7' } });

    const card = await stripe.paymentMethods.retrieve(intent.payment_method as string);
    expect(card).toMatchObject({ type: 'card', customer: customer.id, card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, funding: 'credit', country: 'US' } });

    const types = (await stripe.events.list({ limit: 100 })).data.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['payment_method.attached', 'setup_intent.succeeded', 'checkout.session.completed']));

    expect(await (await fetch(session.url!)).text()).toContain('This checkout session is complete.');
  });

  it('shows a 9995 card declined for insufficient funds and keeps the session open', async () => {
    const { session } = await setupSession('nsf@example.com');
    const declined = await submitCard(session.url!, { card_number: '4000000000009995' });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card has insufficient funds.');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');

    const invalid = await submitCard(session.url!, { card_number: '1234 5678 9012 3456' });
    expect(await invalid.text()).toContain('Your card number is invalid.');
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
  });

  it('saves a 0341 card, whose charges then fail', async () => {
    const { customer, session } = await setupSession('later-decline@example.com');
    expect((await submitCard(session.url!, { card_number: '4000 0000 0000 0341', exp: '04 / 2031' })).status).toBe(303);
    const intent = await stripe.setupIntents.retrieve((await stripe.checkout.sessions.retrieve(session.id)).setup_intent as string);
    const card = await stripe.paymentMethods.retrieve(intent.payment_method as string);
    expect(card.card).toMatchObject({ last4: '0341', exp_month: 4, exp_year: 2031 });

    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 99_700, currency: 'usd', description: 'Starter plan' });
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    await expect(stripe.invoices.pay(invoice.id)).rejects.toMatchObject({ statusCode: 402, code: 'card_declined' });
  });

  it('refuses modes other than setup', async () => {
    await expect(
      stripe.checkout.sessions.create({ mode: 'payment', success_url: 'https://kestrel.example/ok', line_items: [{ price: 'price_x', quantity: 1 }] }),
    ).rejects.toMatchObject({ statusCode: 400, param: 'mode' });
  });

  it('says so when the session has expired', async () => {
    const { session } = await setupSession('expired@example.com');
    expect((await stripe.checkout.sessions.expire(session.id)).status).toBe('expired');
    expect(await (await fetch(session.url!)).text()).toContain('This checkout session has expired.');
    expect((await submitCard(session.url!, { card_number: '4242424242424242' })).status).toBe(409);
  });
});

describe('the hosted invoice page', () => {
  it('shows an open invoice, declines a failing card, then takes a good one and shows it paid', async () => {
    const customer = await stripe.customers.create({ email: 'hosted@example.com', name: 'Bright Electric' });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 149_700, currency: 'usd', description: 'Professional plan' });
    const draft = await stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30, pending_invoice_items_behavior: 'include' });
    const invoice = await stripe.invoices.finalizeInvoice(draft.id);

    const page = await (await fetch(invoice.hosted_invoice_url!)).text();
    expect(page).toContain(`Invoice ${invoice.number}`);
    expect(page).toContain('Professional plan');
    expect(page).toContain('$1,497.00');
    expect(page).toMatch(/<input[^>]+name="card_number"/);

    const declined = await submitCard(invoice.hosted_invoice_url!, { card_number: '4000000000000341' });
    expect(declined.status).toBe(402);
    expect(await declined.text()).toContain('Your card was declined.');
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'open', attempt_count: 1 });

    const paid = await submitCard(invoice.hosted_invoice_url!, { card_number: '4242424242424242', exp: '12/30' });
    expect(paid.status).toBe(200);
    expect(await paid.text()).toMatch(/<strong id="status">paid<\/strong>/);
    expect(await stripe.invoices.retrieve(invoice.id)).toMatchObject({ status: 'paid', amount_paid: 149_700, attempt_count: 2 });
    expect((await stripe.customers.listPaymentMethods(customer.id)).data.map((m) => m.card!.last4).sort()).toEqual(['0341', '4242']);
  });
});

describe("Stripe's OpenAPI document", () => {
  it('matches every response the sandbox served', () => {
    expectResponsesMatchSpecs(sandbox.recordedResponses());
  });
});
