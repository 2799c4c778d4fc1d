import { callLimit, monthlyPriceCents, PLANS, type PlanTier } from './plans';

/**
 * What Kestrel charges, as data and pure arithmetic: the workflow, the billing activities,
 * the API's previews and the console all count money here, in integer cents with the
 * currency beside them, so a preview and the invoice that follows never disagree.
 */
export const CURRENCY = 'usd';

/** Price of each call beyond the plan's limit in a period, by plan; enterprise's is negotiated. */
export const OVERAGE_CENTS: Readonly<Record<PlanTier, number | null>> = {
  starter: 200,
  professional: 150,
  premium: 100,
  enterprise: null,
};

/** A contract's negotiated figures (enterprise terms); null where the plan's own apply. */
export interface BillingTerms {
  custom_price_cents: number | null;
  custom_call_limit: number | null;
  custom_overage_cents: number | null;
}

export const NO_TERMS: BillingTerms = { custom_price_cents: null, custom_call_limit: null, custom_overage_cents: null };

/** A plan as one tenant pays for it: its price, limit and overage price under the tenant's terms. */
export interface PricedPlan {
  tier: PlanTier;
  name: string;
  price_cents: number;
  currency: typeof CURRENCY;
  calls_included: number | null;
  overage_cents: number;
}

/**
 * The plan as billed. A negotiated price, limit or overage price overrides the plan's; an
 * enterprise contract with no price set bills nothing for the period (and says so on the
 * invoice's absence) rather than guessing one.
 */
export function pricedPlan(tier: PlanTier, terms: BillingTerms = NO_TERMS): PricedPlan {
  return {
    tier,
    name: PLANS[tier].name,
    price_cents: monthlyPriceCents(tier, terms.custom_price_cents) ?? 0,
    currency: CURRENCY,
    calls_included: callLimit(tier, terms.custom_call_limit),
    overage_cents: terms.custom_overage_cents ?? OVERAGE_CENTS[tier] ?? 0,
  };
}

/** One line of an invoice as Kestrel asks Stripe for it. */
export interface InvoiceLine {
  /** Stable within its invoice: the Stripe idempotency key of the line is derived from it. */
  key: string;
  description: string;
  amount_cents: number;
  quantity: number;
}

/** Calls beyond the limit in a closed period, as one line at the plan's overage price; none within the limit. */
export function overageLine(period: { calls_used: number; calls_included: number | null; start: string; end: string }, plan: PricedPlan): InvoiceLine | null {
  if (period.calls_included === null || period.calls_used <= period.calls_included || plan.overage_cents <= 0) return null;
  const calls = period.calls_used - period.calls_included;
  return {
    key: 'overage',
    description: `${calls} ${calls === 1 ? 'call' : 'calls'} beyond the ${period.calls_included} included (${shortDate(period.start)} – ${shortDate(period.end)}) at ${money(plan.overage_cents)} each`,
    amount_cents: calls * plan.overage_cents,
    quantity: calls,
  };
}

/** The plan's price for one period. */
export function periodLine(plan: PricedPlan, period: { start: string; end: string }): InvoiceLine | null {
  if (plan.price_cents <= 0) return null;
  return {
    key: 'plan',
    description: `${plan.name} plan, ${shortDate(period.start)} – ${shortDate(period.end)}`,
    amount_cents: plan.price_cents,
    quantity: 1,
  };
}

/**
 * An upgrade's charge for the rest of the period: the price difference times the share of
 * the period still to run, rounded to the cent. A downgrade charges nothing now (it applies
 * from the next period), nor does a change at or after the period's end.
 */
export function prorationCents(from: PricedPlan, to: PricedPlan, period: { start: string; end: string }, at: string): number {
  const start = Date.parse(period.start);
  const end = Date.parse(period.end);
  const now = Math.min(Math.max(Date.parse(at), start), end);
  const difference = to.price_cents - from.price_cents;
  if (difference <= 0 || end <= start) return 0;
  return Math.round((difference * (end - now)) / (end - start));
}

export type PlanChangeDirection = 'upgrade' | 'downgrade';

/** Upgrades cost more per period and apply at once; anything else applies from the next period. */
export function planChangeDirection(from: PricedPlan, to: PricedPlan): PlanChangeDirection {
  return to.price_cents > from.price_cents || (to.price_cents === from.price_cents && (to.calls_included ?? Infinity) > (from.calls_included ?? Infinity))
    ? 'upgrade'
    : 'downgrade';
}

/**
 * A card's failure in the owner's words, from Stripe's decline code (or error code). The
 * billing page and the reminder e-mails show it; Stripe's own message is kept beside it.
 */
export function declineReason(code: string | null | undefined): string {
  switch (code) {
    case 'insufficient_funds':
      return 'The card has insufficient funds.';
    case 'expired_card':
      return 'The card has expired.';
    case 'incorrect_cvc':
    case 'invalid_cvc':
      return "The card's security code is incorrect.";
    case 'lost_card':
    case 'stolen_card':
    case 'pickup_card':
      return 'The card was reported lost or stolen; add another card.';
    case 'processing_error':
      return 'The card could not be charged because of a processing error; it will be tried again.';
    case 'no_payment_method':
      return 'No card is on file.';
    case 'card_declined':
    case 'generic_decline':
    case 'do_not_honor':
    default:
      return 'The card was declined.';
  }
}

/** Whole days of grace left at `now` (a part-day counts as a day), never below zero. */
export function graceDaysLeft(graceEndsAt: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(graceEndsAt) - now) / 86_400_000));
}

/** `$1,497.00` */
export function money(cents: number, currency: string = CURRENCY): string {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);
}

/** `Dec 6, 2026` (UTC: a period's bounds are instants, and an invoice line is read anywhere). */
function shortDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

/** Invoice statuses as Stripe names them; `paid`, `void` and `uncollectible` are final. */
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/**
 * Which of two reports of an invoice's status to keep. Stripe's events arrive in any
 * order: a status never goes back from a final one (a late `payment_failed` after `paid`
 * changes nothing), and `open` never goes back to `draft`.
 */
export function laterInvoiceStatus(current: InvoiceStatus, reported: InvoiceStatus): InvoiceStatus {
  const rank: Record<InvoiceStatus, number> = { draft: 0, open: 1, uncollectible: 2, paid: 3, void: 3 };
  if (current === 'paid' || current === 'void') return current;
  return rank[reported] >= rank[current] ? reported : current;
}

/** Stripe events the lifecycle acts on; the webhook files the others and hands them to no one. */
export const BILLING_EVENT_TYPES = [
  'checkout.session.completed',
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.payment_failed',
  'invoice.voided',
  'invoice.marked_uncollectible',
] as const;
export type BillingEventType = (typeof BILLING_EVENT_TYPES)[number];

export function isBillingEventType(type: string): type is BillingEventType {
  return (BILLING_EVENT_TYPES as readonly string[]).includes(type);
}
