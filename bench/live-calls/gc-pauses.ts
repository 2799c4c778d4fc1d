import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { percentile } from '../figures';
import type { PartOutput } from './processes';

/**
 * A part's garbage-collection pauses (all its processes'), from the lines V8 prints with `--trace-gc`
 * (`[pid:isolate] 1234 ms: Scavenge 150.1 (200.2) -> 140.0 (201.0) MB, pooled: 0 MB,
 * 17.34 / 0.08 ms …`). Each pause stops its thread: the API's, a worker's main thread (the
 * local activities, the SDK's bridge) or its workflow thread (every workflow's
 * activations), so a turn that needs the thread then waits the whole pause.
 */
export class GcPauses {
  private readonly pauses: Array<{ at: number; ms: number; kind: string }> = [];

  watch(output: PartOutput): void {
    createInterface({ input: output }).on('line', (line) => {
      const match = /^\[\d+:0x[0-9a-f]+\]\s+\d+ ms: (\S+(?: \([\w ]+\))?) .*? MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms/.exec(line);
      if (match) this.pauses.push({ at: performance.timeOrigin + performance.now(), kind: match[1]!, ms: Number(match[2]) });
    });
  }

  /** The pauses between two instants (epoch ms): how many, their p50, p99 and longest, their sum, and how many passed 50 ms. */
  window(from: number, to: number): GcWindow {
    const within = this.pauses.filter((p) => p.at >= from && p.at <= to);
    const ms = within.map((p) => p.ms).sort((a, b) => a - b);
    const round = (x: number | undefined) => Math.round((x ?? 0) * 10) / 10;
    return {
      count: ms.length,
      p50Ms: round(percentile(ms, 0.5)),
      p99Ms: round(percentile(ms, 0.99)),
      maxMs: round(ms.at(-1)),
      totalMs: Math.round(ms.reduce((a, b) => a + b, 0)),
      over50Ms: ms.filter((x) => x > 50).length,
      fullGcs: within.filter((p) => p.kind.startsWith('Mark-Compact')).length,
    };
  }
}

export interface GcWindow {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  totalMs: number;
  over50Ms: number;
  /** Mark-compacts of the old generation (the memory reducer's among them), the longest kind. */
  fullGcs: number;
}

export const gcText = (g: GcWindow): string =>
  g.count === 0 ? 'none' : `${g.count} (${g.fullGcs} full), p50 ${g.p50Ms} p99 ${g.p99Ms} max ${g.maxMs} ms, ${g.over50Ms} over 50 ms, ${g.totalMs} ms in all`;
