import { spawn, type ChildProcess } from 'node:child_process';
import { tsxArgs } from '../../runtime/tsx';
import type { ModelLatency } from '../../sandbox/openai/latency';

/**
 * The live-calls bench's callers, generated in a child process (callers.ts) so that their
 * work is measured apart from Kestrel's: what the parent asks of them and what they answer,
 * over the child's IPC channel.
 */

export interface CallerSetup {
  /** Where the webhooks are posted, and the address they are signed for (PUBLIC_BASE_URL). */
  url: string;
  publicBaseUrl: string;
  /** The tenants' numbers, called in turn. */
  numbers: string[];
  /** Each caller speaks every gapMs[0]–gapMs[1] ms (uniform), for turns[0]–turns[1] turns (uniform, the last one a goodbye). */
  gapMs: [number, number];
  turns: [number, number];
  /** The sandbox model's latency, to take each turn's model time out of its answer time. */
  latency: ModelLatency;
  /** Where the callers' random draws start: one seed, the same calls. */
  seed: number;
}

/** Calls arrive as a Poisson process at this rate (0: none), whether or not the answers keep up. */
export interface RateChange {
  callsPerSecond: number;
}

export interface Quantiles {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** What happened in a window of time: answers by their answer time, live calls sampled every second. */
export interface WindowStats {
  /** The voice webhook's answer time: how long a caller waits for the greeting. */
  greeting: Quantiles;
  /** A turn's answer time, and that time minus the model's delay over the turn. */
  turn: Quantiles;
  turnOverhead: Quantiles;
  live: { mean: number; peak: number; low: number };
  callsStarted: number;
  callsCompleted: number;
  /** Answers that put the caller through to the company (the agent could not answer), or were not the move expected. */
  fallbacks: number;
  /** Requests that failed outright (no answer, a 5xx). */
  errors: number;
  examples: string[];
  /**
   * How late the callers' own timers fired (checked every 20 ms): time their event loop or
   * the machine kept them waiting, which their answer times include though Kestrel did not spend it.
   */
  lateness: Quantiles;
}

export interface Finished {
  /** Every call whose final status callback was answered. */
  completedSids: string[];
  started: number;
  fallbacks: number;
  errors: number;
  examples: string[];
  cpuSeconds: number;
}

export type CallerRequest =
  | { id: number; type: 'setup'; setup: CallerSetup }
  | { id: number; type: 'rate'; rate: RateChange }
  | { id: number; type: 'window'; from: number; to: number }
  | { id: number; type: 'finish' };
export type CallerAnswer = { id: number; result?: unknown; error?: string };

/** A request without its id, which `ask` gives it. */
type Ask = CallerRequest extends infer R ? (R extends CallerRequest ? Omit<R, 'id'> : never) : never;

/** The parent's side: one child of callers. */
export class Callers {
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: CallerAnswer) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error !== undefined) waiting.reject(new Error(`callers: ${message.error}`));
      else waiting.resolve(message.result);
    });
    child.once('exit', (code, signal) => {
      this.exited = true;
      for (const waiting of this.pending.values()) waiting.reject(new Error(`the callers' process exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  static async start(setup: CallerSetup): Promise<Callers> {
    const child = spawn(process.execPath, tsxArgs('bench/live-calls/callers.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const callers = new Callers(child);
    await callers.ask({ type: 'setup', setup });
    return callers;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  rate(callsPerSecond: number): Promise<void> {
    return this.ask({ type: 'rate', rate: { callsPerSecond } }) as Promise<void>;
  }

  window(from: number, to: number): Promise<WindowStats> {
    return this.ask({ type: 'window', from, to }) as Promise<WindowStats>;
  }

  /** No new calls; resolves once every call in progress has ended. */
  finish(): Promise<Finished> {
    return this.ask({ type: 'finish' }) as Promise<Finished>;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }

  private ask(request: Ask): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error("the callers' process has exited"));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ ...request, id } as CallerRequest);
    });
  }
}
