import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import OpenAI from 'openai';
import { agentActivities } from '../activities/agent';
import { database } from '../db/connection';
import { openaiClient } from '../providers/openai';
import type { TranscriptLine } from '../workflows/call-messages';
import { startBareWebhooks } from './calls/bare-webhooks';
import { LoadGenerator, type CallsResult, type CannonResult } from './calls/load-jobs';
import { STATUS_PATH, TURN_PATH, VOICE_PATH, WebhookClient, callParams, newCallSid, signedWebhook, spokenWords, type Call } from './calls/twilio-webhooks';
import { untilNoCallRuns } from './calls/call-runs';
import { spread, workflowTimings, type WorkflowTimings } from './calls/workflow-timings';
import type { CpuSample } from './cpu-meter';
import { line, percentile, positiveInt, range, rate, seconds, sleep } from './figures';
import { liveTenants, pgArray, runBench, startBenchPlatform, type Api, type BenchPlatform, type Cleanup, type LiveTenant } from './platform';

/**
 * The call path under load, on the whole platform in this process (sandbox, one worker,
 * the API listening before PUBLIC_BASE_URL is set, so signatures are checked against its
 * real address) against its own in-memory Temporal dev server and a fresh database, with
 * BENCH_CALL_TENANTS live tenants (onboarded, given a number and activated through the
 * API, open around the clock). Three figures, each against a baseline of the same run:
 *   1. webhook: autocannon on POST /webhooks/twilio/voice, a new signed call per request
 *      (each starts a real call workflow), against a bare Express app answering the same
 *      TwiML; p99 ratio. Beside it, Temporal's own latency for a bare workflow start.
 *   2. drain: BENCH_CALLS whole calls (voice webhook, three turns, the `completed` status),
 *      BENCH_CALL_CONCURRENCY at a time, until every call is in call_logs; calls/s, where
 *      the time went, and a check that logs and metering match the calls exactly.
 *   3. per-turn overhead, once the drain's aftermath has settled: a turn's webhook latency
 *      minus the same chat completion timed directly against the sandbox.
 *
 * The load (autocannon and the simulated calls) comes from a child process, so the
 * generator never shares the event loop of the servers it measures; the bare app runs in
 * this process beside the API, so both servers have the same neighbours.
 *
 * BENCH_CALL_TENANTS (100), BENCH_WEBHOOK_SECONDS (20), BENCH_WEBHOOK_CONNECTIONS (50),
 * BENCH_CALLS (5000), BENCH_CALL_CONCURRENCY (50), BENCH_TURN_CALLS (100: three turns each),
 * BENCH_HISTORY_SAMPLE (200 call histories read for the activity timings),
 * BENCH_DATABASE_URL (a superuser URL; else found as npm start finds it).
 */
const TENANTS = positiveInt('BENCH_CALL_TENANTS', 100);
const WEBHOOK_SECONDS = positiveInt('BENCH_WEBHOOK_SECONDS', 20);
const WEBHOOK_CONNECTIONS = positiveInt('BENCH_WEBHOOK_CONNECTIONS', 50);
const CALLS = positiveInt('BENCH_CALLS', 5000);
const CONCURRENCY = positiveInt('BENCH_CALL_CONCURRENCY', 50);
const TURN_CALLS = positiveInt('BENCH_TURN_CALLS', 100);
const HISTORY_SAMPLE = positiveInt('BENCH_HISTORY_SAMPLE', 200);

const TARGETS = { webhookP99Ratio: 2.5, drainCallsPerSecond: 50, turnOverheadP99Ms: 50 };

/**
 * What each simulated caller says. The sandbox's scripted model offers a visit after the
 * first two (no day or time is ever named, so nothing is booked and no two calls compete
 * for a slot) and ends the call with `end_call` on the goodbye: one model call per turn.
 */
const CONVERSATION = ['Hi, my furnace is making a strange noise.', 'How much do you usually charge for that?', "No thanks, that's all. Goodbye."];

/** Each phase calls from its own number, so its calls can be told apart in call_logs. */
const CALLERS = { warmUp: '+16175550101', webhook: '+16175550102', drain: '+16175550103', turn: '+16175550104' };

/** A phase that makes no progress for this long has stalled. */
const STALL_MS = 180_000;

export function run(): Promise<void> {
  return runBench(bench);
}

type Tenant = LiveTenant;

