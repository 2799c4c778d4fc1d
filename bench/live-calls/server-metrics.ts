import { counterDelta, histogramDelta, type HistogramWindow, type Scrape } from './worker-metrics';

/**
 * Inside the Temporal server over a window (its own Prometheus metrics, `--metrics-port`):
 * what its persistence cost, its writes of a workflow's state and how much of the window it
 * spent in persistence calls at all (the dev server keeps its state in one SQLite database,
 * whose calls run one at a time: near 100% of the window, calls queue), and its garbage
 * collector's pauses. (A turn's whole time at the frontend holds the model's delay, whose
 * tail swamps Kestrel's: the callers measure the overhead, these say where it may come from.)
 * The server's histograms count seconds; these figures are milliseconds.
 */
export interface ServerWindow {
  /** The history service's write of a workflow's new state (each workflow task completed, each update accepted). */
  stateWrite?: HistogramWindow;
  /** Every persistence call's time together, as a share of the window (%). */
  persistenceBusyPct: number;
  /** The server's Go garbage collector: its pauses. */
  gcPause?: HistogramWindow;
}

const inMs = (h: HistogramWindow | undefined): HistogramWindow | undefined =>
  h && { count: h.count, p50: h.p50 * 1000, p99: h.p99 * 1000, mean: Math.round(h.mean * 10_000) / 10 };

export function serverWindow(from: Scrape, to: Scrape, windowS: number): ServerWindow {
  return {
    stateWrite: inMs(histogramDelta(from, to, 'persistence_latency', { service_name: 'history', operation: 'UpdateWorkflowExecution' })),
    persistenceBusyPct: Math.round((counterDelta(from, to, 'persistence_latency_sum') / windowS) * 100),
    // Seconds too, whatever the name says; the dev server's services share one process, and each reports its pauses: one is read.
    gcPause: inMs(histogramDelta(from, to, 'memory_gc_pause_ms', { service_name: 'frontend' })),
  };
}

export function serverText(s: ServerWindow): string {
  const h = (x: HistogramWindow | undefined) => (x ? `p50 ≤${x.p50} p99 ≤${x.p99} ms` : '–');
  return `temporal: state write ${h(s.stateWrite)}; persistence busy ${s.persistenceBusyPct}% of the window; GC pause ${h(s.gcPause)}`;
}
