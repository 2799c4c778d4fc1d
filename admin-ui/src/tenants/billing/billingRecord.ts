import type { PlanTier } from '../../catalogue';

/** Invoice statuses as Stripe names them (domain/billing.ts INVOICE_STATUSES). */
export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';

/** An invoice of Kestrel's to the company, mirrored from Stripe; money in integer cents of `currency`. */
export interface Invoice {
  id: string;
  number: string | null;
  status: InvoiceStatus;
  /** A period's bill, or an upgrade's prorated charge. */
  kind: 'period' | 'proration';
  description: string | null;
  currency: string;
  total_cents: number;
  amount_due_cents: number;
  amount_paid_cents: number;
  period_start: string | null;
  period_end: string | null;
  due_date: string | null;
  paid_at: string | null;
  /** Marked paid by an operator (a bank transfer), not charged through Stripe. */
  paid_out_of_band: boolean;
  hosted_invoice_url: string | null;
  invoice_pdf: string | null;
  attempt_count: number;
  /** Why the last charge failed, in the owner's words. */
  last_payment_error: string | null;
  lines: Array<{ description: string; quantity: number; amount_cents: number }>;
  created_at: string;
}

/** A plan the owner may choose, as this company would pay for it. */
export interface PlanOffer {
  tier: PlanTier;
  name: string;
  price_cents: number;
  calls_included: number | null;
  overage_cents: number;
}

/** While a charge has failed: the grace the company has before its service is suspended, and the reminders sent. */
export interface Dunning {
  since: string;
  /** Null when the grace's end is not known (a tenant past due before Stripe billed it). */
  grace_ends_at: string | null;
  grace_days_left: number;
  /** Why the charge failed, in words. */
  reason: string | null;
  reminders_sent: number;
  next_reminder_at: string | null;
  /** The grace ran out: the service is suspended until the invoice is paid. */
  suspended: boolean;
}

/** One closed or open usage period of `usage_history`. */
export interface UsagePeriod {
  period_start: string;
  period_end: string;
  calls_used: number;
  calls_included: number | null;
}

/** `GET /api/v1/billing` (and the operator's `GET /api/admin/tenants/:id/billing`, which adds to it). */
export interface BillingView {
  status: string;
  plan: PlanOffer & { currency: string };
  /** A downgrade waiting for the next period (applies_at null when no period is open). */
  scheduled_plan: { tier: PlanTier; name: string; applies_at: string | null } | null;
  period: { start: string; end: string } | null;
  usage: { used: number; included: number | null };
  /** Oldest first, up to six periods, the open one last. */
  usage_history: UsagePeriod[];
  next_bill: { date: string; amount_cents: number; currency: string } | null;
  payment_method: { brand: string; last4: string; exp_month: number; exp_year: number } | null;
  dunning: Dunning | null;
  /** What the owner may choose (enterprise is not self-serve). */
  plans: PlanOffer[];
}

/** A contract's negotiated figures; null where the plan's own apply. */
export interface BillingTerms {
  custom_price_cents: number | null;
  custom_call_limit: number | null;
  custom_overage_cents: number | null;
}

/** One charge Kestrel asked Stripe for, and how it went. */
export interface PaymentAttempt {
  id: string;
  at: string;
  invoice_number: string | null;
  amount_cents: number;
  currency: string;
  outcome: 'succeeded' | 'failed';
  reason: string | null;
}

/** `GET /api/admin/tenants/:id/billing`: the company's view, with the Stripe customer, its invoices (newest first), the charges tried and the terms. */
export interface OperatorBillingView extends BillingView {
  customer_id: string | null;
  invoices: Invoice[];
  payment_attempts: PaymentAttempt[];
  terms: BillingTerms;
}

/** `GET /api/v1/billing/plan-change?tier=`: what a change of plan would do, before it is made. */
export interface PlanChangePreview {
  from: { tier: PlanTier; name: string; price_cents: number };
  to: { tier: PlanTier; name: string; price_cents: number };
  direction: 'upgrade' | 'downgrade';
  charge_now_cents: number;
  currency: string;
  applies_at: string;
  /** A sentence to show as it is. */
  explanation: string;
}