async function bench(tag: string, cleanup: Cleanup): Promise<void> {
  const startedAt = new Date();
  process.stdout.write(
    `calls (${TENANTS} tenants; webhook ${WEBHOOK_CONNECTIONS} connections × ${WEBHOOK_SECONDS} s; drain ${CALLS} calls, ${CONCURRENCY} at a time; ` +
      `${TURN_CALLS * CONVERSATION.length} timed turns) — started ${startedAt.toISOString()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`,
  );
  const stage = await setUp(tag, cleanup);
  const webhook = await webhookFigure(stage);
  const drain = await drainFigure(stage);
  const turn = await turnFigure(stage);

  const figures = {
    bench: 'calls',
    startedAt: startedAt.toISOString(),
    loadAverage: loadavg(),
    sizes: { tenants: TENANTS, webhookSeconds: WEBHOOK_SECONDS, webhookConnections: WEBHOOK_CONNECTIONS, calls: CALLS, concurrency: CONCURRENCY, timedTurns: turn.figures.turns },
    webhook: webhook.figures,
    drain: drain.figures,
    turn: turn.figures,
    targets: {
      webhookP99Ratio: { target: TARGETS.webhookP99Ratio, value: webhook.p99Ratio, met: webhook.p99Ratio <= TARGETS.webhookP99Ratio },
      drainCallsPerSecond: { target: TARGETS.drainCallsPerSecond, value: drain.callsPerSecond, met: drain.callsPerSecond >= TARGETS.drainCallsPerSecond },
      turnOverheadP99Ms: { target: TARGETS.turnOverheadP99Ms, value: turn.overheadP99, met: turn.overheadP99 < TARGETS.turnOverheadP99Ms },
    },
  };
  process.stdout.write(`\n${JSON.stringify(figures)}\n`);
  if (drain.mismatches > 0) throw new Error(`${drain.mismatches} tenants' logs or metering do not match their calls (see above)`);
}

/** What every part of the bench works with. */
interface Stage {
  tag: string;
  platform: BenchPlatform;
  api: Api;
  publicBaseUrl: string;
  tenants: Tenant[];
  /** Posts webhooks from this process (the per-turn timings, one call at a time). */
  webhooks: WebhookClient;
  load: LoadGenerator;
  bare: { url: string };
  watch(name: 'bare' | 'kestrel'): Phase;
}

/** The platform, its tenants, a call by hand and one per tenant to warm up, the bare app and the load generator. */
async function setUp(tag: string, cleanup: Cleanup): Promise<Stage> {
  const platform = await startBenchPlatform(tag, cleanup, {}, { publicBaseUrlIsApi: true });
  const { client, guarded, api } = platform;
  const publicBaseUrl = api.url;

  let took = performance.now();
  const tenants: Tenant[] = await guarded(liveTenants(api, tag, TENANTS));
  line('tenants onboarded, provisioned, activated', `${tenants.length} in ${seconds(performance.now() - took)}`);

  // One call by hand: checks the conversation goes as scripted and keeps the TwiML the bare app will answer with.
  const webhooks = new WebhookClient(api.url, 4);
  cleanup.add('webhook client', async () => webhooks.close());
  const answers = await conversation(webhooks, publicBaseUrl, { sid: newCallSid(), from: CALLERS.warmUp, to: tenants[0]!.phoneNumber });

  const load = LoadGenerator.start();
  cleanup.add('load generator', () => load.stop());
  took = performance.now();
  const warmUp = await guarded(
    load.run({ kind: 'calls', url: api.url, publicBaseUrl, calls: plannedCalls(tenants, tenants.length, CALLERS.warmUp), utterances: CONVERSATION, concurrency: 10, checkAnswers: true }),
  );
  if (warmUp.failures > 0) throw new Error(`warm-up calls failed (${warmUp.failures}), e.g.:\n  ${warmUp.failureExamples.join('\n  ')}`);
  await guarded(untilNoCallRuns(client));
  line('warm-up calls (one per tenant)', `${tenants.length + 1} in ${seconds(performance.now() - took)}`);

  const bare = await startBareWebhooks(answers, platform.config.MAX_BODY_SIZE);
  cleanup.add('bare webhooks', () => bare.close());
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  cleanup.add('event loop monitor', async () => loop.disable());
  return { tag, platform, api, publicBaseUrl, tenants, webhooks, load, bare, watch: (name) => new Phase(name, platform, loop) };
}

