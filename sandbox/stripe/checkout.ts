import { checkCardNumber, readExpiry, type Decline } from './cards';
import type { StripeContext } from './context';
import { unixNow } from './data';
import { NO_REQUEST } from './events';
import { payInvoice } from './invoices';
import { newCardPaymentMethod, newSetupIntent, type CheckoutSession, type Customer, type Invoice, type PaymentMethod } from './objects';
import { StripeApiError } from './errors';

/** What a person typed into a hosted page's card form. */
export interface TypedCard {
  card_number?: string;
  exp?: string;
  cvc?: string;
}

export type PageOutcome = { ok: true } | { ok: false; message: string };

/** An open session past its `expires_at` is expired, as Stripe expires it. */
export function refreshExpiry(session: CheckoutSession): void {
  if (session.status === 'open' && unixNow() >= session.expires_at) {
    session.status = 'expired';
    session.url = null;
  }
}

function readCard(ctx: StripeContext, typed: TypedCard, customer: Customer | undefined, email: string | null): PaymentMethod | Decline {
  const checked = checkCardNumber(typed.card_number ?? '');
  if (!checked.ok) return checked.decline;
  const expiry = readExpiry(typed.exp);
  if (!expiry) return { code: 'invalid_expiry_month', message: "Your card's expiration date is invalid." };
  const now = new Date();
  if (expiry.year < now.getUTCFullYear() || (expiry.year === now.getUTCFullYear() && expiry.month < now.getUTCMonth() + 1)) {
    return { code: 'invalid_expiry_year', message: "Your card's expiration year is in the past." };
  }
  if (typed.cvc && !/^\d{3,4}$/.test(typed.cvc.trim())) return { code: 'invalid_cvc', message: "Your card's security code is invalid." };
  return ctx.data.put(newCardPaymentMethod(checked.card, checked.number, expiry, customer?.id ?? null, customer?.name ?? null, email));
}

/**
 * A setup-mode session completed with a card: the card saved to the session's customer
 * through a succeeded SetupIntent, and the events Stripe sends for it.
 */
export function completeSetupSession(ctx: StripeContext, session: CheckoutSession, typed: TypedCard): PageOutcome {
  const customer = session.customer ? ctx.data.get<Customer>(session.customer, 'customer') : undefined;
  const email = customer?.email ?? session.customer_email;
  const method = readCard(ctx, typed, customer, email);
  if (!('id' in method)) return { ok: false, message: method.message };
  if (customer) ctx.events.emit('payment_method.attached', method, NO_REQUEST);
  const intent = ctx.data.put(
    newSetupIntent(customer?.id ?? null, method.id, session.setup_intent_data?.metadata ?? {}, session.setup_intent_data?.description ?? null),
  );
  ctx.events.emit('setup_intent.created', intent, NO_REQUEST);
  ctx.events.emit('setup_intent.succeeded', intent, NO_REQUEST);
  session.status = 'complete';
  session.setup_intent = intent.id;
  session.url = null;
  session.customer_details = { address: null, business_name: null, email, individual_name: null, name: customer?.name ?? null, phone: null, tax_exempt: 'none', tax_ids: [] };
  ctx.events.emit('checkout.session.completed', session, NO_REQUEST);
  ctx.store.changed();
  return { ok: true };
}

/** The hosted invoice page's "Pay": the typed card saved to the customer, then charged for what is due. */
export function payInvoiceWithCard(ctx: StripeContext, invoice: Invoice, typed: TypedCard): PageOutcome {
  const customer = ctx.data.get<Customer>(invoice.customer, 'customer');
  const method = readCard(ctx, typed, customer, customer?.email ?? null);
  if (!('id' in method)) return { ok: false, message: method.message };
  ctx.events.emit('payment_method.attached', method, NO_REQUEST);
  try {
    payInvoice(ctx, invoice, { method }, NO_REQUEST);
    return { ok: true };
  } catch (error) {
    if (error instanceof StripeApiError) return { ok: false, message: error.message };
    throw error;
  } finally {
    ctx.store.changed();
  }
}
