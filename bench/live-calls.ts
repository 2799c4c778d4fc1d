import { randomInt } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { createKnex } from '../db/connection';
import { callWorkflowId } from '../workflows/call-messages';
import { parseModelLatency } from '../sandbox/openai/latency';
import { untilNoCallRuns } from './calls/call-runs';
import { line, positiveInt, seconds, sleep } from './figures';
import { Callers, type WindowStats } from './live-calls/caller-jobs';
import { startListeningPart, startPart, type Part } from './live-calls/processes';
import { serverText, serverWindow, type ServerWindow } from './live-calls/server-metrics';
import { GcPauses, gcText, type GcWindow } from './live-calls/gc-pauses';
import { counterDelta, gauge, histogramDelta, scrapeMetrics, type HistogramWindow, type Scrape } from './live-calls/worker-metrics';
import { freePort } from '../runtime/ports';
import { SERVER_NODE_OPTIONS } from '../runtime/node-options';
import { liveTenants, operatorSession, pgArray, runBench, startBenchServices, type Cleanup } from './platform';
import { PostgresCpu, processCpuSeconds, processRss } from './process-cpu';

/**
 * How many calls Kestrel holds live at once on this machine, and what each one costs.
 *
 * The platform runs as production runs it, each part a process of its own: the Temporal
 * dev server, Postgres, the sandbox (its model answering after a real model's delay:
 * LIVE_CALLS_MODEL_LATENCY, p50 and p99 in ms), the API and the workers. Callers come from
 * a process of their own (live-calls/callers.ts): an open loop, calls arriving as a
 * Poisson process at a set rate whether or not Kestrel keeps up, each caller speaking
 * every 6–10 s for 10–28 turns (the last a goodbye: a mean call of about 2.5 minutes),
 * then Twilio's final status. Webhooks are signed as Twilio signs them.
 *
 * The arrival rate steps up a level of live calls at a time (LIVE_CALLS_START, then
 * +LIVE_CALLS_STEP, up to LIVE_CALLS_MAX; a level's rate is the level over the mean call's
 * length). Each level settles for LIVE_CALLS_SETTLE seconds (the mean call's length: by
 * then the live calls are the level), then is held for LIVE_CALLS_HOLD seconds (600: the
 * rating asks for 10 minutes), in which it passes when the greeting's answer time p99 is
 * at most 400 ms, a turn's answer time beyond the model's delay p99 at most 150 ms, and no
 * caller was put through to the company or left without an answer. The first level that
 * fails ends the curve; the rated figure is the live calls held at the last level passed.
 * Then the load is set to 90%, 60% and 30% of it, LIVE_CALLS_CPU_WINDOW seconds each
 * after settling, for the CPU each part spends on a call. Finally the callers hang up,
 * and every call they completed must be logged once and metered once.
 *
 * LIVE_CALLS_TENANTS (50) companies share the calls, served by LIVE_CALLS_WORKERS (1)
 * worker processes, Kestrel's own with the settings the environment gives them: WORKER_*
 * variables of the bench's environment are passed on, to try each lever. The API and the
 * workers run with Node's options of runtime/node-options.ts unless LIVE_CALLS_NODE_OPTIONS
 * gives others (`none`: Node's defaults), on their command line (V8's flags too, which
 * NODE_OPTIONS refuses). Each worker serves its Temporal metrics, read for where a turn's
 * time goes inside it. LIVE_CALLS_GC=on traces the garbage collections of the workers, the
 * API and the sandbox, and prints their pauses at each level. LIVE_CALLS_CPU=off skips the
 * CPU phases; LIVE_CALLS_PROFILE=<dir> has the API and the workers write V8 CPU
 * profiles there; LIVE_CALLS_TURNS (10-28) shortens the calls for a quick try of the bench.
 * LIVE_CALLS_SEED (printed; random when absent) gives two runs the same callers, for a
 * lever to be compared call for call.
 */