/** 1. autocannon on the voice webhook, against the bare app; then every call it started is hung up. */
async function webhookFigure(stage: Stage) {
  const { platform, api, load, bare, publicBaseUrl, tenants } = stage;
  const { client, owner, guarded } = platform;
  process.stdout.write(`\n1. webhook: POST ${VOICE_PATH}, ${WEBHOOK_CONNECTIONS} connections, ${WEBHOOK_SECONDS} s each, a new signed call per request\n`);
  const cannon = { kind: 'cannon', publicBaseUrl, numbers: tenants.map((t) => t.phoneNumber), from: CALLERS.webhook, connections: WEBHOOK_CONNECTIONS, seconds: WEBHOOK_SECONDS } as const;
  let watch = stage.watch('bare');
  const bareCannon = await load.run({ ...cannon, url: bare.url });
  const bareUse = watch.end();
  watch = stage.watch('kestrel');
  const ours = await guarded(load.run({ ...cannon, url: api.url }));
  const ourUse = watch.end();
  // A few seconds show the server's start latency at this concurrency; each start leaves a workflow behind on the dev server.
  const floor = await guarded(startFloor(client, `bench-unpolled-${stage.tag}`, WEBHOOK_CONNECTIONS, Math.min(5, WEBHOOK_SECONDS)));
  const cannonLine = (r: CannonResult) =>
    `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms, ${rate(r.requestsPerSecond)} req/s (${r.total} answered` +
    `${r.non2xx ? `, ${r.non2xx} non-2xx` : ''}${r.errors ? `, ${r.errors} errors` : ''}${r.timeouts ? `, ${r.timeouts} timeouts` : ''})`;
  line('bare Express, static TwiML', cannonLine(bareCannon));
  line('Kestrel', cannonLine(ours));
  line("Temporal's floor: a start, nobody polling", `p50 ${ms(floor.p50)}, p99 ${ms(floor.p99)}, ${rate(floor.perSecond)} starts/s (client.workflow.start from this process)`);
  line('  answered with the greeting', `${ours.greeted} of ${ours.total}`);
  const p99Ratio = round(ours.latency.p99 / Math.max(1, bareCannon.latency.p99), 3);
  line('ratio p99 Kestrel / bare', `${p99Ratio.toFixed(2)}  (target ≤ ${TARGETS.webhookP99Ratio}: ${p99Ratio <= TARGETS.webhookP99Ratio ? 'met' : 'missed'})`);
  line('ratio req/s Kestrel / bare', (ours.requestsPerSecond / bareCannon.requestsPerSecond).toFixed(3));
  line('  during bare', bareUse.text(bareCannon.cpuSeconds));
  line('  during Kestrel', ourUse.text(ours.cpuSeconds));
  const perWebhook = ourUse.perUnit(ours.sids.length);
  line('  per webhook (a call started and greeted)', perUnitText(perWebhook, 'webhooks'));

  // Every call the cannon started waits for Twilio's final status: send it, and wait until all have finished.
  const took = performance.now();
  const calls = ours.sids.map((sid, i) => ({ sid, from: CALLERS.webhook, to: cannon.numbers[i % cannon.numbers.length]! }));
  const hungUp = await guarded(load.run({ kind: 'hangUp', url: api.url, publicBaseUrl, calls, concurrency: CONCURRENCY }));
  if (hungUp.failures > 0) throw new Error(`status callbacks failed (${hungUp.failures}), e.g.:\n  ${hungUp.failureExamples.join('\n  ')}`);
  await guarded(untilNoCallRuns(client));
  const logged = await loggedCount(owner, CALLERS.webhook);
  line('  then: status callbacks → all finished', `${ours.sids.length} callbacks, ${logged} calls logged, in ${seconds(performance.now() - took)}`);

  return {
    p99Ratio,
    figures: {
      bare: cannonFigures(bareCannon),
      kestrel: { ...cannonFigures(ours), greeted: ours.greeted, callsLogged: logged },
      p99Ratio,
      temporalStartFloor: { p50Ms: round(floor.p50), p99Ms: round(floor.p99), startsPerSecond: round(floor.perSecond) },
      cpu: { bare: bareUse.figures(bareCannon.cpuSeconds), kestrel: ourUse.figures(ours.cpuSeconds) },
      perWebhook,
    },
  };
}

