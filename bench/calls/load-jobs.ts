import { spawn, type ChildProcess } from 'node:child_process';
import { tsxArgs } from '../../runtime/tsx';
import type { Call } from './twilio-webhooks';

/**
 * The load the calls bench puts on a server, generated in a child process (see
 * load-generator.ts) so that the generator's own work never runs on the event loop of
 * the server it measures. The jobs and their results travel over the child's IPC channel.
 */

/** autocannon on the voice webhook: a fresh call (CallSid, tenant number, signature) per request. */
export interface CannonJob {
  kind: 'cannon';
  url: string;
  publicBaseUrl: string;
  numbers: string[];
  from: string;
  connections: number;
  seconds: number;
}

export interface CannonResult {
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  requestsPerSecond: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Answers that greet the caller and gather speech (rather than a fallback). */
  greeted: number;
  /** Every CallSid sent, answered or not: each may have started a call workflow. */
  sids: string[];
  cpuSeconds: number;
}

/** Whole calls as Twilio drives them: voice webhook, one turn per utterance, the final status. */
export interface CallsJob {
  kind: 'calls';
  url: string;
  publicBaseUrl: string;
  calls: Call[];
  utterances: string[];
  concurrency: number;
  /** Check each answer is the move the scripted conversation leads to (off against a server that answers anything). */
  checkAnswers: boolean;
}

export interface CallsResult {
  /** Epoch ms: the first webhook sent; the last status callback answered. */
  firstSentAt: number;
  lastAnsweredAt: number;
  /** Milliseconds per answer, by webhook (turns by their position in the call). */
  latency: { voice: number[]; turns: number[][]; status: number[] };
  /** Epoch ms at which each call's status callback was answered, by CallSid. */
  statusAnsweredAt: Record<string, number>;
  failures: number;
  failureExamples: string[];
  cpuSeconds: number;
}

/** Twilio's final status callback for calls that are still open. */
export interface HangUpJob {
  kind: 'hangUp';
  url: string;
  publicBaseUrl: string;
  calls: Call[];
  concurrency: number;
}

export interface HangUpResult {
  answered: number;
  failures: number;
  failureExamples: string[];
}

export type Job = CannonJob | CallsJob | HangUpJob;
export type JobMessage = { id: number; job: Job };
export type ResultMessage = { id: number; result?: unknown; error?: string };

export class LoadGenerator {
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ResultMessage) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error !== undefined) waiting.reject(new Error(`load generator: ${message.error}`));
      else waiting.resolve(message.result);
    });
    child.once('exit', (code, signal) => {
      this.exited = true;
      for (const waiting of this.pending.values()) waiting.reject(new Error(`the load generator exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  /** Starts the child; its output goes to the bench's. */
  static start(): LoadGenerator {
    const child = spawn(process.execPath, tsxArgs('bench/calls/load-generator.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new LoadGenerator(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  run(job: CannonJob): Promise<CannonResult>;
  run(job: CallsJob): Promise<CallsResult>;
  run(job: HangUpJob): Promise<HangUpResult>;
  run(job: Job): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error('the load generator has exited'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, job } satisfies JobMessage);
    });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.disconnect();
    await exited;
  }
}
