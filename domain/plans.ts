/**
 * The plan catalogue. Plans are data: code asks the catalogue for a limit or a price
 * and never branches on a tier's name.
 */
export const PLAN_TIERS = ['starter', 'professional', 'premium', 'enterprise'] as const;
export type PlanTier = (typeof PLAN_TIERS)[number];

export interface Plan {
  tier: PlanTier;
  name: string;
  /** Monthly price in cents; null where the price is negotiated per contract. */
  priceCents: number | null;
  /** Calls included per monthly cycle; null where the limit is negotiated per contract. */
  callsPerMonth: number | null;
  /** Tenant API requests per minute, all of a tenant's keys together. */
  apiRequestsPerMinute: number;
}

export const PLANS: Readonly<Record<PlanTier, Plan>> = {
  starter: { tier: 'starter', name: 'Starter', priceCents: 99_700, callsPerMonth: 500, apiRequestsPerMinute: 120 },
  professional: { tier: 'professional', name: 'Professional', priceCents: 149_700, callsPerMonth: 1_500, apiRequestsPerMinute: 300 },
  premium: { tier: 'premium', name: 'Premium', priceCents: 249_700, callsPerMonth: 5_000, apiRequestsPerMinute: 600 },
  enterprise: { tier: 'enterprise', name: 'Enterprise', priceCents: null, callsPerMonth: null, apiRequestsPerMinute: 1_200 },
};

/** Whether a plan's price is agreed per contract rather than taken from the catalogue. */
export const isNegotiated = (tier: PlanTier): boolean => PLANS[tier].priceCents === null;

/** The plans a company may choose itself; a negotiated one is agreed with Kestrel. */
export const SELF_SERVE_TIERS: readonly PlanTier[] = PLAN_TIERS.filter((tier) => !isNegotiated(tier));

export function isPlanTier(value: string): value is PlanTier {
  return (PLAN_TIERS as readonly string[]).includes(value);
}

/** The call limit of a tenant's plan, honouring a negotiated enterprise limit. */
export function callLimit(tier: PlanTier, customLimit?: number | null): number | null {
  return customLimit ?? PLANS[tier].callsPerMonth;
}

/** The monthly price of a tenant's plan in cents, honouring a negotiated price. */
export function monthlyPriceCents(tier: PlanTier, customPriceCents?: number | null): number | null {
  return customPriceCents ?? PLANS[tier].priceCents;
}