/** 2. BENCH_CALLS whole calls until all are logged, against the same requests to the bare app; then the metering check. */
async function drainFigure(stage: Stage) {
  const { platform, api, load, bare, publicBaseUrl, tenants } = stage;
  const { client, owner, guarded } = platform;
  process.stdout.write(`\n2. drain: ${CALLS} calls of ${CONVERSATION.length} turns, ${CONCURRENCY} at a time, until every call is logged\n`);
  const job = { kind: 'calls', publicBaseUrl, utterances: CONVERSATION, concurrency: CONCURRENCY } as const;
  let watch = stage.watch('bare');
  const bareDrain = await load.run({ ...job, url: bare.url, calls: plannedCalls(tenants, CALLS, CALLERS.drain), checkAnswers: false });
  const bareUse = watch.end();
  const bareRate = CALLS / ((bareDrain.lastAnsweredAt - bareDrain.firstSentAt) / 1000);

  const planned = plannedCalls(tenants, CALLS, CALLERS.drain);
  watch = stage.watch('kestrel');
  const driven = guarded(load.run({ ...job, url: api.url, calls: planned, checkAnswers: true }));
  let live: CallsResult | undefined;
  driven.then((r) => (live = r)).catch(() => undefined);
  await untilLogged(owner, CALLERS.drain, CALLS, driven);
  const observedAt = Date.now();
  const drained = live ?? (await driven);
  const use = watch.end();
  const logged = await loggedTimes(owner, planned.map((c) => c.sid));
  const allLoggedAt = Math.max(...logged.values());
  const totalMs = allLoggedAt - drained.firstSentAt;
  const callsPerSecond = round(CALLS / (totalMs / 1000), 2);
  const liveMs = drained.lastAnsweredAt - drained.firstSentAt;
  const statusToLogged = planned.flatMap((c) => {
    const answered = drained.statusAnsweredAt[c.sid];
    const at = logged.get(c.sid);
    return answered !== undefined && at !== undefined ? [Math.max(0, at - answered)] : [];
  });
  line('bare Express (5 webhooks per call)', `${rate(bareRate)} calls/s  (${seconds(bareDrain.lastAnsweredAt - bareDrain.firstSentAt)})`);
  line(
    'Kestrel, first webhook → all logged',
    `${rate(callsPerSecond)} calls/s  (${seconds(totalMs)}, observed by polling ${seconds(observedAt - drained.firstSentAt)}; ` +
      `target ≥ ${TARGETS.drainCallsPerSecond}: ${callsPerSecond >= TARGETS.drainCallsPerSecond ? 'met' : 'missed'})`,
  );
  line('ratio calls/s Kestrel / bare', (callsPerSecond / bareRate).toFixed(3));
  line('  live: first webhook → last status answered', `${seconds(liveMs)}  (${rate(CALLS / (liveMs / 1000))} calls/s answered)`);
  line('  finishing: last status → all logged', seconds(allLoggedAt - drained.lastAnsweredAt));
  line('  per call, status answered → logged', spread(statusToLogged));
  line('  voice webhook', spread(drained.latency.voice));
  drained.latency.turns.forEach((t, i) => line(`  turn ${i + 1}`, spread(t)));
  line('  status callback', spread(drained.latency.status));
  if (drained.failures > 0) line('  unexpected answers', `${drained.failures}, e.g. ${drained.failureExamples.join(' | ')}`);
  line('  during bare', bareUse.text(bareDrain.cpuSeconds));
  line('  during Kestrel', use.text(drained.cpuSeconds));
  const perCall = use.perUnit(CALLS);
  line('  per call', perUnitText(perCall, 'calls'));
  const sample = planned.filter((_, i) => i % Math.max(1, Math.floor(CALLS / HISTORY_SAMPLE)) === 0).slice(0, HISTORY_SAMPLE);
  const timings = await workflowTimings(client, sample.map((c) => `call-${c.sid}`));
  printTimings(timings);

  const check = await checkMetering(owner, tenants, planned);
  line('  check', check.mismatches.length === 0 ? `${check.logged} calls logged; every tenant's usage_events and calls_used equal its calls` : `${check.mismatches.length} mismatches`);
  for (const mismatch of check.mismatches.slice(0, 20)) process.stdout.write(`    mismatch: ${mismatch}\n`);

  return {
    callsPerSecond,
    mismatches: check.mismatches.length,
    figures: {
      callsPerSecond,
      bareCallsPerSecond: round(bareRate, 2),
      ratio: round(callsPerSecond / bareRate, 4),
      totalMs: Math.round(totalMs),
      liveMs: Math.round(liveMs),
      finishingMs: Math.round(allLoggedAt - drained.lastAnsweredAt),
      statusToLoggedMs: quantileFigures(statusToLogged),
      webhookMs: { voice: quantileFigures(drained.latency.voice), turns: drained.latency.turns.map(quantileFigures), status: quantileFigures(drained.latency.status) },
      unexpectedAnswers: drained.failures,
      cpu: { bare: bareUse.figures(bareDrain.cpuSeconds), kestrel: use.figures(drained.cpuSeconds) },
      perCall,
      workflow: timingFigures(timings),
      logged: check.logged,
      mismatches: check.mismatches.length,
    },
  };
}

