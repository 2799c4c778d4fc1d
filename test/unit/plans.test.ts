import { callLimit, isPlanTier, monthlyPriceCents, PLAN_TIERS, PLANS } from '../../domain/plans';

describe('the plan catalogue', () => {
  it('prices the plans at $997, $1,497 and $2,497 a month, enterprise by contract', () => {
    expect(PLAN_TIERS.map((tier) => PLANS[tier].priceCents)).toEqual([99_700, 149_700, 249_700, null]);
  });

  it('includes 500, 1,500 and 5,000 calls a month, enterprise by contract', () => {
    expect(PLAN_TIERS.map((tier) => PLANS[tier].callsPerMonth)).toEqual([500, 1_500, 5_000, null]);
  });

  it('files each plan under its own tier, with a name to show', () => {
    for (const tier of PLAN_TIERS) {
      expect(PLANS[tier].tier).toBe(tier);
      expect(PLANS[tier].name.toLowerCase()).toBe(tier);
    }
  });

  it('gives each plan up the ladder more API requests per minute', () => {
    const rates = PLAN_TIERS.map((tier) => PLANS[tier].apiRequestsPerMinute);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(new Set(rates).size).toBe(rates.length);
  });

  it('knows its tiers by their exact names only', () => {
    for (const tier of ['starter', 'professional', 'premium', 'enterprise']) expect(isPlanTier(tier)).toBe(true);
    for (const other of ['Starter', 'gold', '', 'starter ', 'constructor', 'toString']) expect(isPlanTier(other)).toBe(false);
  });

  it('gives a tenant its plan’s call limit unless one was negotiated', () => {
    expect(callLimit('starter')).toBe(500);
    expect(callLimit('premium', null)).toBe(5_000);
    expect(callLimit('enterprise')).toBeNull();
    expect(callLimit('enterprise', 20_000)).toBe(20_000);
    expect(callLimit('professional', 2_000)).toBe(2_000);
  });

  it('gives a tenant its plan’s price unless one was negotiated', () => {
    expect(monthlyPriceCents('starter')).toBe(99_700);
    expect(monthlyPriceCents('professional', undefined)).toBe(149_700);
    expect(monthlyPriceCents('enterprise')).toBeNull();
    expect(monthlyPriceCents('enterprise', 450_000)).toBe(450_000);
    expect(monthlyPriceCents('premium', 199_700)).toBe(199_700);
  });
});
