import type { ChildProcess } from 'node:child_process';

/**
 * A child process of a bench that reports over IPC (a worker measuring itself): the parent
 * sends it requests and waits for its reports by type, or learns that it has exited.
 */
export class ReportingChild<Report extends { type: string }, Request> {
  private readonly reports: Report[] = [];
  private readonly waiting: Array<() => void> = [];
  private exited: string | null = null;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (report: Report) => {
      this.reports.push(report);
      for (const wake of this.waiting.splice(0)) wake();
    });
    child.once('exit', (code, signal) => {
      this.exited = `the ${name} exited (${code ?? signal})`;
      for (const wake of this.waiting.splice(0)) wake();
    });
  }

  /** The next report of this type, or a rejection once the process has exited. */
  async next<T extends Report['type']>(type: T): Promise<Extract<Report, { type: T }>> {
    for (;;) {
      const i = this.reports.findIndex((r) => r.type === type);
      if (i >= 0) return this.reports.splice(i, 1)[0] as Extract<Report, { type: T }>;
      if (this.exited) throw new Error(this.exited);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  send(request: Request): void {
    this.child.send(request as object);
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }
}
