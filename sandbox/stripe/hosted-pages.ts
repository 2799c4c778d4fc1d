import express, { Router, type Request, type Response } from 'express';
import { completeSetupSession, payInvoiceWithCard, refreshExpiry, type TypedCard } from './checkout';
import type { StripeContext } from './context';
import type { CheckoutSession, Customer, Invoice } from './objects';
import { textPdf } from './pdf';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const money = (cents: number, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);

const date = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 10);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; color: #1a1f36; }
label { display: block; margin: 1rem 0 .25rem; font-size: .9rem; }
input { width: 100%; box-sizing: border-box; padding: .6rem; font-size: 1rem; border: 1px solid #c0c8d2; border-radius: 6px; }
.row { display: flex; gap: 1rem; } .row > div { flex: 1; }
button { margin-top: 1.5rem; width: 100%; padding: .75rem; font-size: 1rem; color: #fff; background: #635bff; border: 0; border-radius: 6px; cursor: pointer; }
.error { color: #df1b41; margin-top: 1rem; } .muted { color: #6a7383; font-size: .85rem; }
table { width: 100%; border-collapse: collapse; } td, th { padding: .4rem 0; text-align: left; border-bottom: 1px solid #e3e8ee; } td.amount, th.amount { text-align: right; }
</style>
</head>
<body>
${body}
<p class="muted">Kestrel sandbox: a stand-in for Stripe's hosted pages. Use Stripe's test cards (4242 4242 4242 4242 succeeds).</p>
</body>
</html>
`;
}

function cardForm(action: string, button: string, error?: string): string {
  return `<form method="post" action="${escapeHtml(action)}">
<label for="card_number">Card number</label>
<input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" required>
<div class="row">
<div><label for="exp">Expiry (MM / YY)</label><input id="exp" name="exp" autocomplete="cc-exp" placeholder="MM / YY"></div>
<div><label for="cvc">CVC</label><input id="cvc" name="cvc" autocomplete="cc-csc" placeholder="CVC"></div>
</div>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<button type="submit">${escapeHtml(button)}</button>
</form>`;
}

function checkoutPage(ctx: StripeContext, session: CheckoutSession, error?: string): string {
  const customer = session.customer ? ctx.data.get<Customer>(session.customer, 'customer') : undefined;
  const who = customer?.name ?? customer?.email ?? session.customer_email ?? 'your account';
  if (session.status === 'complete') return page('Card saved', '<h1>Card saved</h1><p>This checkout session is complete.</p>');
  if (session.status === 'expired') return page('Session expired', '<h1>Session expired</h1><p>This checkout session has expired. Start again from where you came.</p>');
  const cancel = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel</a></p>` : '';
  return page(`Save a card for ${who}`, `<h1>Save a card for ${escapeHtml(who)}</h1>
<p>Your card will be charged for future invoices.</p>
${cardForm(`/sandbox/stripe/checkout/${session.id}`, 'Save card', error)}
${cancel}`);
}

function invoicePage(invoice: Invoice, error?: string): string {
  const lines = invoice.lines.data
    .map((l) => `<tr><td>${escapeHtml(l.description ?? 'Item')}${l.quantity && l.quantity > 1 ? ` × ${l.quantity}` : ''}</td><td class="amount">${money(l.amount, invoice.currency)}</td></tr>`)
    .join('\n');
  const title = `Invoice ${invoice.number ?? invoice.id}`;
  const due = invoice.due_date ? `<p>Due ${date(invoice.due_date)}</p>` : '';
  const payable = invoice.status === 'open' || invoice.status === 'uncollectible';
  return page(title, `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(invoice.customer_name ?? invoice.customer_email ?? '')}</p>
<p>Status: <strong id="status">${escapeHtml(invoice.status)}</strong></p>
${due}
<table>
<thead><tr><th>Description</th><th class="amount">Amount</th></tr></thead>
<tbody>
${lines}
<tr><th>Total</th><th class="amount" id="total">${money(invoice.total, invoice.currency)}</th></tr>
<tr><td>Amount due</td><td class="amount">${money(invoice.amount_remaining, invoice.currency)}</td></tr>
</tbody>
</table>
${payable ? cardForm(`/sandbox/stripe/invoices/${invoice.id}`, `Pay ${money(invoice.amount_remaining, invoice.currency)}`, error) : ''}
${invoice.status === 'paid' && invoice.status_transitions.paid_at ? `<p>Paid on ${date(invoice.status_transitions.paid_at)}. Thank you.</p>` : ''}
<p><a href="/sandbox/stripe/invoices/${invoice.id}/pdf">Download PDF</a></p>`);
}

function invoicePdf(invoice: Invoice): Buffer {
  return textPdf([
    `Invoice ${invoice.number ?? '(draft)'}`,
    `Billed to: ${invoice.customer_name ?? invoice.customer_email ?? invoice.customer}`,
    `Date: ${date(invoice.status_transitions.finalized_at ?? invoice.created)}`,
    ...(invoice.due_date ? [`Due: ${date(invoice.due_date)}`] : []),
    '',
    ...invoice.lines.data.map((l) => `${l.description ?? 'Item'}${l.quantity && l.quantity > 1 ? ` x ${l.quantity}` : ''}    ${money(l.amount, invoice.currency)}`),
    '',
    `Total: ${money(invoice.total, invoice.currency)}`,
    `Amount paid: ${money(invoice.amount_paid, invoice.currency)}`,
    `Amount due: ${money(invoice.amount_remaining, invoice.currency)}`,
    `Status: ${invoice.status}`,
  ]);
}

const notFound = (res: Response, what: string) => res.status(404).type('html').send(page('Not found', `<h1>Not found</h1><p>No such ${escapeHtml(what)}.</p>`));

/** Stripe's hosted pages, as a person uses them: Checkout (setup mode) and the hosted invoice page with its PDF. */
export function hostedPages(ctx: StripeContext): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '16kb' });
  const typed = (req: Request): TypedCard => req.body as TypedCard;

  router.get('/sandbox/stripe/checkout/:id', (req, res) => {
    const session = ctx.data.get<CheckoutSession>(req.params.id, 'checkout.session');
    if (!session) return notFound(res, 'checkout session');
    refreshExpiry(session);
    res.type('html').send(checkoutPage(ctx, session));
  });

  router.post('/sandbox/stripe/checkout/:id', form, (req, res) => {
    const session = ctx.data.get<CheckoutSession>(req.params.id, 'checkout.session');
    if (!session) return notFound(res, 'checkout session');
    refreshExpiry(session);
    if (session.status !== 'open') return res.status(409).type('html').send(checkoutPage(ctx, session));
    const outcome = completeSetupSession(ctx, session, typed(req));
    if (!outcome.ok) return res.status(402).type('html').send(checkoutPage(ctx, session, outcome.message));
    res.redirect(303, (session.success_url ?? '/').replaceAll('{CHECKOUT_SESSION_ID}', session.id));
  });

  router.get('/sandbox/stripe/invoices/:id', (req, res) => {
    const invoice = ctx.data.get<Invoice>(req.params.id, 'invoice');
    if (!invoice || invoice.status === 'draft') return notFound(res, 'invoice');
    res.type('html').send(invoicePage(invoice));
  });

  router.post('/sandbox/stripe/invoices/:id', form, (req, res) => {
    const invoice = ctx.data.get<Invoice>(req.params.id, 'invoice');
    if (!invoice || invoice.status === 'draft') return notFound(res, 'invoice');
    if (invoice.status !== 'open' && invoice.status !== 'uncollectible') return res.status(409).type('html').send(invoicePage(invoice));
    const outcome = payInvoiceWithCard(ctx, invoice, typed(req));
    res.status(outcome.ok ? 200 : 402).type('html').send(invoicePage(invoice, outcome.ok ? undefined : outcome.message));
  });

  router.get('/sandbox/stripe/invoices/:id/pdf', (req, res) => {
    const invoice = ctx.data.get<Invoice>(req.params.id, 'invoice');
    if (!invoice || invoice.status === 'draft') return notFound(res, 'invoice');
    res.type('application/pdf').setHeader('Content-Disposition', `inline; filename="${invoice.number ?? invoice.id}.pdf"`);
    res.send(invoicePdf(invoice));
  });
  return router;
}