const TENANTS = positiveInt('LIVE_CALLS_TENANTS', 50);
const WORKERS = positiveInt('LIVE_CALLS_WORKERS', 1);
const START = positiveInt('LIVE_CALLS_START', 100);
const STEP = positiveInt('LIVE_CALLS_STEP', 100);
const MAX = positiveInt('LIVE_CALLS_MAX', 1000);
const HOLD_S = positiveInt('LIVE_CALLS_HOLD', 600);
const CPU_WINDOW_S = positiveInt('LIVE_CALLS_CPU_WINDOW', 120);
/** `off` skips the CPU phases, to try a lever on the curve alone. */
const CPU_SHARES = process.env.LIVE_CALLS_CPU === 'off' ? [] : [0.9, 0.6, 0.3];
const MODEL_LATENCY = process.env.LIVE_CALLS_MODEL_LATENCY ?? '800,2500';
const SEED = process.env.LIVE_CALLS_SEED ? positiveInt('LIVE_CALLS_SEED', 1) : randomInt(1, 2 ** 31);

const GAP_MS: [number, number] = [6_000, 10_000];
/** Call histories read at the end for their length. */
const HISTORY_SAMPLE = 20;
const TURNS = turnRange(process.env.LIVE_CALLS_TURNS ?? '10-28');
/** The mean call: its turns, each after the mean gap. */
const MEAN_CALL_S = (((TURNS[0] + TURNS[1]) / 2) * (GAP_MS[0] + GAP_MS[1])) / 2 / 1000;
const SETTLE_S = positiveInt('LIVE_CALLS_SETTLE', Math.round(MEAN_CALL_S));

const TARGETS = { greetingP99Ms: 400, turnOverheadP99Ms: 150, ratedLiveCalls: 300 };

/** The parts whose CPU is Kestrel's, then the bench's own. */
const KESTREL = ['temporal', 'postgres', 'api', 'worker'] as const;
type PartName = (typeof KESTREL)[number] | 'sandbox' | 'callers';
/** The Node processes whose garbage collections LIVE_CALLS_GC=on traces (the callers print to the bench's own output). */
const GC_PARTS = ['workers', 'api', 'sandbox'] as const;
type GcPart = (typeof GC_PARTS)[number];

export function run(): Promise<void> {
  return runBench(bench);
}

interface Level {
  target: number;
  callsPerSecond: number;
  stats: WindowStats;
  /** CPU seconds each part used in the window. */
  cpu: Record<PartName, number>;
  windowS: number;
  workerRss: number;
  worker: WorkerWindow;
  server: ServerWindow;
  /** The GC pauses of the workers, the API and the sandbox, with LIVE_CALLS_GC=on. */
  gc?: Record<GcPart, GcWindow>;
  passed: boolean;
  why: string[];
}

