import type Stripe from 'stripe';
import { Tenant, type CardOnFile } from '../../db/models';
import { withTenant } from '../../db/tenant-context';

/**
 * The tenant's Stripe customer, made once: the idempotency key is the tenant's, so two
 * callers at once (the workflow after sign-up, the portal's first "add card") get the
 * same customer, and the id is kept on the tenant.
 */
export async function ensureStripeCustomer(stripe: Stripe, tenantId: string): Promise<string> {
  const tenant = await withTenant(tenantId, () => Tenant.query().findById(tenantId).throwIfNotFound());
  if (tenant.stripe_customer_id) return tenant.stripe_customer_id;
  const customer = await stripe.customers.create(
    { email: tenant.owner_email, name: tenant.company_name, description: `Kestrel tenant ${tenant.slug}`, metadata: { tenant_id: tenantId } },
    { idempotencyKey: `kestrel:customer:${tenantId}` },
  );
  await withTenant(tenantId, () => Tenant.query().findById(tenantId).whereNull('stripe_customer_id').patch({ stripe_customer_id: customer.id }));
  return customer.id;
}

/** A Checkout session in setup mode: Stripe's hosted page takes the card, Kestrel never sees its number. */
export async function cardCheckoutUrl(stripe: Stripe, tenantId: string, returnTo: { success: string; cancel: string }): Promise<string> {
  const customer = await ensureStripeCustomer(stripe, tenantId);
  const session = await stripe.checkout.sessions.create({
    mode: 'setup',
    customer,
    currency: 'usd',
    success_url: returnTo.success,
    cancel_url: returnTo.cancel,
    metadata: { tenant_id: tenantId },
    setup_intent_data: { metadata: { tenant_id: tenantId } },
  });
  if (!session.url) throw new Error('Stripe gave the checkout session no URL');
  return session.url;
}

/**
 * The card a completed setup session saved becomes the customer's default for invoices,
 * and the tenant's card on file. Done again (a redelivered event), it changes nothing.
 */
export async function adoptCardFromCheckout(stripe: Stripe, tenantId: string, sessionId: string): Promise<CardOnFile | null> {
  const session = await stripe.checkout.sessions.retrieve(sessionId, { expand: ['setup_intent'] });
  const intent = session.setup_intent;
  const paymentMethodId = intent && typeof intent === 'object' ? (typeof intent.payment_method === 'string' ? intent.payment_method : intent.payment_method?.id) : undefined;
  if (session.status !== 'complete' || !paymentMethodId) return null;
  const customer = typeof session.customer === 'string' ? session.customer : session.customer?.id;
  if (!customer) return null;
  await stripe.customers.update(customer, { invoice_settings: { default_payment_method: paymentMethodId } }, { idempotencyKey: `kestrel:default-card:${sessionId}` });
  const paymentMethod = await stripe.paymentMethods.retrieve(paymentMethodId);
  const card = cardOnFile(paymentMethod);
  if (card) await withTenant(tenantId, () => Tenant.query().findById(tenantId).patch({ payment_method: card }));
  return card;
}

function cardOnFile(paymentMethod: Stripe.PaymentMethod): CardOnFile | null {
  const card = paymentMethod.card;
  if (!card) return null;
  return { id: paymentMethod.id, brand: card.brand, last4: card.last4, exp_month: card.exp_month, exp_year: card.exp_year };
}
