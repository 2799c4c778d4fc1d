import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import type { Knex } from 'knex';
import { createApp } from '../api/app';
import { prepareDatabase } from '../db/bootstrap';
import { connectDatabase, createKnex, disconnectDatabase, withUrlParts } from '../db/connection';
import { parseConfig, type Config } from '../lib/config';
import { createLogger } from '../lib/logger';
import { freePort } from '../runtime/ports';
import { findOrStartLocalPostgres } from '../runtime/postgres';
import { ensureTemporalCli } from '../runtime/temporal-cli';
import { startTemporalDevServer } from '../runtime/temporal-dev-server';
import { startSandbox } from '../sandbox/server';
import { createWorker } from '../worker/worker';
import { stateQuery, tenantWorkflowId, type TenantState } from '../workflows/tenant-messages';

/**
 * The tenant lifecycle at scale, on the whole platform in this process (sandbox, one
 * worker, the API on an ephemeral port) against its own in-memory Temporal dev server
 * and a fresh database:
 *   1. N onboardings through the API, against raw workflow starts on a queue nobody polls
 *      (the server's own cost of a start), same N and concurrency;
 *   2. all N provisioned and activated through the admin API;
 *   3. all N across one billing-cycle boundary: how long after the first tenant is due
 *      the last one has rolled over, and how spread out the due times were;
 *   4. one tenant with a 1 s cycle after 12 cycles: its history stays bounded by continueAsNew.
 *
 * BENCH_TENANTS (default 2000), BENCH_CONCURRENCY (50), BENCH_CYCLE (e.g. 300s; default
 * derived from N, see cycleFor), BENCH_DATABASE_URL (a superuser URL; else found as npm start finds it).
 */
const TENANTS = positiveInt('BENCH_TENANTS', 2000);
const CONCURRENCY = positiveInt('BENCH_CONCURRENCY', 50);
const HISTORY_CYCLES = 12;
/** Under load an update waits for the worker; past this a request counts as failed rather than hanging the run. */
const REQUEST_TIMEOUT_MS = 180_000;
const OPERATOR_TOKEN = `bench-operator-${randomBytes(12).toString('hex')}`;

/**
 * Geographic NANP area codes, used round-robin: the sandbox sells 40 numbers per code (32
 * with SMS, which provisioning asks for) and a search returns 5 candidates, so tenants
 * provisioned at the same time in one code could all lose the race for the same 5.
 * Round-robin over ~250 codes keeps the 50 in flight in 50 different codes and ~8 per code.
 */
const AREA_CODES = (
  '201 202 203 205 206 207 208 209 210 212 213 214 215 216 217 218 219 224 225 228 229 231 234 239 240 248 251 252 253 254 ' +
  '256 260 262 267 269 270 276 281 301 302 303 304 305 307 308 309 310 312 313 314 315 316 317 318 319 320 321 323 325 330 ' +
  '334 336 337 339 347 351 352 360 361 386 401 402 404 405 406 407 408 409 410 412 413 414 415 417 419 423 424 425 432 434 ' +
  '435 440 443 469 478 479 480 484 501 502 503 504 505 507 508 509 510 512 513 515 516 517 518 520 530 540 541 559 561 562 ' +
  '563 570 571 573 574 575 580 585 586 601 602 603 605 606 607 608 609 610 612 614 615 616 617 618 619 620 623 626 630 631 ' +
  '636 641 646 650 651 660 661 662 678 682 701 702 703 704 706 707 708 712 713 714 715 716 717 718 719 720 724 727 731 732 ' +
  '734 740 754 757 760 763 765 770 772 773 774 775 781 785 786 801 802 803 804 805 806 808 810 812 813 814 815 816 817 818 ' +
  '828 830 831 832 843 845 847 848 850 856 857 858 859 860 862 863 864 865 870 872 878 901 903 904 906 907 908 909 910 912 ' +
  '913 914 915 916 917 918 919 920 925 928 931 936 937 940 941 947 949 951 952 954 956 970 971 972 973 978 979 980 985 989'
).split(' ');

/**
 * The billing cycle for the N tenants. Durations travel in the workflow input at
 * onboarding, and the cycle is anchored at each tenant's activation, so it must be fixed
 * before anything is measured and be longer than the whole activation phase, else early
 * tenants roll over while later ones are still activating and the boundary figure
 * measures contention instead of the boundary. On this machine (2 cores, the dev server,
 * worker, API and Postgres sharing them) activation ran at 2.2–3.3 tenants/s for N = 20–300;
 * 0.5 s per tenant (2/s) leaves room for a busier machine at the cost of some idle
 * waiting, and never under a minute. The run warns if activation outlasted it anyway.
 */
