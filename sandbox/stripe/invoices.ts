import type { StripeContext } from './context';
import { unixNow } from './data';
import { invalidRequest } from './errors';
import type { RequestRef } from './events';
import { declineError, confirmWithCard } from './payments';
import {
  lineFor,
  newInvoicePayment,
  newPaymentIntent,
  type Customer,
  type Invoice,
  type InvoiceItem,
  type InvoicePayment,
  type PaymentIntent,
  type PaymentMethod,
} from './objects';

/** Totals follow the lines: no tax, discounts or customer balance in the sandbox. */
export function recomputeTotals(invoice: Invoice): void {
  const subtotal = invoice.lines.data.reduce((sum, line) => sum + line.amount, 0);
  invoice.subtotal = subtotal;
  invoice.subtotal_excluding_tax = subtotal;
  invoice.total = subtotal;
  invoice.total_excluding_tax = subtotal;
  invoice.amount_due = Math.max(0, subtotal);
  invoice.amount_remaining = Math.max(0, invoice.amount_due - invoice.amount_paid);
  invoice.lines.total_count = invoice.lines.data.length;
  const periods = invoice.lines.data.map((l) => l.period);
  if (periods.length) {
    invoice.period_start = Math.min(...periods.map((p) => p.start));
    invoice.period_end = Math.max(...periods.map((p) => p.end));
  }
}

export function addItem(invoice: Invoice, item: InvoiceItem): void {
  if (invoice.status !== 'draft') throw invalidRequest(`You can only add invoice items to draft invoices; invoice ${invoice.id} is ${invoice.status}.`, 'invoice', 'invoice_not_editable');
  if (item.currency !== invoice.currency) {
    throw invalidRequest(`The invoice item's currency (${item.currency}) differs from the invoice's (${invoice.currency}).`, 'currency', 'invoice_item_currency_mismatch');
  }
  item.invoice = invoice.id;
  invoice.lines.data.push(lineFor(item, invoice.id));
  recomputeTotals(invoice);
}

function status(invoice: Invoice) {
  return { status: invoice.status, status_transitions: { ...invoice.status_transitions } };
}

function markPaid(ctx: StripeContext, invoice: Invoice, offStripe: number, request: RequestRef): void {
  const previous = { ...status(invoice), amount_paid: invoice.amount_paid, amount_remaining: invoice.amount_remaining };
  invoice.amount_paid_off_stripe += offStripe;
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.status = 'paid';
  invoice.status_transitions.paid_at = unixNow();
  ctx.events.emit('invoice.paid', invoice, request, previous);
  ctx.events.emit('invoice.payment_succeeded', invoice, request, previous);
}

/** Draft → open: the customer's next number, the hosted page and PDF; a zero total is paid at once, as at Stripe. */
export function finalizeInvoice(ctx: StripeContext, invoice: Invoice, request: RequestRef): void {
  if (invoice.status !== 'draft') throw invalidRequest("This invoice is already finalized, you can't re-finalize a non-draft invoice.", undefined, 'invoice_not_editable');
  const customer = ctx.data.require<Customer>(invoice.customer, 'customer', 'customer');
  const previous = status(invoice);
  const now = unixNow();
  invoice.number = `${customer.invoice_prefix}-${String(customer.next_invoice_sequence).padStart(4, '0')}`;
  customer.next_invoice_sequence += 1;
  invoice.status = 'open';
  invoice.status_transitions.finalized_at = now;
  invoice.effective_at = now;
  invoice.starting_balance = 0;
  invoice.ending_balance = 0;
  invoice.hosted_invoice_url = `${ctx.sandboxUrl()}/sandbox/stripe/invoices/${invoice.id}`;
  invoice.invoice_pdf = `${ctx.sandboxUrl()}/sandbox/stripe/invoices/${invoice.id}/pdf`;
  if (invoice.collection_method === 'send_invoice' && invoice.due_date === null) invoice.due_date = now + (invoice.days_until_due ?? 30) * 86_400;
  ctx.events.emit('invoice.finalized', invoice, request, previous);
  if (invoice.amount_due === 0) markPaid(ctx, invoice, 0, request);
}

