import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { inParallel } from '../figures';
import type { CallsJob, CallsResult, CannonJob, CannonResult, HangUpJob, HangUpResult, Job, JobMessage, ResultMessage } from './load-jobs';
import { STATUS_PATH, TURN_PATH, VOICE_PATH, WebhookClient, callParams, newCallSid, signedWebhook, type Call, type WebhookAnswer } from './twilio-webhooks';

/**
 * The calls bench's load generator, run as a child process (see load-jobs.ts): takes one
 * job at a time from the parent and answers with its figures. Exits when the parent
 * disconnects.
 */

const epochMs = () => performance.timeOrigin + performance.now();

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

async function cannon(job: CannonJob): Promise<CannonResult> {
  const sids: string[] = [];
  let greeted = 0;
  const cpu = process.cpuUsage();
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: VOICE_PATH,
        setupRequest: (request) => {
          const call: Call = { sid: newCallSid(), from: job.from, to: job.numbers[sids.length % job.numbers.length]! };
          sids.push(call.sid);
          const { body, headers } = signedWebhook(job.publicBaseUrl, VOICE_PATH, callParams(call, { CallStatus: 'ringing' }));
          return { ...request, body, headers };
        },
        onResponse: (status, body) => {
          if (status === 200 && body.includes('<Gather')) greeted++;
        },
      },
    ],
  });
  return {
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, average: result.latency.average, max: result.latency.max },
    requestsPerSecond: result.requests.average,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    greeted,
    sids,
    cpuSeconds: cpuSecondsSince(cpu),
  };
}

class Failures {
  count = 0;
  readonly examples: string[] = [];

  note(what: string): void {
    this.count++;
    if (this.examples.length < 5) this.examples.push(what);
  }

  /** Notes an answer that is not the expected one; true when it is. */
  check(what: string, answer: WebhookAnswer, status: number, contains?: string): boolean {
    if (answer.status === status && (!contains || answer.body.includes(contains))) return true;
    this.note(`${what}: ${answer.status} ${answer.body.slice(0, 300)}`);
    return false;
  }
}

async function calls(job: CallsJob): Promise<CallsResult> {
  const client = new WebhookClient(job.url, job.concurrency);
  const latency = { voice: [] as number[], turns: job.utterances.map(() => [] as number[]), status: [] as number[] };
  const statusAnsweredAt: Record<string, number> = {};
  const failures = new Failures();
  const cpu = process.cpuUsage();
  const post = (call: Call, path: string, extra: Record<string, string>) => client.post(path, signedWebhook(job.publicBaseUrl, path, callParams(call, extra)));
  const firstSentAt = epochMs();
  try {
    await inParallel(job.calls, job.concurrency, async (call) => {
      try {
        const voice = await post(call, VOICE_PATH, { CallStatus: 'ringing' });
        latency.voice.push(voice.ms);
        if (job.checkAnswers) failures.check(`${call.sid} voice`, voice, 200, '<Gather');
        for (const [i, words] of job.utterances.entries()) {
          const turn = await post(call, TURN_PATH, { CallStatus: 'in-progress', SpeechResult: words, Confidence: '0.92' });
          latency.turns[i]!.push(turn.ms);
          if (job.checkAnswers) failures.check(`${call.sid} turn ${i + 1}`, turn, 200, i === job.utterances.length - 1 ? '<Hangup' : '<Gather');
        }
      } catch (error) {
        failures.note(`${call.sid}: ${error instanceof Error ? error.message : String(error)}`);
      }
      // The final status goes whatever happened before: it is what ends the call's workflow.
      try {
        const status = await post(call, STATUS_PATH, { CallStatus: 'completed', CallDuration: '42', Duration: '1' });
        latency.status.push(status.ms);
        if (failures.check(`${call.sid} status`, status, 204)) statusAnsweredAt[call.sid] = epochMs();
      } catch (error) {
        failures.note(`${call.sid} status: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  } finally {
    client.close();
  }
  return {
    firstSentAt,
    lastAnsweredAt: epochMs(),
    latency,
    statusAnsweredAt,
    failures: failures.count,
    failureExamples: failures.examples,
    cpuSeconds: cpuSecondsSince(cpu),
  };
}

async function hangUp(job: HangUpJob): Promise<HangUpResult> {
  const client = new WebhookClient(job.url, job.concurrency);
  const failures = new Failures();
  let answered = 0;
  try {
    await inParallel(job.calls, job.concurrency, async (call) => {
      try {
        const status = await client.post(STATUS_PATH, signedWebhook(job.publicBaseUrl, STATUS_PATH, callParams(call, { CallStatus: 'completed', CallDuration: '3', Duration: '1' })));
        if (failures.check(`${call.sid} status`, status, 204)) answered++;
      } catch (error) {
        failures.note(`${call.sid} status: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  } finally {
    client.close();
  }
  return { answered, failures: failures.count, failureExamples: failures.examples };
}

function perform(job: Job): Promise<unknown> {
  switch (job.kind) {
    case 'cannon':
      return cannon(job);
    case 'calls':
      return calls(job);
    case 'hangUp':
      return hangUp(job);
  }
}

if (!process.send) {
  process.stderr.write('bench/calls/load-generator.ts runs as a child of the calls bench (npm run bench calls)\n');
  process.exit(2);
}
process.on('message', (message: JobMessage) => {
  perform(message.job).then(
    (result) => process.send!({ id: message.id, result } satisfies ResultMessage),
    (error: unknown) => process.send!({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies ResultMessage),
  );
});
process.on('disconnect', () => process.exit(0));
