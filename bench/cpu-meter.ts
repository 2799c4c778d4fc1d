import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { seconds } from './figures';

export interface CpuSample {
  temporal: number;
  node: number;
  postgres: number;
}

/**
 * CPU seconds used by the Temporal dev server, this process (API, worker, sandbox and the
 * bench's client) and the postgres processes, from /proc: on two cores, this says which
 * of them a phase waits on. Postgres is machine-wide (other databases included), and
 * sampled every 500 ms because backends come and go with the pools and take their
 * counters with them.
 */
export class CpuMeter {
  private readonly tick: number;
  private readonly seen = new Map<string, number>();
  private postgres = 0;
  private readonly sampler: NodeJS.Timeout;

  constructor(private readonly temporalPid: number | undefined) {
    let tick = 100;
    try {
      tick = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      // no getconf: Linux's usual value
    }
    this.tick = tick;
    this.samplePostgres(true);
    this.sampler = setInterval(() => this.samplePostgres(false), 500);
    this.sampler.unref();
  }

  stop(): void {
    clearInterval(this.sampler);
  }

  mark(): CpuSample {
    this.samplePostgres(false);
    const node = process.cpuUsage();
    return {
      temporal: this.temporalPid ? this.processSeconds(String(this.temporalPid)) || 0 : 0,
      node: (node.user + node.system) / 1e6,
      postgres: this.postgres,
    };
  }

  /** CPU seconds each used since `start`. */
  used(start: CpuSample): CpuSample {
    const end = this.mark();
    return { temporal: end.temporal - start.temporal, node: end.node - start.node, postgres: end.postgres - start.postgres };
  }

  since(start: CpuSample, wallMs: number): string {
    const used = this.used(start);
    const share = (s: number) => `${s.toFixed(1)} s (${Math.round((s / (wallMs / 1000)) * 100)}%)`;
    return `temporal ${share(used.temporal)}, node ${share(used.node)}, postgres ${share(used.postgres)} of ${seconds(wallMs)} (100% = one core)`;
  }

  private processSeconds(pid: string): number {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / this.tick; // utime + stime
    } catch {
      return Number.NaN; // gone, or not Linux
    }
  }

  /** Adds what each postgres process used since it was last seen; the first call only takes the baseline. */
  private samplePostgres(baseline: boolean): void {
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
      const now = this.processSeconds(pid);
      if (Number.isNaN(now)) continue;
      if (!baseline) this.postgres += now - (this.seen.get(pid) ?? 0);
      this.seen.set(pid, now);
    }
  }
}