function cycleFor(tenants: number): string {
  return process.env.BENCH_CYCLE ?? `${Math.max(60, Math.ceil(tenants * 0.5))}s`;
}

export async function run(): Promise<void> {
  const began = performance.now();
  const tag = randomBytes(3).toString('hex');
  const cleanup = new Cleanup();
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping what the bench started…\n`);
    void cleanup.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await bench(tag, cleanup);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup.run();
    process.stdout.write(`  total wall time: ${seconds(performance.now() - began)}\n`);
  }
}

async function bench(tag: string, cleanup: Cleanup): Promise<void> {
  const cycle = cycleFor(TENANTS);
  process.stdout.write(`tenant lifecycle (${TENANTS} tenants, ${CONCURRENCY} in flight, billing cycle ${cycle})\n`);

  // --- the platform ----------------------------------------------------------------------
  const [cli, postgres] = await Promise.all([
    ensureTemporalCli(() => undefined),
    process.env.BENCH_DATABASE_URL
      ? Promise.resolve({ url: process.env.BENCH_DATABASE_URL, stop: undefined })
      : findOrStartLocalPostgres({ dataDir: '.data', database: 'postgres', log: () => undefined }),
  ]);
  if (postgres.stop) cleanup.add('postgres', async () => postgres.stop?.());

  const temporalServer = await startTemporalDevServer({ cli, port: await freePort() });
  cleanup.add('temporal dev server', () => temporalServer.stop());

  const database = `kestrel_bench_${tag}`;
  const adminUrl = withUrlParts(postgres.url, { database });
  cleanup.add('database', async () => {
    const maintenance = createKnex(withUrlParts(adminUrl, { database: 'postgres' }), 1);
    try {
      await maintenance.raw('drop database if exists ?? with (force)', [database]);
    } finally {
      await maintenance.destroy();
    }
  });
  const appUrl = await prepareDatabase({ adminUrl, appRole: 'kestrel_app', appPassword: 'kestrel-app-local' });
  const owner = createKnex(adminUrl, 2);
  cleanup.add('owner pool', () => owner.destroy());

  const sandbox = await startSandbox({ port: 0 });
  cleanup.add('sandbox', () => sandbox.close());

  // Not process.env: provider credentials or a DATABASE_URL there must not leak into the bench.
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATABASE_URL: adminUrl,
    DATABASE_APP_URL: appUrl,
    TEMPORAL_ADDRESS: temporalServer.address,
    TEMPORAL_TASK_QUEUE: `bench-${tag}`,
    SANDBOX_URL: sandbox.url,
    OPERATOR_TOKEN,
    PUBLIC_BASE_URL: 'https://kestrel.bench',
    // Trials are skipped at activation; these only have to be valid.
    TRIAL_DURATION: '1h',
    TRIAL_REMINDER_BEFORE: '10m',
    CANCEL_GRACE: '1h',
  };
  const config = parseConfig({ ...env, BILLING_CYCLE: cycle });
  const logger = createLogger({ name: 'bench', level: 'silent' });

  // The API's models and the worker's activities share the process's application pool, as under `npm start`.
  connectDatabase(appUrl, config.DATABASE_POOL_MAX);
  cleanup.add('application pool', () => disconnectDatabase());

  const { worker, connection: workerConnection } = await createWorker(config, logger);
  const running = worker.run().finally(() => workerConnection.close());
  cleanup.add('worker', async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });
  // A worker that dies mid-run would leave every later wait to its timeout: fail at once instead.
  const workerDied = running.then(() => Promise.reject(new Error('the worker stopped during the bench')));
  workerDied.catch(() => undefined);
  const guarded = <T>(work: Promise<T>) => Promise.race([work, workerDied]);

  const connection = await Connection.connect({ address: temporalServer.address });
  cleanup.add('client connection', () => connection.close());
  const client = new Client({ connection });

  const api = await startApi(config, logger, appUrl, temporalServer.address, cleanup);
  // Same worker and database; only the durations its onboardings put in the workflow input differ.
  const fastApi = await startApi(parseConfig({ ...env, BILLING_CYCLE: '1s' }), logger, appUrl, temporalServer.address, cleanup);

  const cpu = new CpuMeter(temporalServer.process.pid);
  cleanup.add('cpu meter', async () => cpu.stop());

  // --- 1. starts -------------------------------------------------------------------------
  // The baseline runs first, on an idle server, so it is not slowed by the onboardings' backlog.
  const unpolled = `bench-unpolled-${tag}`;
  let mark = cpu.mark();
  const baselineMs = await timed(() =>
    guarded(
      inParallel(range(TENANTS), CONCURRENCY, (i) =>
        client.workflow.start('benchNobodyRunsThis', { taskQueue: unpolled, workflowId: `bench-baseline-${tag}-${i}`, args: [{ i }] }),
      ),
    ),
  );
  const baselineCpu = cpu.since(mark, baselineMs);

  mark = cpu.mark();
  let accepted = 0;
  let tenantIds: string[] = [];
  const onboardingMs = await timed(async () => {
    tenantIds = await guarded(
      inParallel(range(TENANTS), CONCURRENCY, async (i) => {
        const { status, body } = await post(api, '/api/onboarding', signup(`${tag}-${i}`));
        if (status === 202) accepted++;
        return (body as { tenant: { id: string } }).tenant.id;
      }),
    );
  });
  const onboardingCpu = cpu.since(mark, onboardingMs);
  const baselineRate = TENANTS / (baselineMs / 1000);
  const onboardingRate = TENANTS / (onboardingMs / 1000);
  line('baseline: client.workflow.start, unpolled queue', `${rate(baselineRate)} starts/s  (${seconds(baselineMs)})`);
  line('POST /api/onboarding', `${rate(onboardingRate)} tenants/s  (${seconds(onboardingMs)}${accepted ? `, ${accepted} answered 202` : ''})`);
  line('ratio onboarding / baseline', (onboardingRate / baselineRate).toFixed(3));
  line('  cpu during baseline', baselineCpu);
  line('  cpu during onboarding', onboardingCpu);

  // --- 2. provision + activate -----------------------------------------------------------
  mark = cpu.mark();
  let firstActivated = Infinity;
  let lastActivated = 0;
  const activationMs = await timed(() =>
    guarded(
      inParallel(tenantIds, CONCURRENCY, async (id, i) => {
        await post(api, `/api/admin/tenants/${id}/actions/provision-number`, { areaCode: AREA_CODES[i % AREA_CODES.length] }, true);
        const { body } = await post(api, `/api/admin/tenants/${id}/actions/activate`, { skipTrial: true }, true);
        const state = body as TenantState;
        if (state.status !== 'active') throw new Error(`tenant ${id}: activate answered status ${state.status}`);
        firstActivated = Math.min(firstActivated, Date.now());
        lastActivated = Math.max(lastActivated, Date.now());
      }),
    ),
  );
  line('provision-number + activate', `${rate(TENANTS / (activationMs / 1000))} tenants/s  (${seconds(activationMs)})`);
  line('  cpu during activation', cpu.since(mark, activationMs));

  // --- 3. one cycle boundary -------------------------------------------------------------
  const dues = await owner
    .select(owner.raw('min(period_end) as due'), owner.raw('max(period_end) as last_due'))
    .from('usage_periods')
    .whereIn('tenant_id', tenantIds)
    .first<{ due: Date; last_due: Date }>();
  const firstDue = dues.due.getTime();
  if (lastActivated >= firstDue) {
    process.stdout.write(
      `  warning: the last activation answered ${seconds(lastActivated - firstDue)} after the first tenant was due; ` +
        'the boundary figures include activation load (set BENCH_CYCLE higher)\n',
    );
  }
  mark = cpu.mark();
  const boundaryStarted = Date.now();
  // Waits up to the last due time plus as long again as activation took (the same amount of work), at least 2 minutes.
  const deadline = dues.last_due.getTime() + Math.max(120_000, activationMs);
  let observedAllAt: number;
  for (;;) {
    const rolled = await guarded(rolledOverCount(owner, tenantIds));
    if (rolled === tenantIds.length) {
      observedAllAt = Date.now();
      break;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out at the cycle boundary: ${rolled} of ${tenantIds.length} tenants rolled over by ${new Date(deadline).toISOString()}`);
    }
    await sleep(Date.now() < firstDue ? Math.min(1000, Math.max(50, firstDue - Date.now())) : 250);
  }
  const boundaryCpu = cpu.since(mark, Date.now() - boundaryStarted);
  const rollovers = await rolloverTimes(owner, tenantIds);
  const lags = rollovers.map((r) => r.rolled - r.due).sort((a, b) => a - b);
  const lastRolled = Math.max(...rollovers.map((r) => r.rolled));
  const lastDue = Math.max(...rollovers.map((r) => r.due));
  line('cycle boundary: first due → all rolled over', `${seconds(lastRolled - firstDue)}  (observed by polling: ${seconds(observedAllAt - firstDue)})`);
  line('  spread of due times (first → last due)', `${seconds(lastDue - firstDue)}  (activation phase: ${seconds(lastActivated - firstActivated)})`);
  line('  per-tenant lag, due → new period', `p50 ${seconds(percentile(lags, 0.5))}, p99 ${seconds(percentile(lags, 0.99))}, max ${seconds(lags[lags.length - 1]!)}`);
  line('  cpu from activation end to all rolled over', boundaryCpu);

  const periods = await periodCheck(owner, tenantIds);
  if (periods.wrong > 0) throw new Error(`${periods.wrong} of ${tenantIds.length} tenants do not have exactly one open and one closed usage period (e.g. ${periods.example})`);
  const indexes = await guarded(
    inParallel(tenantIds, CONCURRENCY, async (id) => (await client.workflow.getHandle(tenantWorkflowId(id)).query(stateQuery)).cycle?.index ?? -1),
  );
  const behind = indexes.filter((i) => i < 1).length;
  if (behind > 0) throw new Error(`${behind} tenants have rolled over in Postgres but their workflow reports cycle.index < 1`);
  line('  verified', `${tenantIds.length} tenants: 1 open + 1 closed usage period each, workflow cycle.index >= 1`);

  // --- 4. history after 12 cycles --------------------------------------------------------
  const { body: created } = await post(fastApi, '/api/onboarding', signup(`${tag}-history`));
  const historyTenant = (created as { tenant: { id: string } }).tenant.id;
  await post(fastApi, `/api/admin/tenants/${historyTenant}/actions/provision-number`, { areaCode: '617' }, true);
  await post(fastApi, `/api/admin/tenants/${historyTenant}/actions/activate`, { skipTrial: true }, true);
  const handle = client.workflow.getHandle(tenantWorkflowId(historyTenant));
  const historyDeadline = Date.now() + HISTORY_CYCLES * 1000 + 120_000;
  let index = -1;
  while (index < HISTORY_CYCLES) {
    if (Date.now() > historyDeadline) throw new Error(`timed out waiting for cycle ${HISTORY_CYCLES} of the 1 s tenant (at cycle ${index})`);
    await sleep(250);
    index = (await guarded(handle.query(stateQuery))).cycle?.index ?? -1;
  }
  // Visibility is written asynchronously: list until it shows the run the query just answered from.
  // A run just started by continueAsNew has 3 events; one waiting on its cycle timer shows the steady size.
  let currentRunId = '';
  let current: Awaited<ReturnType<typeof handle.fetchHistory>> = {};
  for (let attempt = 0; attempt < 20; attempt++) {
    currentRunId = (await handle.describe()).runId;
    current = await client.workflow.getHandle(tenantWorkflowId(historyTenant), currentRunId).fetchHistory();
    if (current.events?.at(-1)?.timerStartedEventAttributes) break;
    await sleep(100);
  }
  let runIds: string[] = [];
  for (let attempt = 0; !runIds.includes(currentRunId); attempt++) {
    if (attempt === 40) throw new Error(`visibility did not list the current run ${currentRunId} within 10 s (${runIds.length} runs listed)`);
    if (attempt > 0) await sleep(250);
    runIds = [];
    for await (const execution of client.workflow.list({ query: `WorkflowId = '${tenantWorkflowId(historyTenant)}'` })) runIds.push(execution.runId);
  }
  let longest = 0;
  for (const runId of runIds) longest = Math.max(longest, (await client.workflow.getHandle(tenantWorkflowId(historyTenant), runId).fetchHistory()).events?.length ?? 0);
  line(`history, 1 s cycle, at cycle.index ${index}`, `current run ${current.events?.length ?? 0} events; ${runIds.length} runs; longest run ${longest} events`);
}

