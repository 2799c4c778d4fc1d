import type { TenantStatus } from './tenant-status';

/**
 * A tenant's health, 0–100: 100 less a deduction per rule that applies, never below 0.
 *
 * | rule | deduction |
 * |---|---|
 * | usage: metered calls in the last 30 days under 20% of the plan's monthly calls | −20 |
 * | engagement: no call in the last 7 days | −30 |
 * | support: more than 5 support tickets this calendar month | −15 |
 * | payment: past due | −50 |
 *
 * There is no ticket system yet: support sessions opened on the tenant this month stand
 * for its tickets. A plan without a call limit (enterprise without a negotiated one)
 * has no usage rule.
 */
export interface HealthInputs {
  /** Calls metered in the last 30 days (test calls are not metered). */
  callsLast30Days: number;
  /** Calls included per month; null when the plan has no limit. */
  monthlyCallLimit: number | null;
  /** Calls (not test calls) in the last 7 days. */
  callsLast7Days: number;
  supportTicketsThisMonth: number;
  pastDue: boolean;
}

/** Each rule's deduction (0 when it does not apply; negative when it does). */
export interface HealthBreakdown {
  usage: number;
  engagement: number;
  support: number;
  payment: number;
}

export interface HealthScore {
  score: number;
  breakdown: HealthBreakdown;
}

/** The figures a score was computed from, kept beside it for the tenant page. */
export interface HealthScoreInputs {
  calls_last_30_days: number;
  monthly_call_limit: number | null;
  calls_last_7_days: number;
  last_call_at: string | null;
  /** Support sessions opened this month, standing for tickets until a ticket source exists. */
  support_tickets_this_month: number;
  status: string;
}

export const HEALTH_RULES = {
  usage: { belowShare: 0.2, deduction: -20 },
  engagement: { days: 7, deduction: -30 },
  support: { moreThan: 5, deduction: -15 },
  payment: { deduction: -50 },
} as const;

export function healthScore(inputs: HealthInputs): HealthScore {
  const limit = inputs.monthlyCallLimit;
  const breakdown: HealthBreakdown = {
    usage: limit && limit > 0 && inputs.callsLast30Days < limit * HEALTH_RULES.usage.belowShare ? HEALTH_RULES.usage.deduction : 0,
    engagement: inputs.callsLast7Days === 0 ? HEALTH_RULES.engagement.deduction : 0,
    support: inputs.supportTicketsThisMonth > HEALTH_RULES.support.moreThan ? HEALTH_RULES.support.deduction : 0,
    payment: inputs.pastDue ? HEALTH_RULES.payment.deduction : 0,
  };
  const total = 100 + breakdown.usage + breakdown.engagement + breakdown.support + breakdown.payment;
  return { score: Math.max(0, total), breakdown };
}

export const HEALTH_BANDS = ['healthy', 'at_risk', 'critical'] as const;
export type HealthBand = (typeof HEALTH_BANDS)[number];

/** Each band's scores, inclusive. */
export const HEALTH_BAND_RANGES: Readonly<Record<HealthBand, readonly [number, number]>> = {
  healthy: [70, 100],
  at_risk: [50, 69],
  critical: [0, 49],
};

export function healthBand(score: number): HealthBand {
  return HEALTH_BANDS.find((band) => score >= HEALTH_BAND_RANGES[band][0])!;
}

/** Customer success hears of a tenant whose score falls below this, once per fall. */
export const HEALTH_ALERT_BELOW = 50;

/**
 * Whether a new score starts a drop: it is below the line and the previous score (if
 * any) was not. A score that stays below continues the same drop.
 */
export function startsDrop(score: number, previous: number | null): boolean {
  return score < HEALTH_ALERT_BELOW && (previous === null || previous >= HEALTH_ALERT_BELOW);
}

/**
 * Tenants the daily run scores: those with a live service or one that was live and may
 * come back. Pending tenants have had no chance to use it; cancelled ones have left.
 */
export const SCORED_STATUSES: readonly TenantStatus[] = ['trial', 'active', 'past_due', 'suspended'];