/** 3. What our code adds to a turn: the webhook against its chat completion alone. */
async function turnFigure(stage: Stage) {
  const { client, guarded } = stage.platform;
  process.stdout.write(`\n3. per-turn overhead: ${TURN_CALLS} calls one at a time; each turn's webhook, the same agent turn called directly, its chat completion alone\n`);
  const settled = await guarded(untilQuiet(stage.platform));
  line('waited for the drain\'s aftermath to settle', `${seconds(settled.waitedMs)} (then ${settled.cpuPercent.toFixed(0)}% of a core busy)`);
  const turns = await guarded(timeTurns(stage));
  await guarded(untilNoCallRuns(client));
  const [turnP50, turnP99] = quantiles(turns.map((t) => t.turn));
  const [modelP50, modelP99] = quantiles(turns.map((t) => t.model));
  const [activityP50, activityP99] = quantiles(turns.map((t) => t.activity));
  const [overheadP50, overheadP99] = quantiles(turns.map((t) => t.turn - t.model));
  line('POST /voice/turn', `p50 ${ms(turnP50)}, p99 ${ms(turnP99)}`);
  line('baseline: the chat completion, direct', `p50 ${ms(modelP50)}, p99 ${ms(modelP99)}`);
  line('overhead per turn (turn − model)', `p50 ${ms(overheadP50)}, p99 ${ms(overheadP99)}  (target p99 < ${TARGETS.turnOverheadP99Ms} ms: ${overheadP99 < TARGETS.turnOverheadP99Ms ? 'met' : 'missed'})`);
  line('  difference of the p99s', ms(turnP99 - modelP99));
  line('ratio p99 turn / model', (turnP99 / modelP99).toFixed(1));
  line('  the agent activity called directly', `p50 ${ms(activityP50)}, p99 ${ms(activityP99)}  (its database read and prompt, plus the model)`);
  const timings = await workflowTimings(client, turns.filter((_, i) => i % CONVERSATION.length === 0).map((t) => `call-${t.sid}`));
  const agentTurn = timings.activities.get('agentTurn');
  line("  in Temporal: the turn's task → answered", spread(timings.updates.get('turn') ?? []));
  // A local activity runs inside the workflow task and leaves no activity events (–).
  line('  agentTurn activity task: queued / running', `${spread(agentTurn?.queued ?? [])} / ${spread(agentTurn?.running ?? [])}`);
  line('  workflow tasks: queued / running', `${spread(timings.workflowTasks.queued)} / ${spread(timings.workflowTasks.running)}`);
  return {
    overheadP99: round(overheadP99),
    figures: {
      turns: turns.length,
      settledAfterDrainMs: round(settled.waitedMs),
      turnMs: { p50: round(turnP50), p99: round(turnP99) },
      modelMs: { p50: round(modelP50), p99: round(modelP99) },
      activityMs: { p50: round(activityP50), p99: round(activityP99) },
      overheadMs: { p50: round(overheadP50), p99: round(overheadP99) },
      p99Ratio: round(turnP99 / modelP99, 2),
      workflow: timingFigures(timings),
    },
  };
}

// --- calls -------------------------------------------------------------------------------

/** `n` calls from `from`, spread round-robin over the tenants. */
function plannedCalls(tenants: Tenant[], n: number, from: string): Call[] {
  return range(n).map((i) => ({ sid: newCallSid(), from, to: tenants[i % tenants.length]!.phoneNumber }));
}

/** One scripted call, checked answer by answer; gives back the greeting's and the first turn's TwiML. */
async function conversation(webhooks: WebhookClient, publicBaseUrl: string, call: Call): Promise<{ greeting: string; turn: string }> {
  const post = async (path: string, extra: Record<string, string>, status: number, expect?: string) => {
    const answer = await webhooks.post(path, signedWebhook(publicBaseUrl, path, callParams(call, extra)));
    if (answer.status !== status || (expect && !answer.body.includes(expect))) {
      throw new Error(`POST ${path} answered ${answer.status}${expect ? ` without ${expect}` : ''}: ${answer.body.slice(0, 400)}`);
    }
    return answer.body;
  };
  const greeting = await post(VOICE_PATH, { CallStatus: 'ringing' }, 200, '<Gather');
  let turn = '';
  for (const [i, words] of CONVERSATION.entries()) {
    const answer = await post(TURN_PATH, { CallStatus: 'in-progress', SpeechResult: words, Confidence: '0.92' }, 200, i === CONVERSATION.length - 1 ? '<Hangup' : '<Gather');
    if (i === 0) turn = answer;
  }
  await post(STATUS_PATH, { CallStatus: 'completed', CallDuration: '42' }, 204);
  return { greeting, turn };
}

interface TimedTurn {
  sid: string;
  /** The webhook, end to end. */
  turn: number;
  /** The agent activity's function called directly (its database read, the prompt, the model). */
  activity: number;
  /** The chat completion the activity made, sent again directly to the sandbox. */
  model: number;
}

/** A second in which Temporal, this process and Postgres together kept less than this share of one core busy. */
const QUIET_CPU_PERCENT = 15;
const QUIET_WAIT_MAX_MS = 120_000;

/**
 * Waits until the machine is quiet again: after the drain, Temporal and Postgres go on
 * working for a while (workflow caches, timers, vacuum), and a turn timed then measures
 * their backlog, not the turn. Gives up after two minutes, saying how busy it still was.
 */
async function untilQuiet(platform: BenchPlatform): Promise<{ waitedMs: number; cpuPercent: number }> {
  const start = performance.now();
  for (;;) {
    const mark = platform.cpu.mark();
    await sleep(1000);
    const used = platform.cpu.used(mark);
    const cpuPercent = (used.temporal + used.node + used.postgres) * 100;
    const waitedMs = performance.now() - start;
    if (cpuPercent < QUIET_CPU_PERCENT || waitedMs > QUIET_WAIT_MAX_MS) return { waitedMs, cpuPercent };
  }
}

/**
 * Calls one at a time; for each caller turn, the webhook, the agent activity called
 * directly with the same transcript (which gives the exact chat completion it sends),
 * and that completion alone, through the same SDK. Every other turn the webhook goes
 * last instead of first, so neither order favours it.
 */