async function bench(tag: string, cleanup: Cleanup): Promise<void> {
  const startedAt = new Date();
  const latency = parseModelLatency(MODEL_LATENCY);
  if (!latency) throw new Error('LIVE_CALLS_MODEL_LATENCY: the bench needs a model that takes time (p50,p99 in ms)');
  process.stdout.write(
    `live-calls (${TENANTS} tenants; levels ${START}, +${STEP} up to ${MAX} live calls, settle ${SETTLE_S} s, hold ${HOLD_S} s; ` +
      `calls of ${TURNS.join('–')} turns every ${GAP_MS.map((g) => g / 1000).join('–')} s, mean ${seconds(MEAN_CALL_S * 1000)}; model ${latency.p50Ms} ms p50, ${latency.p99Ms} ms p99)\n` +
      `  seed ${SEED}; started ${startedAt.toISOString()}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`,
  );

  const { temporalServer, temporalMetricsUrl, shared } = await startBenchServices(tag, cleanup);
  const workerLevers = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k.startsWith('WORKER_') && v !== undefined)) as Record<string, string>;
  const env = {
    ...shared,
    SANDBOX_PERSIST: 'false',
    SANDBOX_MODEL_LATENCY: `${latency.p50Ms},${latency.p99Ms}`,
    // The longest call takes 28 turns; the default 20 would put it through to the company.
    CALL_MAX_TURNS: String(Math.max(20, TURNS[1] + 2)),
  };
  // LIVE_CALLS_PROFILE=<dir>: the API and the worker write V8 CPU profiles there when they stop, to see where a call's CPU goes.
  const profiling: Record<string, string> = process.env.LIVE_CALLS_PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.LIVE_CALLS_PROFILE}` } : {};
  // LIVE_CALLS_NODE_OPTIONS: Node's own options for the API and the workers (its garbage collector's, say), to try them as a lever.
  const nodeOptions = process.env.LIVE_CALLS_NODE_OPTIONS?.trim();
  const serverNodeArgs = nodeOptions === undefined ? [...SERVER_NODE_OPTIONS] : nodeOptions === 'none' ? [] : nodeOptions.split(/\s+/);
  const gcPauses = process.env.LIVE_CALLS_GC === 'on' ? (Object.fromEntries(GC_PARTS.map((part) => [part, new GcPauses()])) as Record<GcPart, GcPauses>) : undefined;
  const traceGc = gcPauses ? ['--trace-gc'] : [];
  const serverArgs = [...serverNodeArgs, ...traceGc];
  const sandbox = await startListeningPart('sandbox', 'sandbox/main.ts', 'SANDBOX_PORT', () => env, cleanup, traceGc);
  const api = await startListeningPart('api', 'api/main.ts', 'API_PORT', (url) => ({ ...env, ...profiling, SANDBOX_URL: sandbox.url, PUBLIC_BASE_URL: url }), cleanup, serverArgs);
  gcPauses?.sandbox.watch(sandbox.output);
  gcPauses?.api.watch(api.output);
  const workers: Part[] = [];
  const metricsAddresses: string[] = [];
  for (let i = 0; i < WORKERS; i++) {
    metricsAddresses.push(`127.0.0.1:${await freePort()}`);
    workers.push(startPart(`worker ${i + 1}`, 'worker/main.ts', { ...env, ...workerLevers, ...profiling, WORKER_METRICS_ADDRESS: metricsAddresses[i]!, SANDBOX_URL: sandbox.url, PUBLIC_BASE_URL: api.url }, cleanup, serverArgs));
    gcPauses?.workers.watch(workers[i]!.output);
  }
  // Every worker's series together: counters and histograms add up across workers.
  const workerMetrics = async () => (await Promise.all(metricsAddresses.map((address) => scrapeMetrics(`http://${address}/metrics`)))).flat();
  const levers = Object.entries({ ...workerLevers, 'node options (API and workers)': serverNodeArgs.join(' ') || "none (Node's defaults)" });
  line('workers', `${WORKERS} process${WORKERS > 1 ? 'es' : ''}${levers.length ? `, ${levers.map(([k, v]) => `${k}=${v}`).join(' ')}` : ''}`);
  const parts: Part[] = [sandbox, api, ...workers];
  const partDied = Promise.race(parts.map((p) => p.exited));
  // Read through `guarded`; until then a part's death must not crash the bench past its cleanup.
  partDied.catch(() => undefined);
  const guarded = <T>(work: Promise<T>) => Promise.race([work, partDied]);

  const connection = await Connection.connect({ address: temporalServer.address });
  cleanup.add('temporal client', () => connection.close());
  const temporal = new Client({ connection });
  const owner = createKnex(shared.DATABASE_URL, 2);
  cleanup.add('owner connection', () => owner.destroy());

  let took = performance.now();
  const tenants = await guarded(liveTenants(await operatorSession(api.url), tag, TENANTS));
  line('tenants onboarded, provisioned, activated', `${tenants.length} in ${seconds(performance.now() - took)}`);

  const callers = await Callers.start({ url: api.url, publicBaseUrl: api.url, numbers: tenants.map((t) => t.phoneNumber), gapMs: GAP_MS, turns: TURNS, latency, seed: SEED });
  cleanup.add('callers', () => callers.stop());
  const postgres = new PostgresCpu();
  cleanup.add('postgres meter', async () => postgres.stop());
  const pids: Record<Exclude<PartName, 'postgres'>, number[]> = {
    temporal: [temporalServer.process.pid!],
    api: [api.pid],
    worker: workers.map((w) => w.pid),
    sandbox: [sandbox.pid],
    callers: [callers.pid!],
  };
  const cpuNow = (): Record<PartName, number> => ({
    ...(Object.fromEntries(Object.entries(pids).map(([name, ids]) => [name, ids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0)])) as Record<Exclude<PartName, 'postgres'>, number>),
    postgres: postgres.seconds(),
  });
  /** The workers' resident memory, together. */
  const workerRss = () => workers.reduce((sum, w) => sum + (processRss(w.pid) || 0), 0);
  let workerPeakRss = 0;
  const rssSampler = setInterval(() => (workerPeakRss = Math.max(workerPeakRss, workerRss())), 1000);
  cleanup.add('memory sampler', async () => clearInterval(rssSampler));

  /** Sets the load for `target` live calls, lets it settle, and measures `windowS` seconds of it. */
  const level = async (target: number, settleS: number, windowS: number): Promise<Level> => {
    const callsPerSecond = target / MEAN_CALL_S;
    await callers.rate(callsPerSecond);
    await guarded(sleep(settleS * 1000));
    const from = performance.timeOrigin + performance.now();
    const cpuFrom = cpuNow();
    const [metricsFrom, serverFrom] = await Promise.all([workerMetrics(), scrapeMetrics(temporalMetricsUrl)]);
    await guarded(sleep(windowS * 1000));
    const cpuTo = cpuNow();
    const [metricsTo, serverTo] = await Promise.all([workerMetrics(), scrapeMetrics(temporalMetricsUrl)]);
    const to = performance.timeOrigin + performance.now();
    const stats = await callers.window(from, to);
    const cpu = Object.fromEntries(Object.keys(cpuTo).map((k) => [k, cpuTo[k as PartName] - cpuFrom[k as PartName]])) as Record<PartName, number>;
    const why: string[] = [];
    if (stats.greeting.p99 > TARGETS.greetingP99Ms) why.push(`greeting p99 ${stats.greeting.p99} ms > ${TARGETS.greetingP99Ms}`);
    if (stats.turnOverhead.p99 > TARGETS.turnOverheadP99Ms) why.push(`turn overhead p99 ${stats.turnOverhead.p99} ms > ${TARGETS.turnOverheadP99Ms}`);
    if (stats.fallbacks > 0) why.push(`${stats.fallbacks} callers put through to the company`);
    if (stats.errors > 0) why.push(`${stats.errors} webhooks unanswered or failed`);
    return { target, callsPerSecond, stats, cpu, windowS, workerRss: workerRss(), worker: workerWindow(metricsFrom, metricsTo), server: serverWindow(serverFrom, serverTo, windowS), gc: gcPauses && (Object.fromEntries(GC_PARTS.map((part) => [part, gcPauses[part].window(from, to)])) as Record<GcPart, GcWindow>), passed: why.length === 0, why };
  };

  // --- the curve --------------------------------------------------------------------------
  process.stdout.write(`\n1. the curve: each level settles ${SETTLE_S} s, then is held ${HOLD_S} s\n`);
  process.stdout.write(`  ${'level'.padStart(5)} ${'calls/s'.padStart(7)}  ${'live mean/peak'.padStart(14)}  ${'greeting p50/p99'.padStart(16)}  ${'overhead p50/p99'.padStart(16)}  ${'fb'.padStart(3)} ${'err'.padStart(3)}  CPU (% of a core)\n`);
  const curve: Level[] = [];
  let rated: Level | undefined;
  for (let target = START; target <= MAX; target += STEP) {
    const measured = await level(target, SETTLE_S, HOLD_S);
    curve.push(measured);
    process.stdout.write(`${levelLine(measured)}  ${measured.passed ? 'passed' : `failed: ${measured.why.join('; ')}`}\n`);
    process.stdout.write(insideText(measured));
    if (!measured.passed) {
      for (const example of measured.stats.examples.slice(0, 3)) process.stdout.write(`      e.g. ${example}\n`);
      break;
    }
    rated = measured;
  }
  const ratedLive = rated?.stats.live.mean ?? 0;
  line('rated live calls', `${ratedLive} (the mean live calls of the last level passed; target ≥ ${TARGETS.ratedLiveCalls}: ${ratedLive >= TARGETS.ratedLiveCalls ? 'met' : 'missed'})`);

  // --- CPU per call at 90%, 60% and 30% of the rating --------------------------------------
  const shares: Array<{ share: number; level: Level }> = [];
  const ratedTarget = rated?.target ?? START;
  if (CPU_SHARES.length) process.stdout.write(`\n2. CPU per call at 90%, 60% and 30% of ${rated ? `the rated level (${ratedTarget})` : `the first level (${START}, none passed)`}: settle ${SETTLE_S} s, measure ${CPU_WINDOW_S} s\n`);
  for (const share of CPU_SHARES) {
    const measured = await level(Math.round(share * ratedTarget), SETTLE_S, CPU_WINDOW_S);
    shares.push({ share, level: measured });
    process.stdout.write(`${levelLine(measured)}\n`);
    process.stdout.write(insideText(measured));
    process.stdout.write(`        per call (ms of CPU): ${perCallText(measured)}\n`);
  }

  // --- every call logged once and metered once -------------------------------------------
  took = performance.now();
  const finished = await guarded(callers.finish());
  await guarded(untilNoCallRuns(temporal));
  const completed = finished.completedSids;
  const { rows } = await owner.raw<{ rows: Array<{ logs: number; distinct_logs: number; events: number }> }>(
    `select (select count(*) from call_logs where call_sid = any(?::text[]))::int as logs,
            (select count(distinct call_sid) from call_logs where call_sid = any(?::text[]))::int as distinct_logs,
            (select count(*) from usage_events where call_sid = any(?::text[]))::int as events`,
    [pgArray(completed), pgArray(completed), pgArray(completed)],
  );
  const check = rows[0]!;
  // A call's history: what the Temporal cluster stores and moves for it, the unit to size a cluster by.
  const sample = completed.filter((_, i) => i % Math.max(1, Math.floor(completed.length / HISTORY_SAMPLE)) === 0).slice(0, HISTORY_SAMPLE);
  const histories = await Promise.all(sample.map((sid) => temporal.workflow.getHandle(callWorkflowId(sid)).fetchHistory()));
  const eventsPerCall = histories.reduce((sum, h) => sum + (h.events?.length ?? 0), 0) / Math.max(1, histories.length);
  const exact = check.logs === completed.length && check.distinct_logs === completed.length && check.events === completed.length;
  process.stdout.write('\n3. the end\n');
  line('calls made, completed', `${finished.started}, ${completed.length} (callers hung up, all finished in ${seconds(performance.now() - took)})`);
  line('logged once and metered once', `${exact ? 'yes' : 'NO'}: ${check.logs} call_logs (${check.distinct_logs} calls), ${check.events} usage events for ${completed.length} calls`);
  line('history events per call', `${eventsPerCall.toFixed(1)} (mean of ${histories.length} calls)`);
  line('fallbacks, errors over the whole run', `${finished.fallbacks}, ${finished.errors}`);
  for (const example of finished.examples.slice(0, 5)) process.stdout.write(`      e.g. ${example}\n`);
  line(`worker memory${WORKERS > 1 ? ` (${WORKERS} processes together)` : ''}`, `peak ${mb(workerPeakRss)}, at the rated level ${rated ? mb(rated.workerRss) : '–'}`);
  line("the callers' own CPU", `${finished.cpuSeconds.toFixed(1)} s`);

  const figures = {
    bench: 'live-calls',
    startedAt: startedAt.toISOString(),
    loadAverage: loadavg(),
    settings: { seed: SEED, tenants: TENANTS, workers: WORKERS, start: START, step: STEP, max: MAX, settleS: SETTLE_S, holdS: HOLD_S, cpuWindowS: CPU_WINDOW_S, modelLatency: latency, turns: TURNS, gapMs: GAP_MS, meanCallS: MEAN_CALL_S, workerLevers, nodeOptions: serverNodeArgs },
    curve: curve.map(levelFigures),
    ratedLiveCalls: ratedLive,
    cpuPerCall: shares.map(({ share, level: l }) => ({ share, ...levelFigures(l), cpuMsPerCall: perCall(l) })),
    end: { started: finished.started, completed: completed.length, logs: check.logs, events: check.events, exact, fallbacks: finished.fallbacks, errors: finished.errors, historyEventsPerCall: eventsPerCall },
    workerPeakRssBytes: workerPeakRss,
    targets: {
      ratedLiveCalls: { target: TARGETS.ratedLiveCalls, value: ratedLive, met: ratedLive >= TARGETS.ratedLiveCalls },
    },
  };
  process.stdout.write(`\n${JSON.stringify(figures)}\n`);
  if (!exact) throw new Error('calls were not each logged once and metered once (see above)');
}

