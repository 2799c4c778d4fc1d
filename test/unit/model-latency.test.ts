import { modelDelayMs, normalQuantile, parseModelLatency } from '../../sandbox/openai/latency';

describe("the sandbox model's latency", () => {
  it('reads off and p50,p99, and refuses anything else in words', () => {
    expect(parseModelLatency('off')).toBeUndefined();
    expect(parseModelLatency('800,2500')).toEqual({ p50Ms: 800, p99Ms: 2500 });
    expect(() => parseModelLatency('800')).toThrow(/<p50 ms>,<p99 ms>/);
    expect(() => parseModelLatency('2500,800')).toThrow(/p50 ≤ p99/);
  });

  it('inverts the normal distribution', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 5);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
  });

  it('gives each text one delay, spread over texts with the median and 99th percentile asked for', () => {
    const latency = { p50Ms: 800, p99Ms: 2500 };
    expect(modelDelayMs('How much do you charge?', latency)).toBe(modelDelayMs('How much do you charge?', latency));
    const delays = Array.from({ length: 20_000 }, (_, i) => modelDelayMs(`caller words ${i}`, latency)).sort((a, b) => a - b);
    expect(delays[10_000]).toBeGreaterThan(760);
    expect(delays[10_000]).toBeLessThan(840);
    expect(delays[19_800]).toBeGreaterThan(2_300);
    expect(delays[19_800]).toBeLessThan(2_700);
  });
});
