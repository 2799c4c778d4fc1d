import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { stopChild } from './temporal-dev-server';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Where the child's output goes: the console with a name prefix, or a log file. */
  logFile?: string;
}

/**
 * Keeps a child process running: restarts it when it dies unexpectedly, with a backoff
 * that grows while it keeps dying and resets once it has stayed up for a minute.
 */
export class Supervised {
  private child?: ChildProcess;
  private stopping = false;
  private failures = 0;

  constructor(
    private readonly spec: ChildSpec,
    private readonly log: (message: string) => void,
  ) {}

  start(): void {
    const startedAt = Date.now();
    const toFile = this.spec.logFile ? createWriteStream(this.spec.logFile, { flags: 'a' }) : undefined;
    const child = spawn(this.spec.command, this.spec.args, {
      env: this.spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // A process group of its own: Ctrl-C in the terminal reaches the supervisor only,
      // which stops the children one after another. Signalled all at once, Temporal and
      // the sandbox would go while the worker still finishes its activities, and the
      // supervisor's own SIGTERM, a second signal, would kill the worker mid-grace.
      detached: true,
    });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (toFile) stream?.pipe(toFile);
      else stream?.on('data', (chunk: Buffer) => this.forward(chunk));
    }
    child.once('exit', (code, signal) => {
      toFile?.end();
      if (this.stopping) return;
      this.failures = Date.now() - startedAt > 60_000 ? 1 : this.failures + 1;
      const delay = Math.min(30_000, 1_000 * 2 ** (this.failures - 1));
      this.log(`${this.spec.name} exited (${signal ?? code}); restarting in ${delay / 1000} s`);
      setTimeout(() => this.stopping || this.start(), delay).unref();
    });
  }

  get process(): ChildProcess | undefined {
    return this.child;
  }

  /** From now on an exit is expected, not restarted (the children are stopped one at a time). */
  markStopping(): void {
    this.stopping = true;
  }

  /**
   * SIGTERM, then SIGKILL once `graceMs` has passed. A child that does not stop cleanly
   * is named: one held up by something left open makes the whole stop wait its grace.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await stopChild(child, graceMs);
    if (child.signalCode === 'SIGKILL') this.log(`${this.spec.name} did not stop within ${graceMs / 1000} s: killed`);
    else if (child.exitCode !== 0) this.log(`${this.spec.name} did not stop cleanly (${child.signalCode ?? `exit code ${child.exitCode}`})`);
  }

  /** At once, without a grace: for a second Ctrl-C. */
  kill(): void {
    this.stopping = true;
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  private pending = '';

  private forward(chunk: Buffer): void {
    const lines = (this.pending + chunk.toString()).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) process.stdout.write(`${this.spec.name.padEnd(8)}| ${line}\n`);
  }
}
