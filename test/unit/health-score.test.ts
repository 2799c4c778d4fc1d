import { healthBand, healthScore, startsDrop, type HealthInputs } from '../../domain/health-score';

/** A tenant with nothing wrong: a third of its 500 calls used, calls this week, few tickets, paid. */
const healthy: HealthInputs = { callsLast30Days: 170, monthlyCallLimit: 500, callsLast7Days: 12, supportTicketsThisMonth: 1, pastDue: false };
const none = { usage: 0, engagement: 0, support: 0, payment: 0 };

describe('health score', () => {
  it('is 100 with nothing wrong', () => {
    expect(healthScore(healthy)).toEqual({ score: 100, breakdown: none });
  });

  it('takes 20 for usage under 20% of the plan, not at 20%', () => {
    expect(healthScore({ ...healthy, callsLast30Days: 99 })).toEqual({ score: 80, breakdown: { ...none, usage: -20 } });
    expect(healthScore({ ...healthy, callsLast30Days: 100 })).toEqual({ score: 100, breakdown: none });
  });

  it('has no usage rule for a plan without a call limit', () => {
    expect(healthScore({ ...healthy, callsLast30Days: 0, monthlyCallLimit: null })).toEqual({ score: 100, breakdown: none });
  });

  it('takes 30 for no calls in 7 days', () => {
    expect(healthScore({ ...healthy, callsLast7Days: 0 })).toEqual({ score: 70, breakdown: { ...none, engagement: -30 } });
  });

  it('takes 15 for more than 5 support tickets this month, not for 5', () => {
    expect(healthScore({ ...healthy, supportTicketsThisMonth: 6 })).toEqual({ score: 85, breakdown: { ...none, support: -15 } });
    expect(healthScore({ ...healthy, supportTicketsThisMonth: 5 })).toEqual({ score: 100, breakdown: none });
  });

  it('takes 50 for past due', () => {
    expect(healthScore({ ...healthy, pastDue: true })).toEqual({ score: 50, breakdown: { ...none, payment: -50 } });
  });

  it('adds the deductions of rules that apply together', () => {
    expect(healthScore({ ...healthy, callsLast30Days: 10, callsLast7Days: 0 })).toEqual({ score: 50, breakdown: { ...none, usage: -20, engagement: -30 } });
    expect(healthScore({ ...healthy, supportTicketsThisMonth: 9, pastDue: true })).toEqual({ score: 35, breakdown: { ...none, support: -15, payment: -50 } });
  });

  it('never goes below 0, and keeps every deduction in the breakdown', () => {
    const worst = healthScore({ callsLast30Days: 0, monthlyCallLimit: 500, callsLast7Days: 0, supportTicketsThisMonth: 20, pastDue: true });
    expect(worst).toEqual({ score: 0, breakdown: { usage: -20, engagement: -30, support: -15, payment: -50 } });
  });

  it('puts scores in bands: healthy ≥ 70, at risk 50–69, critical < 50', () => {
    expect([100, 70, 69, 50, 49, 0].map(healthBand)).toEqual(['healthy', 'healthy', 'at_risk', 'at_risk', 'critical', 'critical']);
  });

  it('starts a drop when a score falls below 50 or is first below it, not while it stays below', () => {
    expect(startsDrop(45, 50)).toBe(true);
    expect(startsDrop(45, null)).toBe(true);
    expect(startsDrop(45, 40)).toBe(false);
    expect(startsDrop(50, 80)).toBe(false);
  });
});