async function timeTurns({ platform, webhooks, publicBaseUrl, tenants }: Stage): Promise<TimedTurn[]> {
  const model = openaiClient(platform.config);
  let sent: string | undefined;
  const recording = new OpenAI({
    apiKey: model.apiKey,
    baseURL: model.baseURL,
    fetch: (url, init) => {
      if (typeof init?.body === 'string') sent = init.body;
      return fetch(url, init);
    },
  });
  const agent = agentActivities(platform.config, recording);
  const turns: TimedTurn[] = [];
  for (const i of range(TURN_CALLS)) {
    const tenant = tenants[i % tenants.length]!;
    const call: Call = { sid: newCallSid(), from: CALLERS.turn, to: tenant.phoneNumber };
    const signed = (path: string, extra: Record<string, string>) => signedWebhook(publicBaseUrl, path, callParams(call, extra));
    const greeting = await webhooks.post(VOICE_PATH, signed(VOICE_PATH, { CallStatus: 'ringing' }));
    const transcript: TranscriptLine[] = [{ role: 'agent', text: spokenWords(greeting.body), at: new Date().toISOString() }];
    for (const words of CONVERSATION) {
      transcript.push({ role: 'caller', text: words, at: new Date().toISOString() });
      const timing: TimedTurn = { sid: call.sid, turn: 0, activity: 0, model: 0 };
      let reply = '';
      const webhook = async () => {
        const answer = await webhooks.post(TURN_PATH, signed(TURN_PATH, { CallStatus: 'in-progress', SpeechResult: words, Confidence: '0.92' }));
        if (answer.status !== 200) throw new Error(`POST ${TURN_PATH} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
        timing.turn = answer.ms;
        reply = spokenWords(answer.body);
      };
      const direct = async () => {
        sent = undefined;
        let start = performance.now();
        await agent.agentTurn({ tenantId: tenant.id, callSid: call.sid, callerNumber: call.from, transcript: [...transcript], budgetMs: 8_000 });
        timing.activity = performance.now() - start;
        if (!sent) throw new Error('the agent turn made no chat completion');
        const body = JSON.parse(sent) as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
        start = performance.now();
        await model.chat.completions.create(body, { maxRetries: 0 });
        timing.model = performance.now() - start;
      };
      if (turns.length % 2 === 0) {
        await webhook();
        await direct();
      } else {
        await direct();
        await webhook();
      }
      transcript.push({ role: 'agent', text: reply, at: new Date().toISOString() });
      turns.push(timing);
    }
    await webhooks.post(STATUS_PATH, signed(STATUS_PATH, { CallStatus: 'completed', CallDuration: '42' }));
  }
  return turns;
}

// --- the read model and Temporal ---------------------------------------------------------

/**
 * What Temporal alone costs the voice webhook at the same concurrency: workflow starts on a
 * task queue nobody polls, so no workflow task runs. The one round trip a webhook that
 * starts a workflow cannot avoid.
 */
async function startFloor(client: Client, taskQueue: string, lanes: number, durationSeconds: number): Promise<{ p50: number; p99: number; perSecond: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  const until = started + durationSeconds * 1000;
  await Promise.all(
    range(lanes).map(async (lane) => {
      for (let n = 0; performance.now() < until; n++) {
        const start = performance.now();
        await client.workflow.start('benchNobodyRunsThis', { taskQueue, workflowId: `bench-floor-${lane}-${n}` });
        latencies.push(performance.now() - start);
      }
    }),
  );
  const [p50, p99] = quantiles(latencies);
  return { p50, p99, perSecond: latencies.length / ((performance.now() - started) / 1000) };
}

async function loggedCount(owner: Knex, from: string): Promise<number> {
  const row = await owner('call_logs').where({ from_number: from }).count<{ n: number }>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** When each call was logged (the start of the transaction that wrote its row). */
async function loggedTimes(owner: Knex, sids: string[]): Promise<Map<string, number>> {
  const { rows } = await owner.raw<{ rows: Array<{ call_sid: string; created_at: Date }> }>('select call_sid, created_at from call_logs where call_sid = any(?::text[])', [pgArray(sids)]);
  return new Map(rows.map((r) => [r.call_sid, r.created_at.getTime()]));
}

/** Polls call_logs until `expected` calls from `from` are there; fails if the driver fails or nothing moves for STALL_MS. */
async function untilLogged(owner: Knex, from: string, expected: number, driving: Promise<unknown>): Promise<void> {
  let failed: unknown;
  driving.catch((error: unknown) => (failed = error));
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    if (failed) throw failed;
    const n = await loggedCount(owner, from);
    if (n >= expected) return;
    if (n !== last) {
      last = n;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > STALL_MS) {
      throw new Error(`stalled: ${n} of ${expected} calls logged, none for ${STALL_MS / 1000} s`);
    }
    await sleep(200);
  }
}


interface MeteringCheck {
  logged: number;
  mismatches: string[];
}

/**
 * The drain's calls are all logged, each once, each tenant's as many as it was called;
 * and for every tenant (all phases' calls finished by now) the usage events and the open
 * period's counter equal its logged calls.
 */
async function checkMetering(owner: Knex, tenants: Tenant[], planned: Call[]): Promise<MeteringCheck> {
  const { rows: found } = await owner.raw<{ rows: Array<{ n: number }> }>('select count(*)::int as n from call_logs where call_sid = any(?::text[])', [pgArray(planned.map((c) => c.sid))]);
  const logged = found[0]?.n ?? 0;
  const mismatches: string[] = [];
  const drainLogged = await loggedCount(owner, CALLERS.drain);
  if (logged !== planned.length || drainLogged !== planned.length) {
    mismatches.push(`${logged} of the ${planned.length} calls are logged (${drainLogged} rows from the drain's caller)`);
  }
  const expected = new Map<string, number>();
  for (const call of planned) expected.set(call.to, (expected.get(call.to) ?? 0) + 1);
  const { rows } = await owner.raw<{ rows: Array<{ id: string; logs: number; drain: number; events: number; used: number; open: number }> }>(
    `select t.id,
            (select count(*) from call_logs l where l.tenant_id = t.id)::int as logs,
            (select count(*) from call_logs l where l.tenant_id = t.id and l.from_number = ?)::int as drain,
            (select count(*) from usage_events e where e.tenant_id = t.id)::int as events,
            (select coalesce(sum(p.calls_used), 0) from usage_periods p where p.tenant_id = t.id and p.closed_at is null)::int as used,
            (select count(*) from usage_periods p where p.tenant_id = t.id and p.closed_at is null)::int as open
       from unnest(?::uuid[]) as t(id)`,
    [CALLERS.drain, pgArray(tenants.map((t) => t.id))],
  );
  const numberOf = new Map(tenants.map((t) => [t.id, t.phoneNumber]));
  for (const r of rows) {
    const called = expected.get(numberOf.get(r.id)!) ?? 0;
    if (r.drain !== called || r.events !== r.logs || r.used !== r.logs || r.open !== 1) {
      mismatches.push(`tenant ${r.id}: drained ${called} calls, ${r.drain} logged; all phases ${r.logs} logged, ${r.events} usage events, calls_used ${r.used} (${r.open} open periods)`);
    }
  }
  return { logged, mismatches };
}

// --- where the time goes -----------------------------------------------------------------

interface Sample {
  activities: number;
  activations: number;
  poolUsed: number;
  poolWaiting: number;
}

/** CPU, event-loop delay, the worker's slots in use and the database pool's queue during one phase. */
class Phase {
  private readonly mark: CpuSample;
  private readonly started = performance.now();
  private readonly samples: Sample[] = [];
  private readonly sampler: NodeJS.Timeout;
  private queries = 0;
  private readonly countQuery = () => this.queries++;

  constructor(
    readonly name: string,
    private readonly platform: BenchPlatform,
    private readonly loop: ReturnType<typeof monitorEventLoopDelay>,
  ) {
    this.mark = platform.cpu.mark();
    loop.reset();
    // Every statement of the application pool, transactions' BEGIN and COMMIT included.
    database().on('query', this.countQuery);
    const pool = (database().client as { pool: { numUsed(): number; numPendingAcquires(): number } }).pool;
    const worker: Worker = platform.worker;
    this.sampler = setInterval(() => {
      const status = worker.getStatus();
      this.samples.push({ activities: status.numInFlightActivities, activations: status.numInFlightWorkflowActivations, poolUsed: pool.numUsed(), poolWaiting: pool.numPendingAcquires() });
    }, 250);
  }

  end(): {
    text(loadCpuSeconds: number): string;
    figures(loadCpuSeconds: number): Record<string, number>;
    perUnit(units: number): UnitCost;
  } {
    clearInterval(this.sampler);
    database().off('query', this.countQuery);
    const queries = this.queries;
    const wallMs = performance.now() - this.started;
    const used = this.platform.cpu.used(this.mark);
    const loopP99 = this.loop.percentile(99) / 1e6;
    const loopMax = this.loop.max / 1e6;
    const mean = (f: (s: Sample) => number) => (this.samples.length ? this.samples.reduce((sum, s) => sum + f(s), 0) / this.samples.length : 0);
    const max = (f: (s: Sample) => number) => Math.max(0, ...this.samples.map(f));
    const share = (s: number) => `${s.toFixed(1)} s (${Math.round((s / (wallMs / 1000)) * 100)}%)`;
    const figures = (loadCpuSeconds: number) => ({
      wallMs: Math.round(wallMs),
      temporalCpuS: round(used.temporal, 2),
      nodeCpuS: round(used.node, 2),
      postgresCpuS: round(used.postgres, 2),
      loadGeneratorCpuS: round(loadCpuSeconds, 2),
      eventLoopDelayP99Ms: round(loopP99),
      eventLoopDelayMaxMs: round(loopMax),
      activitiesInFlightMean: round(mean((s) => s.activities)),
      activitiesInFlightMax: max((s) => s.activities),
      activationsInFlightMean: round(mean((s) => s.activations)),
      poolInUseMean: round(mean((s) => s.poolUsed)),
      poolWaitingMean: round(mean((s) => s.poolWaiting)),
      poolWaitingMax: max((s) => s.poolWaiting),
    });
    return {
      figures,
      perUnit: (units) => {
        const each = (cpuSeconds: number) => round((cpuSeconds * 1000) / Math.max(1, units));
        const totalMs = each(used.temporal + used.node + used.postgres);
        return {
          temporalMs: each(used.temporal),
          nodeMs: each(used.node),
          postgresMs: each(used.postgres),
          totalMs,
          ceilingPerSecond: round((availableParallelism() * 1000) / totalMs),
          sqlStatements: round(queries / Math.max(1, units)),
        };
      },
      text: (loadCpuSeconds) => {
        const f = figures(loadCpuSeconds);
        return (
          `cpu: temporal ${share(used.temporal)}, node ${share(used.node)}, postgres ${share(used.postgres)}, load generator ${share(loadCpuSeconds)} of ${seconds(wallMs)}` +
          (this.name === 'bare'
            ? ''
            : `\n${''.padEnd(49)}event loop delay p99 ${f.eventLoopDelayP99Ms} ms (max ${f.eventLoopDelayMaxMs}); activities in flight mean ${f.activitiesInFlightMean} (max ${f.activitiesInFlightMax}); ` +
              `workflow activations ${f.activationsInFlightMean}; db pool in use ${f.poolInUseMean} of ${this.platform.config.DATABASE_POOL_MAX}, waiting mean ${f.poolWaitingMean} (max ${f.poolWaitingMax})`)
        );
      },
    };
  }
}

/** What one unit of work (a webhook, a call) cost, CPU and SQL, averaged over a phase. */
interface UnitCost {
  temporalMs: number;
  nodeMs: number;
  postgresMs: number;
  totalMs: number;
  /** With every core to itself and nothing else to do, the platform could do no more than this. */
  ceilingPerSecond: number;
  sqlStatements: number;
}

function perUnitText(p: UnitCost, units: string): string {
  return (
    `cpu temporal ${p.temporalMs} ms + node ${p.nodeMs} ms + postgres ${p.postgresMs} ms = ${p.totalMs} ms → at most ${p.ceilingPerSecond} ${units}/s ` +
    `on ${availableParallelism()} idle cores; ${p.sqlStatements} SQL statements`
  );
}

function printTimings(t: WorkflowTimings): void {
  line(`  from ${t.calls} call histories:`, '');
  for (const [type, { queued, running }] of [...t.activities.entries()].sort()) {
    line(`    activity ${type}`, `queued ${spread(queued)}; running ${spread(running)}`);
  }
  line('    workflow tasks', `queued ${spread(t.workflowTasks.queued)}; running ${spread(t.workflowTasks.running)}; ${(t.workflowTasks.perCall.reduce((a, b) => a + b, 0) / Math.max(1, t.calls)).toFixed(1)} per call`);
  for (const [name, values] of [...t.updates.entries()].sort()) line(`    update ${name}, ${name === 'greeting' ? 'start' : 'its workflow task'} → answered`, spread(values));
  line('    status signal → workflow completed', spread(t.finishing));
}

function timingFigures(t: WorkflowTimings): Record<string, unknown> {
  return {
    calls: t.calls,
    activities: Object.fromEntries([...t.activities.entries()].map(([type, v]) => [type, { queuedMs: quantileFigures(v.queued), runningMs: quantileFigures(v.running) }])),
    workflowTasks: { queuedMs: quantileFigures(t.workflowTasks.queued), runningMs: quantileFigures(t.workflowTasks.running), perCall: round(t.workflowTasks.perCall.reduce((a, b) => a + b, 0) / Math.max(1, t.calls)) },
    updatesMs: Object.fromEntries([...t.updates.entries()].map(([name, v]) => [name, quantileFigures(v)])),
    statusToCompletedMs: quantileFigures(t.finishing),
  };
}

function cannonFigures(r: CannonResult): Record<string, number> {
  return { p50Ms: r.latency.p50, p99Ms: r.latency.p99, maxMs: r.latency.max, requestsPerSecond: round(r.requestsPerSecond), answered: r.total, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts };
}

function quantiles(values: number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  return [percentile(sorted, 0.5), percentile(sorted, 0.99)];
}

function quantileFigures(values: number[]): { p50: number; p99: number; n: number } {
  if (values.length === 0) return { p50: 0, p99: 0, n: 0 };
  const [p50, p99] = quantiles(values);
  return { p50: round(p50), p99: round(p99), n: values.length };
}

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const ms = (value: number) => `${value.toFixed(1)} ms`;
