import { performance } from 'node:perf_hooks';
import { modelDelayMs } from '../../sandbox/openai/latency';
import { STATUS_PATH, TURN_PATH, VOICE_PATH, WebhookClient, callParams, newCallSid, signedWebhook, type Call, type WebhookAnswer } from '../calls/twilio-webhooks';
import { sleep } from '../figures';
import type { CallerAnswer, CallerRequest, CallerSetup, Finished, Quantiles, WindowStats } from './caller-jobs';

/**
 * The live-calls bench's callers, as a child process (caller-jobs.ts has the parent's
 * side): calls arrive as a Poisson process at the rate the parent sets, each one played
 * as Twilio plays a call (the voice webhook, a gather turn every few seconds with the
 * caller's words, the final status callback), signed as Twilio signs them. Every answer
 * is kept with the time it came, for the parent to ask about any window of time.
 */

/** What callers ask: nothing the scripted model reads as a visit, an emergency, a day or a goodbye, so every turn is one model call. */
const QUESTIONS = [
  'My furnace is making a strange noise.',
  'How much do you usually charge for that?',
  'Do you work on older boilers?',
  'What brands of heat pumps do you carry?',
  'Is that covered by a warranty?',
  'How long have you been in business?',
  'Do you offer financing?',
  'Are your people licensed and insured?',
  'What areas do you cover?',
  'Can you tell me what usually causes that?',
];
const GOODBYE = "No thanks, that's all. Goodbye.";
/** Letters that spell no word the model or the workflow listens for: each turn's words are unique, and so is the model's delay over them. */
const TAG_LETTERS = 'bcdfghjkmnpqrstvwxz';
/** Twilio gives up on a webhook after 15 s. */
const TWILIO_TIMEOUT_MS = 15_000;
/** How often the callers check their own clock: a caller's answer times include any delay of their own event loop. */
const LATENESS_TICK_MS = 20;

const now = () => performance.timeOrigin + performance.now();
type Random = () => number;
const uniform = (random: Random, [low, high]: [number, number]) => low + random() * (high - low);
const tag = (random: Random) => Array.from({ length: 8 }, () => TAG_LETTERS[Math.floor(random() * TAG_LETTERS.length)]).join('');

/** Numbers in [0, 1) from a seed (mulberry32): the same seed, the same numbers. */
function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Timeline {
  readonly at: number[] = [];
  readonly values: number[] = [];

  add(at: number, value: number): void {
    this.at.push(at);
    this.values.push(value);
  }

  within(from: number, to: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.at.length; i++) if (this.at[i]! >= from && this.at[i]! < to) out.push(this.values[i]!);
    return out;
  }
}

function quantiles(values: number[]): Quantiles {
  if (values.length === 0) return { count: 0, p50: 0, p99: 0, max: 0 };
  const sorted = values.sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: Math.round(sorted[sorted.length - 1]!) };
}

class Run {
  private readonly client: WebhookClient;
  private readonly greeting = new Timeline();
  private readonly turn = new Timeline();
  private readonly turnOverhead = new Timeline();
  private readonly live = new Timeline();
  private readonly started = new Timeline();
  private readonly completed = new Timeline();
  private readonly fallbacks = new Timeline();
  private readonly errors = new Timeline();
  private readonly lateness = new Timeline();
  private readonly examples: string[] = [];
  private readonly completedSids: string[] = [];
  private liveCalls = 0;
  private callsPerSecond = 0;
  private arrival: NodeJS.Timeout | undefined;
  private readonly sampler: NodeJS.Timeout;
  private readonly lateProbe: NodeJS.Timeout;
  private callNumber = 0;
  /**
   * The arrivals, and each call's own stream (its turns, their gaps and words), drawn from
   * the run's seed: two runs with one seed place the same calls at the same moments, however
   * Kestrel answers, so a lever is compared call for call.
   */
  private readonly arrivals: Random;
  private readonly cpu = process.cpuUsage();
  private allEnded: (() => void) | undefined;

  constructor(private readonly setup: CallerSetup) {
    this.client = new WebhookClient(setup.url, 4096);
    this.arrivals = seeded(setup.seed);
    this.sampler = setInterval(() => this.live.add(now(), this.liveCalls), 1000);
    let due = now() + LATENESS_TICK_MS;
    this.lateProbe = setInterval(() => {
      const at = now();
      this.lateness.add(at, Math.max(0, at - due));
      due = at + LATENESS_TICK_MS;
    }, LATENESS_TICK_MS);
  }

  rate(callsPerSecond: number): void {
    this.callsPerSecond = callsPerSecond;
    clearTimeout(this.arrival);
    this.scheduleArrival();
  }

  window(from: number, to: number): WindowStats {
    const live = this.live.within(from, to);
    return {
      greeting: quantiles(this.greeting.within(from, to)),
      turn: quantiles(this.turn.within(from, to)),
      turnOverhead: quantiles(this.turnOverhead.within(from, to)),
      live: {
        mean: live.length ? Math.round(live.reduce((a, b) => a + b, 0) / live.length) : 0,
        peak: live.length ? Math.max(...live) : 0,
        low: live.length ? Math.min(...live) : 0,
      },
      callsStarted: this.started.within(from, to).length,
      callsCompleted: this.completed.within(from, to).length,
      fallbacks: this.fallbacks.within(from, to).length,
      errors: this.errors.within(from, to).length,
      examples: this.examples.slice(0, 5),
      lateness: quantiles(this.lateness.within(from, to)),
    };
  }

