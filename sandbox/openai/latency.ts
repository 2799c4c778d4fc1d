import { createHash } from 'node:crypto';

/**
 * How long the sandbox's model takes to answer, when asked to take as long as a real one
 * (SANDBOX_MODEL_LATENCY): a log-normal delay with the given median and 99th percentile,
 * the shape chat-completion latencies have. The delay of a request is a function of its
 * last message's text, so a load generator that knows what its caller said knows how long
 * the model took over that turn, and can take it out of the turn's answer time.
 */
export interface ModelLatency {
  p50Ms: number;
  p99Ms: number;
}

/** `off`, or `<p50 ms>,<p99 ms>` as in `800,2500`; undefined for `off`. Throws on anything else. */
export function parseModelLatency(spec: string): ModelLatency | undefined {
  if (spec.trim() === 'off') return undefined;
  const match = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(spec);
  if (!match) throw new Error(`expected "off" or "<p50 ms>,<p99 ms>" (e.g. 800,2500), got "${spec}"`);
  const [p50Ms, p99Ms] = [Number(match[1]), Number(match[2])];
  if (p50Ms < 1 || p99Ms < p50Ms) throw new Error(`expected 1 ≤ p50 ≤ p99, got ${p50Ms},${p99Ms}`);
  return { p50Ms, p99Ms };
}

/** The 99th percentile of the standard normal distribution. */
const Z99 = 2.326347874;

/** The model's delay over a request whose last message says `text`. */
export function modelDelayMs(text: string, latency: ModelLatency): number {
  const sigma = Math.log(latency.p99Ms / latency.p50Ms) / Z99;
  return Math.round(latency.p50Ms * Math.exp(sigma * normalQuantile(uniformOf(text))));
}

/** A number in (0, 1) spread evenly over texts: the first 48 bits of the text's SHA-256. */
function uniformOf(text: string): number {
  const bits = createHash('sha256').update(text).digest().readUIntBE(0, 6);
  return (bits + 0.5) / 2 ** 48;
}

/**
 * The standard normal quantile (inverse CDF), by Acklam's rational approximation
 * (relative error below 1.2e-9), which is plenty for a simulated delay.
 */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}
