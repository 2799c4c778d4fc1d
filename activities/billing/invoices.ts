import type Stripe from 'stripe';
import { declineReason, laterInvoiceStatus, type InvoiceLine, type InvoiceStatus } from '../../domain/billing';
import { Invoice, PaymentAttempt, Tenant } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import { ensureStripeCustomer } from './customer';

/** What the workflow asks to be billed: one invoice per key, whatever happens in between. */
export interface InvoiceRequest {
  tenantId: string;
  /** `<tenant>:period:<start>` or `<tenant>:proration:<seq>`. */
  key: string;
  kind: Invoice['kind'];
  description: string;
  period: { start: string; end: string };
  lines: InvoiceLine[];
}

/** An invoice as the workflow needs to know it (amounts only; names and links stay in the database). */
export interface InvoiceSummary {
  invoiceId: string;
  status: InvoiceStatus;
  amountDueCents: number;
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const instant = (unix: number | null | undefined) => (unix ? new Date(unix * 1000) : null);

/**
 * Issues the invoice for a request: a draft with Kestrel's key in its metadata, its lines
 * as invoice items attached to it, then finalized. Every Stripe call carries a key derived
 * from the request, and the draft is recorded before its lines are added, so a step retried
 * after a crash continues the same invoice rather than starting another. Nothing to bill
 * (no line, or lines adding up to nothing) issues nothing.
 */
export async function issueInvoice(stripe: Stripe, request: InvoiceRequest): Promise<InvoiceSummary | null> {
  const lines = request.lines.filter((line) => line.amount_cents > 0);
  if (lines.length === 0) return null;
  const { tenantId, key } = request;
  let row = await withTenant(tenantId, () => Invoice.query().findOne({ billing_key: key }));
  if (row && row.status !== 'draft') return summary(row);

  const customer = await ensureStripeCustomer(stripe, tenantId);
  if (!row?.stripe_invoice_id) {
    const draft = await stripe.invoices.create(
      {
        customer,
        collection_method: 'charge_automatically',
        auto_advance: false,
        currency: 'usd',
        description: request.description,
        pending_invoice_items_behavior: 'exclude',
        metadata: { tenant_id: tenantId, billing_key: key },
      },
      { idempotencyKey: `kestrel:${key}:invoice` },
    );
    row = await withTenant(tenantId, async () => {
      await Invoice.query()
        .insert({
          tenant_id: tenantId,
          billing_key: key,
          stripe_invoice_id: draft.id,
          kind: request.kind,
          description: request.description,
          status: 'draft',
          currency: draft.currency,
          period_start: new Date(request.period.start),
          period_end: new Date(request.period.end),
        })
        .onConflict('billing_key')
        .ignore();
      return Invoice.query().findOne({ billing_key: key }).throwIfNotFound();
    });
  }
  const stripeInvoiceId = row!.stripe_invoice_id!;
  let invoice = await stripe.invoices.retrieve(stripeInvoiceId);
  if (invoice.status === 'draft') {
    for (const line of lines) {
      await stripe.invoiceItems.create(
        {
          customer,
          invoice: stripeInvoiceId,
          amount: line.amount_cents,
          currency: 'usd',
          description: line.description,
          period: { start: seconds(request.period.start), end: seconds(request.period.end) },
          metadata: { tenant_id: tenantId, billing_key: key, line: line.key, quantity: String(line.quantity) },
        },
        { idempotencyKey: `kestrel:${key}:line:${line.key}` },
      );
    }
    invoice = await stripe.invoices.finalizeInvoice(stripeInvoiceId, { auto_advance: false }, { idempotencyKey: `kestrel:${key}:finalize` });
  }
  return summary(await mirrorInvoice(tenantId, invoice));
}

/**
 * Writes Stripe's invoice into `invoices`. Reports arrive in any order (events, answers),
 * so a status only moves forward (domain/billing.ts). An invoice Kestrel did not issue
 * (made in Stripe's dashboard for this customer) is mirrored too, under its own key.
 */
export async function mirrorInvoice(tenantId: string, invoice: Stripe.Invoice): Promise<Invoice> {
  return withTenant(tenantId, async () => {
    const existing = await Invoice.query().findOne({ stripe_invoice_id: invoice.id });
    const reported = (invoice.status ?? 'draft') as InvoiceStatus;
    const status = existing ? laterInvoiceStatus(existing.status, reported) : reported;
    const fields = {
      number: invoice.number ?? null,
      status,
      currency: invoice.currency,
      total_cents: invoice.total,
      amount_due_cents: invoice.amount_due,
      amount_paid_cents: status === 'paid' ? Math.max(invoice.amount_paid, existing?.amount_paid_cents ?? 0) : invoice.amount_paid,
      lines: invoice.lines.data.map((line) => ({
        description: line.description ?? '',
        quantity: Number(line.metadata?.quantity ?? line.quantity ?? 1),
        amount_cents: line.amount,
      })),
      due_date: instant(invoice.due_date),
      paid_at: instant(invoice.status_transitions?.paid_at) ?? existing?.paid_at ?? null,
      hosted_invoice_url: invoice.hosted_invoice_url ?? null,
      invoice_pdf: invoice.invoice_pdf ?? null,
      attempt_count: Math.max(invoice.attempt_count ?? 0, existing?.attempt_count ?? 0),
    };
    if (existing) return existing.$query().patchAndFetch(fields);
    return Invoice.query().insertAndFetch({
      tenant_id: tenantId,
      billing_key: invoice.metadata?.billing_key ?? `stripe:${invoice.id}`,
      stripe_invoice_id: invoice.id,
      kind: 'period',
      description: invoice.description ?? null,
      period_start: instant(invoice.period_start),
      period_end: instant(invoice.period_end),
      ...fields,
    });
  });
}

/** The outcome of charging a tenant's open invoices, in words for the owner when it failed. */
export interface ChargeOutcome {
  /** No open invoice is left. */
  settled: boolean;
  cardOnFile: boolean;
  amountDueCents: number;
  /** Why the last charge failed, in words; null when every charge went through. */
  reason: string | null;
}

/**
 * Charges every open invoice of the tenant with the card on file, oldest first. Each
 * charge's Stripe idempotency key names the invoice and the workflow's attempt number, so
 * a charge retried after a crash (or a lost answer) is the same charge: charged once, and
 * recorded once in `payment_attempts`. A decline is an answer, not a failure: it is
 * recorded with its reason and returned; only Stripe being unreachable throws (and is retried).
 */
export async function chargeOpenInvoices(stripe: Stripe, p: { tenantId: string; attempt: number }): Promise<ChargeOutcome> {
  const { tenantId, attempt } = p;
  const [tenant, open] = await withTenant(tenantId, async () => [
    await Tenant.query().findById(tenantId).throwIfNotFound(),
    await Invoice.query().where({ status: 'open' }).whereNotNull('stripe_invoice_id').orderBy('created_at'),
  ] as const);
  let reason: string | null = null;
  for (const row of open) {
    const attemptKey = `kestrel:${row.stripe_invoice_id}:charge:${attempt}`;
    if (!tenant.payment_method) {
      reason = declineReason('no_payment_method');
      await recordAttempt(row, attemptKey, 'failed', 'no_payment_method', reason);
      continue;
    }
    const current = await stripe.invoices.retrieve(row.stripe_invoice_id!);
    if (current.status !== 'open') {
      await mirrorInvoice(tenantId, current);
      continue;
    }
    try {
      const paid = await stripe.invoices.pay(row.stripe_invoice_id!, { payment_method: tenant.payment_method.id }, { idempotencyKey: attemptKey });
      await mirrorInvoice(tenantId, paid);
      await recordAttempt(row, attemptKey, 'succeeded', null, null);
    } catch (error) {
      const declined = cardDecline(error);
      if (!declined) throw error;
      reason = declineReason(declined.code);
      await recordAttempt(row, attemptKey, 'failed', declined.code, reason);
      await mirrorInvoice(tenantId, await stripe.invoices.retrieve(row.stripe_invoice_id!));
      await withTenant(tenantId, () => Invoice.query().findById(row.id).patch({ last_payment_error: reason }));
    }
  }
  const left = await withTenant(tenantId, () => Invoice.query().where({ status: 'open' }));
  return {
    settled: left.length === 0,
    cardOnFile: Boolean(tenant.payment_method),
    amountDueCents: left.reduce((sum, row) => sum + row.amount_due_cents, 0),
    reason: left.length === 0 ? null : reason ?? left.at(-1)?.last_payment_error ?? null,
  };
}

/** An operator's word that the open invoices were paid outside Stripe (a bank transfer): Stripe marks them paid without a charge. */
export async function settleOutOfBand(stripe: Stripe, p: { tenantId: string; by: string }): Promise<number> {
  const open = await withTenant(p.tenantId, () => Invoice.query().where({ status: 'open' }).whereNotNull('stripe_invoice_id'));
  for (const row of open) {
    const paid = await stripe.invoices.pay(row.stripe_invoice_id!, { paid_out_of_band: true }, { idempotencyKey: `kestrel:${row.stripe_invoice_id}:out-of-band` });
    await mirrorInvoice(p.tenantId, paid);
    await withTenant(p.tenantId, () => Invoice.query().findById(row.id).patch({ paid_out_of_band: true }));
  }
  return open.length;
}

/** A card's refusal (Stripe's card_error), or a charge Stripe refused for want of a card; undefined for anything else. */
function cardDecline(error: unknown): { code: string } | undefined {
  const e = error as { type?: string; code?: string; decline_code?: string; raw?: { decline_code?: string } };
  if (e?.type === 'StripeCardError') return { code: e.decline_code ?? e.raw?.decline_code ?? e.code ?? 'card_declined' };
  if (e?.type === 'StripeInvalidRequestError' && /payment method|payment_method|source/i.test(String((error as Error).message))) return { code: 'no_payment_method' };
  return undefined;
}

async function recordAttempt(row: Invoice, attemptKey: string, outcome: PaymentAttempt['outcome'], declineCode: string | null, reason: string | null): Promise<void> {
  await withTenant(row.tenant_id, () =>
    PaymentAttempt.query()
      .insert({ tenant_id: row.tenant_id, invoice_id: row.id, attempt_key: attemptKey, outcome, amount_cents: row.amount_due_cents, currency: row.currency, decline_code: declineCode, reason })
      .onConflict('attempt_key')
      .ignore(),
  );
}

function summary(row: Invoice): InvoiceSummary {
  return { invoiceId: row.id, status: row.status, amountDueCents: row.amount_due_cents };
}