  async finish(): Promise<Finished> {
    this.rate(0);
    if (this.liveCalls > 0) await new Promise<void>((resolve) => (this.allEnded = resolve));
    clearInterval(this.sampler);
    clearInterval(this.lateProbe);
    this.client.close();
    const used = process.cpuUsage(this.cpu);
    return {
      completedSids: this.completedSids,
      started: this.callNumber,
      fallbacks: this.fallbacks.at.length,
      errors: this.errors.at.length,
      examples: this.examples.slice(0, 10),
      cpuSeconds: (used.user + used.system) / 1e6,
    };
  }

  /** The next arrival after an exponential gap: a Poisson process at the rate set. */
  private scheduleArrival(): void {
    if (this.callsPerSecond <= 0) return;
    const gapMs = (-Math.log(1 - this.arrivals()) / this.callsPerSecond) * 1000;
    this.arrival = setTimeout(() => {
      void this.call(this.callNumber++);
      this.scheduleArrival();
    }, gapMs);
  }

  private async call(n: number): Promise<void> {
    const startedAt = now();
    const random = seeded(Math.imul(this.setup.seed ^ (n + 1), 0x9e3779b1));
    const call: Call = { sid: newCallSid(), from: `+1617${String(2_000_000 + Math.floor(random() * 8_000_000))}`, to: this.setup.numbers[n % this.setup.numbers.length]! };
    this.liveCalls++;
    this.started.add(startedAt, 1);
    try {
      await this.converse(call, random);
    } catch (error) {
      this.failed(this.errors, `${call.sid}: ${error instanceof Error ? error.message : String(error)}`);
    }
    // The final status goes whatever happened before: it is what ends the call's workflow.
    try {
      const duration = String(Math.round((now() - startedAt) / 1000));
      const status = await this.post(call, STATUS_PATH, { CallStatus: 'completed', CallDuration: duration, Duration: '1' });
      if (status.status === 204) {
        this.completed.add(now(), 1);
        this.completedSids.push(call.sid);
      } else this.failed(this.errors, `${call.sid} status: ${status.status} ${status.body.slice(0, 200)}`);
    } catch (error) {
      this.failed(this.errors, `${call.sid} status: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.liveCalls--;
    if (this.liveCalls === 0) this.allEnded?.();
  }

  private async converse(call: Call, random: Random): Promise<void> {
    const voice = await this.post(call, VOICE_PATH, { CallStatus: 'ringing' });
    this.greeting.add(now(), voice.ms);
    if (!this.expected(call, 'greeting', voice, '<Gather')) return;
    const turns = Math.round(uniform(random, this.setup.turns));
    for (let i = 1; i <= turns; i++) {
      await sleep(uniform(random, this.setup.gapMs));
      const last = i === turns;
      const words = last ? GOODBYE : `${QUESTIONS[(i - 1) % QUESTIONS.length]} Reference ${tag(random)}.`;
      const answer = await this.post(call, TURN_PATH, { CallStatus: 'in-progress', SpeechResult: words, Confidence: '0.92' });
      const at = now();
      this.turn.add(at, answer.ms);
      this.turnOverhead.add(at, answer.ms - modelDelayMs(words, this.setup.latency));
      if (!this.expected(call, `turn ${i}`, answer, last ? '<Hangup' : '<Gather')) return;
    }
  }

  /** True when the answer is the agent's move expected; else the caller was put through to the company (or worse), and the call goes no further. */
  private expected(call: Call, what: string, answer: WebhookAnswer, move: string): boolean {
    if (answer.status === 200 && answer.body.includes(move)) return true;
    const timeline = answer.status === 200 ? this.fallbacks : this.errors;
    this.failed(timeline, `${call.sid} ${what}: ${answer.status} ${answer.body.slice(0, 200)}`);
    return false;
  }

  private failed(timeline: Timeline, example: string): void {
    timeline.add(now(), 1);
    if (this.examples.length < 20) this.examples.push(example);
  }

  private post(call: Call, path: string, extra: Record<string, string>): Promise<WebhookAnswer> {
    return this.client.post(path, signedWebhook(this.setup.publicBaseUrl, path, callParams(call, extra)), TWILIO_TIMEOUT_MS);
  }
}

let run: Run | undefined;

async function perform(request: CallerRequest): Promise<unknown> {
  switch (request.type) {
    case 'setup':
      run = new Run(request.setup);
      return undefined;
    case 'rate':
      run!.rate(request.rate.callsPerSecond);
      return undefined;
    case 'window':
      return run!.window(request.from, request.to);
    case 'finish':
      return run!.finish();
  }
}

if (!process.send) {
  process.stderr.write('bench/live-calls/callers.ts runs as a child of the live-calls bench (npm run bench live-calls)\n');
  process.exit(2);
}
process.on('message', (request: CallerRequest) => {
  perform(request).then(
    (result) => process.send!({ id: request.id, result } satisfies CallerAnswer),
    (error: unknown) => process.send!({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies CallerAnswer),
  );
});
process.on('disconnect', () => process.exit(0));
