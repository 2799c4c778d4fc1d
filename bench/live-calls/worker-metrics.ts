/**
 * The worker's own Temporal metrics (WORKER_METRICS_ADDRESS, Prometheus text), read at the
 * start and end of a window: where a turn's time goes inside the worker (waiting for a slot
 * or a poll, running the workflow, the model's local activity) and how its workflow cache
 * fares.
 */

interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export type Scrape = Series[];

export async function scrapeMetrics(url: string): Promise<Scrape> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  const series: Series[] = [];
  for (const line of (await response.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    series.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return series;
}

type Filter = Record<string, string>;
const matches = (s: Series, name: string, filter: Filter) => s.name === name && Object.entries(filter).every(([k, v]) => s.labels[k] === v);
const sum = (scrape: Scrape, name: string, filter: Filter) => scrape.filter((s) => matches(s, name, filter)).reduce((total, s) => total + s.value, 0);

/** A counter's growth between two scrapes, over every series of that name the filter keeps. */
export function counterDelta(from: Scrape, to: Scrape, name: string, filter: Filter = {}): number {
  return sum(to, name, filter) - sum(from, name, filter);
}

/** A gauge's value in a scrape (summed over the series the filter keeps); undefined when absent. */
export function gauge(scrape: Scrape, name: string, filter: Filter = {}): number | undefined {
  return scrape.some((s) => matches(s, name, filter)) ? sum(scrape, name, filter) : undefined;
}

export interface HistogramWindow {
  count: number;
  /** Upper bounds of the buckets holding the 50th and 99th percentiles (a histogram knows no better). */
  p50: number;
  p99: number;
  mean: number;
}

/** What a histogram recorded between two scrapes; undefined when it recorded nothing. */
export function histogramDelta(from: Scrape, to: Scrape, name: string, filter: Filter = {}): HistogramWindow | undefined {
  const count = counterDelta(from, to, `${name}_count`, filter);
  if (count <= 0) return undefined;
  const bounds = [...new Set(to.filter((s) => matches(s, `${name}_bucket`, filter)).map((s) => s.labels.le!))]
    .map((le) => ({ le, bound: le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le) }))
    .sort((a, b) => a.bound - b.bound);
  const cumulative = bounds.map(({ le, bound }) => ({ bound, count: counterDelta(from, to, `${name}_bucket`, { ...filter, le }) }));
  const at = (p: number) => cumulative.find((b) => b.count >= p * count)?.bound ?? Number.POSITIVE_INFINITY;
  return { count, p50: at(0.5), p99: at(0.99), mean: counterDelta(from, to, `${name}_sum`, filter) / count };
}
