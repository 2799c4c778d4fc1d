import type { HealthBand, PlanTier } from '../catalogue';
import type { CALL_OUTCOMES } from '../calls/choices';

export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** One day of `calls_per_day`: the day (UTC) and its calls by outcome. */
export type CallsOnDay = { day: string } & Record<CallOutcome, number>;

/** What GET /api/admin/stats answers (api/admin/stats.ts). */
export interface Stats {
  tenants: { total: number; by_status: Partial<Record<string, number>> };
  /** Monthly revenue at the plans' prices (with contracts' own prices). */
  mrr_cents: number;
  /** What paid invoices of the last 30 days billed for plans (overage and one-off charges left out). */
  billed_mrr_cents: number;
  mrr_by_plan: Record<PlanTier, number>;
  trials_ending: Array<{ id: string; company_name: string; trial_ends_at: string }>;
  /** Tenants whose payment failed and who are in their grace, with what they owe (cents, in Kestrel's currency). */
  past_due_tenants: Array<{ id: string; company_name: string; since: string | null; grace_ends_at: string | null; amount_due_cents: number }>;
  /** Calls started this calendar month (UTC), test calls left out. */
  calls_this_month: number;
  /** The last 30 days, oldest first, today included. */
  calls_per_day: CallsOnDay[];
  dead_letters_open: number;
  recent_dead_letters: Array<{ id: string; tenant_id: string | null; company_name: string | null; step: string; error: string; created_at: string }>;
  /** Tenants (not cancelled or deleted) by the band of their latest health score. */
  health_distribution: Record<HealthBand | 'unscored', number>;
}
