import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/** Clock ticks a second, the unit of /proc's CPU times. */
const TICK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100; // no getconf: Linux's usual value
  }
})();

/** CPU seconds a process has used (user + system), from /proc; NaN once it is gone (or off Linux). */
export function processCpuSeconds(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICK; // utime + stime
  } catch {
    return Number.NaN;
  }
}

/** A process's resident memory in bytes, from /proc; NaN once it is gone. */
export function processRss(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds used by every postgres process on the machine (other databases included),
 * sampled every 500 ms: backends come and go with the pools and take their counters with
 * them, so what each used is added up while it lives.
 */
export class PostgresCpu {
  private readonly seen = new Map<string, number>();
  private total = 0;
  private readonly sampler: NodeJS.Timeout;

  constructor() {
    this.sample(true);
    this.sampler = setInterval(() => this.sample(false), 500);
    this.sampler.unref();
  }

  /** CPU seconds used since this meter started. */
  seconds(): number {
    this.sample(false);
    return this.total;
  }

  stop(): void {
    clearInterval(this.sampler);
  }

  /** Adds what each postgres process used since it was last seen; the first call only takes the baseline. */
  private sample(baseline: boolean): void {
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
    } catch {
      return;
    }
    for (const pid of pids) {
      let comm: string;
      try {
        comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      } catch {
        continue; // exited meanwhile
      }
      if (comm !== 'postgres') continue;
      const now = processCpuSeconds(pid);
      if (Number.isNaN(now)) continue;
      if (!baseline) this.total += now - (this.seen.get(pid) ?? 0);
      this.seen.set(pid, now);
    }
  }
}
