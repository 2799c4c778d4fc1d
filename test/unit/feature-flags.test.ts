import { bucket, evaluate, isEnabled, type FlagDefinition } from '../../domain/feature-flags';

/** A small seeded generator (mulberry32), so the ten thousand tenant ids are the same every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function uuids(count: number, seed: number): string[] {
  const random = seeded(seed);
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return Array.from({ length: count }, () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`);
}

describe('feature flag evaluation', () => {
  const tenants = uuids(10_000, 20_240_601);
  const flag = (rollout: number, dflt = false): FlagDefinition => ({ name: 'premium_model', default: dflt, rollout_percentage: rollout });
  const selected = (f: FlagDefinition) => tenants.filter((t) => isEnabled(f, t));

  it('selects 10% ± 1.5% of 10,000 tenants at a 10% rollout', () => {
    const share = selected(flag(10)).length / tenants.length;
    expect(share).toBeGreaterThanOrEqual(0.085);
    expect(share).toBeLessThanOrEqual(0.115);
  });

  it('selects the same tenants every time it is evaluated', () => {
    expect(selected(flag(10))).toEqual(selected(flag(10)));
    expect(tenants.slice(0, 50).map((t) => bucket(t, 'premium_model'))).toEqual(tenants.slice(0, 50).map((t) => bucket(t, 'premium_model')));
  });

  it('keeps every tenant of a rollout when the rollout is raised', () => {
    const ten = selected(flag(10));
    const twenty = new Set(selected(flag(20)));
    expect(ten.every((t) => twenty.has(t))).toBe(true);
    expect(twenty.size / tenants.length).toBeGreaterThanOrEqual(0.185);
    expect(twenty.size / tenants.length).toBeLessThanOrEqual(0.215);
  });

  it('gives each flag its own order of tenants', () => {
    const other: FlagDefinition = { name: 'sms_confirmations', default: false, rollout_percentage: 10 };
    const a = new Set(selected(flag(10)));
    const overlap = selected(other).filter((t) => a.has(t)).length;
    // Independent 10% samples share about 1% of the tenants, not the whole 10%.
    expect(overlap / tenants.length).toBeLessThan(0.03);
  });

  it('lets an override beat the rollout and the default, either way', () => {
    const inRollout = tenants.find((t) => bucket(t, 'premium_model') < 10)!;
    const outside = tenants.find((t) => bucket(t, 'premium_model') >= 10)!;
    expect(evaluate(flag(10), inRollout)).toEqual({ enabled: true, source: 'rollout' });
    expect(evaluate(flag(10), inRollout, false)).toEqual({ enabled: false, source: 'override' });
    expect(evaluate(flag(10), outside)).toEqual({ enabled: false, source: 'default' });
    expect(evaluate(flag(10), outside, true)).toEqual({ enabled: true, source: 'override' });
    expect(evaluate(flag(0, true), outside, false)).toEqual({ enabled: false, source: 'override' });
    expect(evaluate(flag(10), outside, null)).toEqual({ enabled: false, source: 'default' });
  });

  it('gives the default outside the rollout, nobody at 0% and everybody at 100%', () => {
    expect(selected(flag(0))).toEqual([]);
    expect(selected(flag(100))).toHaveLength(tenants.length);
    expect(selected(flag(0, true))).toHaveLength(tenants.length);
    expect(evaluate(flag(0, true), tenants[0]!)).toEqual({ enabled: true, source: 'default' });
  });

  it('reads a tenant id the same in either case', () => {
    expect(bucket(tenants[0]!.toUpperCase(), 'premium_model')).toBe(bucket(tenants[0]!, 'premium_model'));
  });
});
