import { z } from 'zod';
import { Invoice, Notification, PaymentAttempt, Tenant, UsagePeriod } from '../db/models';
import { CURRENCY, graceDaysLeft, INVOICE_STATUSES, pricedPlan, type BillingTerms } from '../domain/billing';
import { PLAN_TIERS, SELF_SERVE_TIERS } from '../domain/plans';
import type { LifecycleDurations } from '../lib/config';

/**
 * Billing as the company's people and the operators read it, from Kestrel's mirror of
 * Stripe (never Stripe itself: a page never waits on it). Both APIs answer these shapes;
 * they run in the caller's tenant or operator scope.
 */

const money = { amount_cents: z.number().int(), currency: z.string() };

const pricedPlanSchema = z.object({
  tier: z.enum(PLAN_TIERS),
  name: z.string(),
  price_cents: z.number().int(),
  currency: z.string(),
  calls_included: z.number().int().nullable(),
  overage_cents: z.number().int().describe('Each call beyond calls_included in a period, billed on the next invoice'),
});

export const invoiceSchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  status: z.enum(INVOICE_STATUSES),
  kind: z.enum(['period', 'proration']),
  description: z.string().nullable(),
  currency: z.string(),
  total_cents: z.number().int(),
  amount_due_cents: z.number().int(),
  amount_paid_cents: z.number().int(),
  period_start: z.string().nullable(),
  period_end: z.string().nullable(),
  due_date: z.string().nullable(),
  paid_at: z.string().nullable(),
  paid_out_of_band: z.boolean(),
  hosted_invoice_url: z.string().nullable().describe("Stripe's page to see and pay the invoice"),
  invoice_pdf: z.string().nullable(),
  attempt_count: z.number().int(),
  last_payment_error: z.string().nullable().describe('Why the last charge failed, in words'),
  lines: z.array(z.object({ description: z.string(), quantity: z.number().int(), amount_cents: z.number().int() })),
  created_at: z.string(),
});

export const billingSchema = z.object({
  status: z.string(),
  plan: pricedPlanSchema,
  scheduled_plan: z.object({ tier: z.enum(PLAN_TIERS), name: z.string(), applies_at: z.string().nullable() }).nullable().describe('A downgrade waiting for the next period'),
  period: z.object({ start: z.string(), end: z.string() }).nullable(),
  usage: z.object({ used: z.number().int(), included: z.number().int().nullable() }),
  usage_history: z.array(z.object({ period_start: z.string(), period_end: z.string(), calls_used: z.number().int(), calls_included: z.number().int().nullable() })),
  next_bill: z.object({ date: z.string(), ...money }).nullable(),
  payment_method: z.object({ brand: z.string(), last4: z.string(), exp_month: z.number().int(), exp_year: z.number().int() }).nullable(),
  dunning: z
    .object({
      since: z.string(),
      grace_ends_at: z.string().nullable(),
      grace_days_left: z.number().int(),
      reason: z.string().nullable(),
      reminders_sent: z.number().int(),
      next_reminder_at: z.string().nullable(),
      suspended: z.boolean().describe('The grace ended unpaid: calls go to the forwarding number until the invoice is paid'),
    })
    .nullable(),
  plans: z.array(pricedPlanSchema).describe('The plans the company may choose itself (enterprise is agreed with Kestrel)'),
});

export type BillingView = z.infer<typeof billingSchema>;
export type InvoiceView = z.infer<typeof invoiceSchema>;

const iso = (value: Date | string | null | undefined) => (value ? new Date(value).toISOString() : null);

export function invoiceView(row: Invoice): InvoiceView {
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    kind: row.kind,
    description: row.description,
    currency: row.currency,
    total_cents: row.total_cents,
    amount_due_cents: row.amount_due_cents,
    amount_paid_cents: row.amount_paid_cents,
    period_start: iso(row.period_start),
    period_end: iso(row.period_end),
    due_date: iso(row.due_date),
    paid_at: iso(row.paid_at),
    paid_out_of_band: row.paid_out_of_band,
    hosted_invoice_url: row.hosted_invoice_url,
    invoice_pdf: row.invoice_pdf,
    attempt_count: row.attempt_count,
    last_payment_error: row.last_payment_error,
    lines: row.lines ?? [],
    created_at: iso(row.created_at)!,
  };
}

export function termsOf(tenant: Tenant): BillingTerms {
  return { custom_price_cents: tenant.custom_price_cents, custom_call_limit: tenant.custom_call_limit, custom_overage_cents: tenant.custom_overage_cents };
}