function turnRange(spec: string): [number, number] {
  const match = /^(\d+)-(\d+)$/.exec(spec);
  const range = match ? ([Number(match[1]), Number(match[2])] as [number, number]) : undefined;
  if (!range || range[0] < 1 || range[1] < range[0]) throw new Error(`LIVE_CALLS_TURNS: expected <fewest>-<most> turns, as in 10-28, got ${spec}`);
  return range;
}

/** Inside the worker over a window (its Temporal metrics): a turn's time there, and its workflow cache. */
interface WorkerWindow {
  /** A workflow task's wait for this worker to take it (a poll free, a slot free). */
  taskScheduleToStart?: HistogramWindow;
  /** Running a workflow task: the workflow code's activations, local activities excluded. */
  taskExecution?: HistogramWindow;
  /** The model's turn, as a local activity (the model's own delay included). */
  agentTurn?: HistogramWindow;
  /** Tasks that found their workflow out of the cache (replayed from its history), and workflows pushed out of it. */
  cacheMisses: number;
  forcedEvictions: number;
  cachedWorkflows?: number;
  freeTaskSlots?: number;
  freeLocalActivitySlots?: number;
}

function workerWindow(from: Scrape, to: Scrape): WorkerWindow {
  const name = (metric: string) => `temporal_${metric}`;
  return {
    taskScheduleToStart: histogramDelta(from, to, name('workflow_task_schedule_to_start_latency')),
    taskExecution: histogramDelta(from, to, name('workflow_task_execution_latency')),
    agentTurn: histogramDelta(from, to, name('local_activity_execution_latency'), { activity_type: 'agentTurn' }),
    cacheMisses: counterDelta(from, to, name('sticky_cache_miss')),
    forcedEvictions: counterDelta(from, to, name('sticky_cache_total_forced_eviction')),
    cachedWorkflows: gauge(to, name('sticky_cache_size')),
    freeTaskSlots: gauge(to, name('worker_task_slots_available'), { worker_type: 'WorkflowWorker' }),
    freeLocalActivitySlots: gauge(to, name('worker_task_slots_available'), { worker_type: 'LocalActivityWorker' }),
  };
}