function intentOf(ctx: StripeContext, invoice: Invoice): { intent: PaymentIntent; payment: InvoicePayment } {
  const existing = invoice.payments.data.find((p) => p.status === 'open');
  if (existing) return { intent: ctx.data.require<PaymentIntent>(existing.payment.payment_intent, 'payment_intent'), payment: existing };
  const intent = ctx.data.put(
    newPaymentIntent({
      amount: invoice.amount_remaining,
      currency: invoice.currency,
      customer: invoice.customer,
      description: invoice.number ? `Invoice ${invoice.number}` : null,
      metadata: {},
    }),
  );
  const payment = newInvoicePayment(invoice, intent.id);
  invoice.payments.data.push(payment);
  return { intent, payment };
}

/**
 * Pays an open (or uncollectible) invoice: out of band, or by charging a card. A decline
 * leaves it open, counts the attempt, records the error on its PaymentIntent and
 * surfaces as Stripe's 402.
 */
export function payInvoice(ctx: StripeContext, invoice: Invoice, options: { method?: PaymentMethod; outOfBand?: boolean }, request: RequestRef): void {
  if (invoice.status === 'draft') finalizeInvoice(ctx, invoice, request);
  if (invoice.status === 'paid') throw invalidRequest('Invoice is already paid', undefined, 'invoice_already_paid');
  if (invoice.status === 'void') throw invalidRequest('This invoice has been voided and cannot be paid.', undefined, 'invoice_not_editable');
  if (options.outOfBand) {
    markPaid(ctx, invoice, invoice.amount_remaining, request);
    return;
  }
  const method = options.method ?? defaultMethodOf(ctx, invoice);
  if (!method) {
    throw invalidRequest(
      'This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.',
    );
  }
  if (method.customer !== invoice.customer) {
    throw invalidRequest(`The PaymentMethod ${method.id} must be attached to customer ${invoice.customer} before it can pay its invoices.`, 'payment_method', 'payment_method_unexpected_state');
  }
  const { intent, payment } = intentOf(ctx, invoice);
  intent.amount = invoice.amount_remaining;
  payment.amount_requested = invoice.amount_remaining;
  const decline = confirmWithCard(ctx, intent, method, request);
  invoice.attempt_count += 1;
  invoice.attempted = true;
  if (decline) {
    ctx.events.emit('invoice.payment_failed', invoice, request);
    throw declineError(decline, intent);
  }
  payment.status = 'paid';
  payment.amount_paid = intent.amount;
  payment.status_transitions.paid_at = unixNow();
  markPaid(ctx, invoice, 0, request);
}

function defaultMethodOf(ctx: StripeContext, invoice: Invoice): PaymentMethod | undefined {
  const customer = ctx.data.get<Customer>(invoice.customer, 'customer');
  const id = invoice.default_payment_method ?? customer?.invoice_settings.default_payment_method;
  return id ? ctx.data.get<PaymentMethod>(id, 'payment_method') : undefined;
}

export function voidInvoice(ctx: StripeContext, invoice: Invoice, request: RequestRef): void {
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') {
    throw invalidRequest(`You can only void an open or uncollectible invoice; this one is ${invoice.status}.`, undefined, 'invoice_not_editable');
  }
  const previous = status(invoice);
  invoice.status = 'void';
  invoice.status_transitions.voided_at = unixNow();
  for (const payment of invoice.payments.data) {
    if (payment.status !== 'open') continue;
    payment.status = 'canceled';
    payment.status_transitions.canceled_at = unixNow();
  }
  ctx.events.emit('invoice.voided', invoice, request, previous);
}

export function markUncollectible(ctx: StripeContext, invoice: Invoice, request: RequestRef): void {
  if (invoice.status !== 'open') throw invalidRequest(`You can only mark an open invoice uncollectible; this one is ${invoice.status}.`, undefined, 'invoice_not_editable');
  const previous = status(invoice);
  invoice.status = 'uncollectible';
  invoice.status_transitions.marked_uncollectible_at = unixNow();
  ctx.events.emit('invoice.marked_uncollectible', invoice, request, previous);
}