/** The tenant's billing: plan and price, usage, the next bill, the card, and any payment overdue. */
export async function billingView(tenant: Tenant, durations: LifecycleDurations, now = Date.now()): Promise<BillingView> {
  const terms = termsOf(tenant);
  const billed = pricedPlan(tenant.billing_plan_tier ?? tenant.plan_tier, terms);
  const current = pricedPlan(tenant.plan_tier, terms);
  const periods = await UsagePeriod.query().where({ tenant_id: tenant.id }).orderBy('period_start', 'desc').limit(6);
  const open = periods.find((p) => !p.closed_at);
  const scheduled = tenant.scheduled_plan_tier ? pricedPlan(tenant.scheduled_plan_tier, terms) : null;

  const periodEnd = tenant.status === 'trial' ? iso(tenant.trial_ends_at) : ['active', 'past_due'].includes(tenant.status) ? iso(tenant.current_period_end) : null;
  const overageSoFar = open && open.calls_included !== null ? Math.max(0, open.calls_used - open.calls_included) * billed.overage_cents : 0;
  const nextPlan = scheduled ?? current;

  return {
    status: tenant.status,
    plan: current,
    scheduled_plan: scheduled ? { tier: scheduled.tier, name: scheduled.name, applies_at: iso(tenant.current_period_end) } : null,
    period: open ? { start: iso(open.period_start)!, end: iso(open.period_end)! } : null,
    usage: { used: open?.calls_used ?? 0, included: open ? open.calls_included : current.calls_included },
    usage_history: [...periods].reverse().map((p) => ({
      period_start: iso(p.period_start)!,
      period_end: iso(p.period_end)!,
      calls_used: p.calls_used,
      calls_included: p.calls_included,
    })),
    next_bill: periodEnd ? { date: periodEnd, amount_cents: nextPlan.price_cents + overageSoFar, currency: CURRENCY } : null,
    payment_method: tenant.payment_method
      ? { brand: tenant.payment_method.brand, last4: tenant.payment_method.last4, exp_month: tenant.payment_method.exp_month, exp_year: tenant.payment_method.exp_year }
      : null,
    dunning: tenant.past_due_since ? await dunningView(tenant, durations, now) : null,
    plans: SELF_SERVE_TIERS.map((tier) => pricedPlan(tier, terms)),
  };
}

async function dunningView(tenant: Tenant, durations: LifecycleDurations, now: number): Promise<NonNullable<BillingView['dunning']>> {
  const since = new Date(tenant.past_due_since!);
  const reminders = await Notification.query()
    .where({ tenant_id: tenant.id, template: 'payment_reminder' })
    .where('created_at', '>=', since)
    .whereNull('resend_of')
    .resultSize();
  const graceEndsAt = iso(tenant.grace_ends_at);
  const nextOffset = durations.billingRemindersMs?.[reminders];
  const nextReminder = nextOffset === undefined ? null : new Date(since.getTime() + nextOffset).toISOString();
  const suspended = tenant.status === 'suspended';
  return {
    since: since.toISOString(),
    grace_ends_at: graceEndsAt,
    grace_days_left: graceEndsAt ? graceDaysLeft(graceEndsAt, now) : 0,
    reason: tenant.payment_failure,
    reminders_sent: reminders,
    next_reminder_at: !suspended && nextReminder && graceEndsAt && nextReminder < graceEndsAt ? nextReminder : null,
    suspended,
  };
}

/** The operator's view adds what the company does not see: the Stripe customer, every attempt, the negotiated terms. */
export async function operatorBillingView(tenant: Tenant, durations: LifecycleDurations) {
  const [invoices, attempts] = await Promise.all([
    Invoice.query().where({ tenant_id: tenant.id }).orderBy('created_at', 'desc').limit(50),
    PaymentAttempt.query().alias('a').join('invoices as i', 'i.id', 'a.invoice_id').where('a.tenant_id', tenant.id).orderBy('a.attempted_at', 'desc').limit(50).select('a.*', 'i.number as invoice_number'),
  ]);
  return {
    ...(await billingView(tenant, durations)),
    customer_id: tenant.stripe_customer_id,
    terms: termsOf(tenant),
    invoices: invoices.map(invoiceView),
    payment_attempts: attempts.map((a) => ({
      id: a.id,
      at: iso(a.attempted_at)!,
      invoice_number: (a as PaymentAttempt & { invoice_number: string | null }).invoice_number,
      amount_cents: a.amount_cents,
      currency: a.currency,
      outcome: a.outcome,
      reason: a.reason,
    })),
  };
}