function workerText(w: WorkerWindow): string {
  const h = (x: HistogramWindow | undefined) => (x ? `p50 ≤${x.p50} p99 ≤${x.p99} ms` : '–');
  return (
    `worker: task wait ${h(w.taskScheduleToStart)}; task run ${h(w.taskExecution)}; model turn ${h(w.agentTurn)}; ` +
    `cache ${w.cachedWorkflows ?? '–'} workflows, ${w.cacheMisses} misses, ${w.forcedEvictions} evictions; free slots: tasks ${w.freeTaskSlots ?? '–'}, local activities ${w.freeLocalActivitySlots ?? '–'}`
  );
}

/** Inside the parts over a level's window: the workers' and the Temporal server's metrics, and the GC pauses when traced. */
function insideText(l: Level): string {
  const gc = l.gc ? `        GC pauses: ${GC_PARTS.map((part) => `${part} ${gcText(l.gc![part])}`).join('; ')}\n` : '';
  const late = l.stats.lateness;
  const callers = `        callers' own timers late: p50 ${late.p50}, p99 ${late.p99}, max ${late.max} ms\n`;
  return `        ${workerText(l.worker)}\n        ${serverText(l.server)}\n${gc}${callers}`;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const pct = (cpuSeconds: number, windowS: number) => Math.round((cpuSeconds / windowS) * 100);

function levelLine(l: Level): string {
  const s = l.stats;
  const cpu = [...KESTREL, 'sandbox', 'callers'].map((p) => `${p} ${pct(l.cpu[p as PartName], l.windowS)}`).join(', ');
  return (
    `  ${String(l.target).padStart(5)} ${l.callsPerSecond.toFixed(2).padStart(7)}  ${`${s.live.mean}/${s.live.peak}`.padStart(14)}  ` +
    `${`${s.greeting.p50}/${s.greeting.p99} ms`.padStart(16)}  ${`${s.turnOverhead.p50}/${s.turnOverhead.p99} ms`.padStart(16)}  ${String(s.fallbacks).padStart(3)} ${String(s.errors).padStart(3)}  ${cpu}`
  );
}

/**
 * CPU milliseconds each of Kestrel's parts spends on a call, and their sum: its CPU a second
 * over the live calls it served, times the mean call's length. (Per call completed in the
 * window would count wrongly while the live calls still move towards the level.)
 */
function perCall(l: Level): Record<string, number> {
  const liveCallSeconds = Math.max(1, l.stats.live.mean) * l.windowS;
  const each = Object.fromEntries(KESTREL.map((p) => [p, Math.round(((l.cpu[p] * 1000) / liveCallSeconds) * MEAN_CALL_S)]));
  return { ...each, kestrel: Object.values(each).reduce((a, b) => a + b, 0) };
}

function perCallText(l: Level): string {
  const per = perCall(l);
  return `${KESTREL.map((p) => `${p} ${per[p]}`).join(', ')}; Kestrel ${per.kestrel} (a ${MEAN_CALL_S} s call; ${l.stats.live.mean} live on average)`;
}

function levelFigures(l: Level) {
  return {
    target: l.target,
    callsPerSecond: Number(l.callsPerSecond.toFixed(3)),
    live: l.stats.live,
    greetingMs: l.stats.greeting,
    turnMs: l.stats.turn,
    turnOverheadMs: l.stats.turnOverhead,
    callersLatenessMs: l.stats.lateness,
    callsStarted: l.stats.callsStarted,
    callsCompleted: l.stats.callsCompleted,
    fallbacks: l.stats.fallbacks,
    errors: l.stats.errors,
    cpuSeconds: Object.fromEntries(Object.entries(l.cpu).map(([k, v]) => [k, Number(v.toFixed(2))])),
    windowS: l.windowS,
    workerRssBytes: l.workerRss,
    worker: l.worker,
    temporal: l.server,
    gcPauses: l.gc,
    passed: l.passed,
    why: l.why,
  };
}