// --- the API on an ephemeral port --------------------------------------------------------

interface Api {
  url: string;
}

async function startApi(config: Config, logger: ReturnType<typeof createLogger>, appUrl: string, address: string, cleanup: Cleanup): Promise<Api> {
  const db = createKnex(appUrl, 2);
  const connection = Connection.lazy({ address });
  const temporalHealth = Connection.lazy({ address, interceptors: [] });
  const app = createApp({ config, logger, db, temporal: new Client({ connection }), temporalHealth });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanup.add('api', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await Promise.allSettled([db.destroy(), connection.close(), temporalHealth.close()]);
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function post(api: Api, path: string, body: unknown, operator = false): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(operator ? { Authorization: `Bearer ${OPERATOR_TOKEN}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const why = (error as Error).name === 'TimeoutError' ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : String(error);
    throw new Error(`POST ${path}: ${why}`, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 400)}`);
  return { status: response.status, body: JSON.parse(text) as unknown };
}

function signup(n: string): Record<string, unknown> {
  return {
    company_name: `Bench Heating ${n}`,
    industry: 'hvac',
    timezone: 'America/New_York',
    owner_name: 'Dana Owner',
    owner_email: `owner.${n}@example.com`,
    owner_phone: '(617) 555-0142',
    plan_tier: 'starter',
    forward_to_number: '+1 617 555 0199',
    business_hours: { mon: { open: '08:00', close: '17:00' }, sat: null },
  };
}

// --- the read model ----------------------------------------------------------------------

/** Tenants whose second usage period exists: the one the first boundary opens. */
async function rolledOverCount(owner: Knex, tenantIds: string[]): Promise<number> {
  const { rows } = await owner.raw<{ rows: Array<{ n: number }> }>(
    'select count(*)::int as n from (select tenant_id from usage_periods where tenant_id = any(?::uuid[]) group by tenant_id having count(*) >= 2) t',
    [uuidArray(tenantIds)],
  );
  return rows[0]?.n ?? 0;
}

/** When each tenant's first cycle was due (its end) and when the next period was written (the row's created_at). */
async function rolloverTimes(owner: Knex, tenantIds: string[]): Promise<Array<{ due: number; rolled: number }>> {
  const { rows } = await owner.raw<{ rows: Array<{ due: Date; rolled: Date }> }>(
    `select first.period_end as due, next.created_at as rolled
       from usage_periods first
       join usage_periods next on next.tenant_id = first.tenant_id and next.period_start = first.period_end
      where first.tenant_id = any(?::uuid[])`,
    [uuidArray(tenantIds)],
  );
  if (rows.length !== tenantIds.length) throw new Error(`expected ${tenantIds.length} consecutive period pairs, found ${rows.length}`);
  return rows.map((r) => ({ due: r.due.getTime(), rolled: r.rolled.getTime() }));
}

async function periodCheck(owner: Knex, tenantIds: string[]): Promise<{ wrong: number; example?: string }> {
  const { rows } = await owner.raw<{ rows: Array<{ tenant_id: string; open: number; closed: number }> }>(
    `select t.id as tenant_id,
            count(p.id) filter (where p.closed_at is null)::int as open,
            count(p.id) filter (where p.closed_at is not null)::int as closed
       from unnest(?::uuid[]) as t(id) left join usage_periods p on p.tenant_id = t.id
      group by t.id`,
    [uuidArray(tenantIds)],
  );
  const wrong = rows.filter((r) => r.open !== 1 || r.closed !== 1);
  const first = wrong[0];
  return { wrong: wrong.length, example: first && `${first.tenant_id}: ${first.open} open, ${first.closed} closed` };
}

/** One array parameter: knex would expand a JS array into a list of parameters. */
const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;

// --- CPU accounting ----------------------------------------------------------------------

interface CpuSample {
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
class CpuMeter {
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

  since(start: CpuSample, wallMs: number): string {
    const end = this.mark();
    const share = (s: number) => `${s.toFixed(1)} s (${Math.round((s / (wallMs / 1000)) * 100)}%)`;
    return (
      `temporal ${share(end.temporal - start.temporal)}, node ${share(end.node - start.node)}, ` +
      `postgres ${share(end.postgres - start.postgres)} of ${seconds(wallMs)} (100% = one core)`
    );
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

// --- helpers -----------------------------------------------------------------------------

/** Stops what was started, last first, each step on its own: one failing must not leave the rest running. */
class Cleanup {
  private readonly steps: Array<{ name: string; stop: () => Promise<unknown> }> = [];
  private done: Promise<void> | undefined;

  add(name: string, stop: () => Promise<unknown>): void {
    this.steps.push({ name, stop });
  }

  run(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('did not stop within 60 s')), 60_000);
        });
        try {
          await Promise.race([step.stop(), timeout]);
        } catch (error) {
          process.stderr.write(`  cleanup: ${step.name}: ${error instanceof Error ? error.message : String(error)}\n`);
        } finally {
          clearTimeout(timer);
        }
      }
    })();
    return this.done;
  }
}

/** Runs `work` over `items` with at most `limit` in flight; the first failure stops new work and is thrown. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        results[i] = await work(items[i]!, i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
  return results;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name}: expected a positive whole number, got ${raw}`);
  return value;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const rate = (perSecond: number) => perSecond.toFixed(1);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const line = (label: string, value: string) => process.stdout.write(`  ${label.padEnd(46)} ${value}\n`);
