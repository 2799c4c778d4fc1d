import { seconds } from './figures';
import { PostgresCpu, processCpuSeconds } from './process-cpu';

export interface CpuSample {
  temporal: number;
  node: number;
  postgres: number;
}

/**
 * CPU seconds used by the Temporal dev server, this process (API, worker, sandbox and the
 * bench's client) and the postgres processes, from /proc: on two cores, this says which
 * of them a phase waits on. Postgres is machine-wide (other databases included).
 */
export class CpuMeter {
  private readonly postgres = new PostgresCpu();

  constructor(private readonly temporalPid: number | undefined) {}

  stop(): void {
    this.postgres.stop();
  }

  mark(): CpuSample {
    const node = process.cpuUsage();
    return {
      temporal: this.temporalPid ? processCpuSeconds(this.temporalPid) || 0 : 0,
      node: (node.user + node.system) / 1e6,
      postgres: this.postgres.seconds(),
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
}
