import type { Knex } from 'knex';
import { parseConfig } from '../lib/config';
import { stateQuery, tenantWorkflowId, type TenantState } from '../workflows/tenant-messages';
import { inParallel, line, percentile, positiveInt, range, rate, seconds, sleep, timed } from './figures';
import { AREA_CODES, pgArray, post, runBench, signup, startApi, startBenchPlatform, type Cleanup } from './platform';

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

export function run(): Promise<void> {
  return runBench(bench);
}

async function bench(tag: string, cleanup: Cleanup): Promise<void> {
  const cycle = cycleFor(TENANTS);
  process.stdout.write(`tenant lifecycle (${TENANTS} tenants, ${CONCURRENCY} in flight, billing cycle ${cycle})\n`);

  // --- the platform ----------------------------------------------------------------------
  const durations = {
    PUBLIC_BASE_URL: 'https://kestrel.bench',
    // Trials are skipped at activation; these only have to be valid.
    TRIAL_DURATION: '1h',
    TRIAL_REMINDER_BEFORE: '10m',
    CANCEL_GRACE: '1h',
  };
  const platform = await startBenchPlatform(tag, cleanup, { ...durations, BILLING_CYCLE: cycle });
  const { client, owner, cpu, guarded, api } = platform;
  // Same worker and database; only the durations its onboardings put in the workflow input differ.
  const fastApi = await startApi(platform, cleanup, { config: parseConfig({ ...platform.env, ...durations, BILLING_CYCLE: '1s' }) });

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
        // Billed by transfer (no card): active at once, as a company with a card that pays.
        await post(api, `/api/admin/tenants/${id}/actions/confirm-billing`, {}, true);
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
  await post(fastApi, `/api/admin/tenants/${historyTenant}/actions/confirm-billing`, {}, true);
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

// --- the read model ----------------------------------------------------------------------

/** Tenants whose second usage period exists: the one the first boundary opens. */
async function rolledOverCount(owner: Knex, tenantIds: string[]): Promise<number> {
  const { rows } = await owner.raw<{ rows: Array<{ n: number }> }>(
    'select count(*)::int as n from (select tenant_id from usage_periods where tenant_id = any(?::uuid[]) group by tenant_id having count(*) >= 2) t',
    [pgArray(tenantIds)],
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
    [pgArray(tenantIds)],
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
    [pgArray(tenantIds)],
  );
  const wrong = rows.filter((r) => r.open !== 1 || r.closed !== 1);
  const first = wrong[0];
  return { wrong: wrong.length, example: first && `${first.tenant_id}: ${first.open} open, ${first.closed} closed` };
}
