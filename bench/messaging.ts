import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Knex } from 'knex';
import { parseConfig } from '../lib/config';
import { tsxArgs } from '../runtime/tsx';
import { WORKFLOWS_PATH } from '../worker/worker';
import { inParallel, line, positiveInt, range, rate, seconds, sleep, timed } from './figures';
import type { WorkerMemory, WorkerReport, WorkerRequest, WorkerState } from './messaging/worker-process';
import { AREA_CODES, REQUEST_TIMEOUT_MS, pgArray, post, runBench, signup, startApi, startBenchPlatform, type Api, type Cleanup } from './platform';
import { ReportingChild } from './reporting-child';

/**
 * Customer messaging at scale, through the real API, Temporal, Postgres and the sandbox's
 * Twilio, on their own Temporal dev server and database:
 *   - MESSAGING_BENCH_TENANTS (50) live tenants, each with quiet hours that never hold
 *     (equal start and end, through PATCH /api/v1/settings) and the highest send rate,
 *     its share of MESSAGING_BENCH_CONTACTS (10,000) contacts imported by CSV, and an
 *     active three-step campaign: the first step at once, the next two a month apart;
 *   - the baseline: as many raw starts of a workflow that only sleeps (bench/messaging/
 *     sleeping-workflow.ts), on a task queue of the bench's own, as many in flight as the
 *     enrolments start at once;
 *   - every contact enrolled through POST /api/v1/campaigns/:id/enrol: enrolments per
 *     second, then messages per second until the first step of every enrolment is
 *     delivered (the sandbox's status callbacks reaching the API);
 *   - the resident memory of each worker once all its workflows sleep: Kestrel's worker
 *     with every enrolment waiting for its second step, the baseline's with every sleeper.
 * Each worker runs in a process of its own (bench/messaging/worker-process.ts), as `npm run
 * worker` does, with the workflow bundle built beforehand as the Docker image's workers
 * load it; both are Kestrel's worker (createWorker), so only their workflows differ.
 * It ends with a check (each tenant's funnel through the API and the sandbox's own record
 * of the texts) and one JSON line holding every figure.
 *
 * MESSAGING_BENCH_CONTACTS, MESSAGING_BENCH_TENANTS, BENCH_DATABASE_URL (a superuser URL;
 * else found as npm start finds it).
 */
const CONTACTS = positiveInt('MESSAGING_BENCH_CONTACTS', 10_000);
const TENANTS = Math.min(positiveInt('MESSAGING_BENCH_TENANTS', 50), CONTACTS);
/** A tenant's contacts are numbers 555-1000 to 555-9999 of its area code. */
const MAX_CONTACTS_PER_TENANT = 9_000;
/** Enrol requests in flight, one tenant's contacts (up to the API's 1,000 a request) each. */
const ENROL_REQUESTS_IN_FLIGHT = 10;
/** The enrol route starts a request's workflows 16 at a time (activities/campaigns.ts): the baseline keeps as many starts in flight. */
const STARTS_IN_FLIGHT = ENROL_REQUESTS_IN_FLIGHT * 16;
const ENROL_BATCH = 1_000;
/** Rows of one CSV import: under the API's 10,000, and its body under MAX_BODY_SIZE (set to 1 MB here). */
const IMPORT_ROWS = 5_000;
/** The wait before steps 2 and 3, and the baseline's sleep: far beyond the run, so every workflow is asleep when its worker is measured. */
const STEP_WAIT = '30d';
const STEP_WAIT_MS = 30 * 86_400_000;
const SCOPES = ['settings:write', 'contacts:read', 'contacts:write', 'campaigns:read', 'campaigns:write'];
/** The most texts a minute a company may send (MESSAGE_RATE_LIMITS): the bench measures the platform, not a company's own limit. */
const SEND_RATE_PER_MINUTE = 600;

const MB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;
const quietBundler = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };

export function run(): Promise<void> {
  return runBench(bench);
}

/** A worker process of the bench, and its answers. */
class WorkerProcess extends ReportingChild<WorkerReport, WorkerRequest> {
  async state(): Promise<WorkerState> {
    this.send({ type: 'state' });
    return (await this.next('state')).state;
  }

  async memory(): Promise<{ memory: WorkerMemory; state: WorkerState }> {
    this.send({ type: 'memory' });
    return this.next('memory');
  }

  /**
   * Once the worker has had nothing to do for two seconds (no workflow task nor activity in
   * flight at any of five samples), when that began (performance.now()): every workflow it
   * was given has run up to its wait. A worker with work queued for it polls it at once, so
   * it is not idle that long.
   */
  async idle(deadline: number): Promise<number> {
    let quiet = 0;
    let quietSince = performance.now();
    while (quiet < 5) {
      if (Date.now() > deadline) throw new Error(`the ${this.name} was still busy at ${new Date(deadline).toISOString()}`);
      const s = await this.state();
      if (s.workflowActivationsInFlight > 0 || s.activitiesInFlight > 0) quiet = 0;
      else if (quiet++ === 0) quietSince = performance.now();
      await sleep(500);
    }
    return quietSince;
  }
}

interface Tenant {
  id: string;
  phoneNumber: string;
  key: string;
  campaignId: string;
  contactIds: string[];
}

async function bench(tag: string, cleanup: Cleanup): Promise<void> {
  process.stdout.write(
    `customer messaging (${CONTACTS.toLocaleString('en-US')} contacts in a 3-step campaign across ${TENANTS} tenants) — started ${new Date().toISOString()}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  if (Math.ceil(CONTACTS / TENANTS) > MAX_CONTACTS_PER_TENANT) throw new Error(`at most ${MAX_CONTACTS_PER_TENANT} contacts a tenant: raise MESSAGING_BENCH_TENANTS`);
  const work = mkdtempSync(path.join(tmpdir(), 'kestrel-bench-messaging-'));
  cleanup.add('bundle directory', async () => rmSync(work, { recursive: true, force: true }));
  // The bench polls the API and sends thousands of requests per tenant key: the API's rate limits are not under test.
  // A CSV import of IMPORT_ROWS contacts is ~200 kB, over the default body size.
  const limits = { RATE_LIMIT_API_KEY: '1000000/1m', RATE_LIMIT_TENANT_API: '1000000/1m', MAX_BODY_SIZE: '1mb' };
  // PUBLIC_BASE_URL is the API's own: the sandbox's status callbacks (delivered) reach it, signed for its address.
  const platform = await startBenchPlatform(tag, cleanup, limits, { publicBaseUrlIsApi: true });
  const { client, owner, cpu, guarded, api } = platform;
  const publicBaseUrl = platform.config.PUBLIC_BASE_URL!;

  // --- the two worker processes -------------------------------------------------------------
  let took = performance.now();
  const [kestrelBundle, sleeperBundle] = await Promise.all(
    [
      { name: 'kestrel', workflowsPath: WORKFLOWS_PATH },
      { name: 'sleeper', workflowsPath: require.resolve('./messaging/sleeping-workflow') },
    ].map(async ({ name, workflowsPath }) => {
      const { code } = await bundleWorkflowCode({ workflowsPath, logger: quietBundler });
      const codePath = path.join(work, `${name}-workflows.js`);
      writeFileSync(codePath, code);
      return codePath;
    }),
  );
  const messagingQueue = `bench-messaging-${tag}`;
  const sleeperQueue = `bench-sleepers-${tag}`;
  const messagingEnv = { ...platform.env, ...limits, PUBLIC_BASE_URL: publicBaseUrl, TEMPORAL_TASK_QUEUE: messagingQueue };
  const startWorker = async (name: string, env: Record<string, string>) => {
    const worker = new WorkerProcess(
      `${name} worker`,
      spawn(process.execPath, tsxArgs('bench/messaging/worker-process.ts'), {
        env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    cleanup.add(`${name} worker`, () => worker.stop());
    await worker.next('ready');
    return worker;
  };
  const enrolmentWorker = await startWorker('enrolment', { ...messagingEnv, WORKFLOW_BUNDLE: kestrelBundle! });
  const sleeperWorker = await startWorker('baseline', { ...messagingEnv, TEMPORAL_TASK_QUEUE: sleeperQueue, WORKFLOW_BUNDLE: sleeperBundle! });
  // Enrolments start their workflows on the queue only the enrolment worker polls: an API of the same platform, set to it.
  const messagingApi = await startApi(platform, cleanup, { config: parseConfig(messagingEnv) });
  line('workflows bundled, two worker processes ready', seconds(performance.now() - took));

  // --- the tenants, their contacts and campaigns --------------------------------------------
  took = performance.now();
  const share = (i: number) => Math.floor(CONTACTS / TENANTS) + (i < CONTACTS % TENANTS ? 1 : 0);
  const tenants: Tenant[] = await guarded(inParallel(range(TENANTS), 10, (i) => liveTenant(api, messagingApi, tag, i, share(i))));
  line('tenants live, contacts imported, campaigns made', `${TENANTS} tenants, ${CONTACTS.toLocaleString('en-US')} contacts in ${seconds(performance.now() - took)}`);

  const idle = { enrolment: await enrolmentWorker.memory(), baseline: await sleeperWorker.memory() };

  // --- 1. the baseline: raw starts of a sleeping workflow -------------------------------------
  let mark = cpu.mark();
  const baselineStarted = performance.now();
  const baselineMs = await timed(() =>
    guarded(
      inParallel(range(CONTACTS), STARTS_IN_FLIGHT, (i) =>
        client.workflow.start('benchSleeper', { taskQueue: sleeperQueue, workflowId: `bench-sleeper-${tag}-${i}`, args: [{ sleepMs: STEP_WAIT_MS }] }),
      ),
    ),
  );
  const baselineAsleepMs = (await guarded(sleeperWorker.idle(Date.now() + 600_000))) - baselineStarted;
  const baselineCpu = cpu.since(mark, baselineAsleepMs);
  const baselineLoaded = await sleeperWorker.memory();

  // --- 2. enrolment ---------------------------------------------------------------------------
  mark = cpu.mark();
  const enrolStarted = performance.now();
  const enrolStartedAt = Date.now();
  const batches = tenants.flatMap((t) => range(Math.ceil(t.contactIds.length / ENROL_BATCH)).map((b) => ({ tenant: t, ids: t.contactIds.slice(b * ENROL_BATCH, (b + 1) * ENROL_BATCH) })));
  let enrolled = 0;
  const enrolMs = await timed(() =>
    guarded(
      inParallel(batches, ENROL_REQUESTS_IN_FLIGHT, async ({ tenant, ids }) => {
        const { body } = await v1(messagingApi, tenant.key, 'POST', `/campaigns/${tenant.campaignId}/enrol`, { contact_ids: ids });
        const result = body as { enrolled: unknown[]; refused: Array<{ reason: string }> };
        if (result.refused.length > 0) throw new Error(`tenant ${tenant.id}: ${result.refused.length} contacts refused, e.g. ${result.refused[0]!.reason}`);
        enrolled += result.enrolled.length;
      }),
    ),
  );
  const enrolCpu = cpu.since(mark, enrolMs);
  if (enrolled !== CONTACTS) throw new Error(`${enrolled} enrolled, expected ${CONTACTS}`);

  // --- 3. the first step of every enrolment, sent and delivered --------------------------------
  // Delivered is the sandbox's own record (its Twilio); the messages log follows it through the
  // status callbacks, a few of them still on their way at this point (checked at the end).
  mark = cpu.mark();
  const tenantIds = tenants.map((t) => t.id);
  const deliveryDeadline = Date.now() + Math.max(600_000, CONTACTS * 200);
  let lastReport = performance.now();
  let delivery: SandboxDelivery;
  for (;;) {
    const counts = await guarded(stepOneCounts(owner, tenantIds));
    if (counts.failed > 0) throw new Error(`${counts.failed} first-step texts ended other than delivered (${counts.failedExample})`);
    if (counts.handed === CONTACTS) {
      delivery = await guarded(sandboxDelivery(platform.sandbox.url, tenants));
      if (delivery.delivered === CONTACTS) break;
    }
    if (Date.now() > deliveryDeadline) throw new Error(`timed out: ${counts.handed} of ${CONTACTS} first-step texts handed to the sandbox, ${counts.written} written`);
    if (performance.now() - lastReport >= 15_000) {
      lastReport = performance.now();
      process.stdout.write(`  … ${counts.written} texts written (${counts.byStatus}), ${counts.handed} handed to the sandbox\n`);
    }
    await sleep(500);
  }
  const deliveryCpu = cpu.since(mark, performance.now() - enrolStarted - enrolMs);
  const times = await stepOneTimes(owner, tenantIds);

  // --- 4. every enrolment asleep until its second step ---------------------------------------
  const asleepDeadline = Date.now() + 600_000;
  for (;;) {
    const waiting = await guarded(waitingForStepTwo(owner, tenantIds));
    if (waiting === CONTACTS) break;
    if (Date.now() > asleepDeadline) throw new Error(`timed out: ${waiting} of ${CONTACTS} enrolments wait for their second step`);
    await sleep(500);
  }
  const enrolmentAsleepMs = (await guarded(enrolmentWorker.idle(Date.now() + 600_000))) - enrolStarted;
  const enrolmentLoaded = await enrolmentWorker.memory();

  // --- the check: each tenant's funnel, against the sandbox's record checked above ---------------
  // The funnel counts delivered from the messages log, which every status callback must reach: each
  // tenant's step 1 delivered to all its contacts, as the sandbox says, within a minute.
  const funnelDeadline = Date.now() + 60_000;
  let funnelDelivered = 0;
  await guarded(
    inParallel(tenants, 10, async (t) => {
      for (;;) {
        const { body } = await v1(messagingApi, t.key, 'GET', `/campaigns/${t.campaignId}/progress`);
        const progress = body as { enrollments: Record<string, number>; steps: Array<{ position: number; sent: number; delivered: number; not_sent: number }> };
        const funnel = progress.steps.map((s) => `${s.sent}/${s.not_sent}`).join(' ');
        const expected = `${t.contactIds.length}/0 0/0 0/0`;
        if (funnel !== expected || progress.enrollments.active !== t.contactIds.length) {
          throw new Error(`tenant ${t.id}: funnel (sent/not sent per step) ${funnel}, expected ${expected}; enrolments ${JSON.stringify(progress.enrollments)}`);
        }
        const delivered = progress.steps[0]!.delivered;
        if (delivered === t.contactIds.length) {
          funnelDelivered += delivered;
          return;
        }
        if (Date.now() > funnelDeadline) throw new Error(`tenant ${t.id}: the messages log has ${delivered} of ${t.contactIds.length} first-step texts delivered, the sandbox all`);
        await sleep(1_000);
      }
    }),
  );

  // --- the figures --------------------------------------------------------------------------
  const baselineRate = CONTACTS / (baselineMs / 1000);
  const enrolRate = CONTACTS / (enrolMs / 1000);
  const deliveredMs = delivery.lastDeliveredAt - enrolStartedAt;
  const messageRate = CONTACTS / (deliveredMs / 1000);
  const perWorkflow = (loaded: WorkerMemory, before: WorkerMemory) => (loaded.rss - before.rss) / CONTACTS;
  const enrolmentPer = perWorkflow(enrolmentLoaded.memory, idle.enrolment.memory);
  const baselinePer = perWorkflow(baselineLoaded.memory, idle.baseline.memory);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  const cached = (s: WorkerState) => `${s.cachedWorkflows} of ${s.maxCachedWorkflows} cached`;

  line(`baseline: ${STARTS_IN_FLIGHT} raw starts in flight`, `${rate(baselineRate)} starts/s  (${seconds(baselineMs)}; all asleep in the worker after ${seconds(baselineAsleepMs)})`);
  line(`enrol: ${ENROL_REQUESTS_IN_FLIGHT} requests in flight, ≤${ENROL_BATCH} each`, `${rate(enrolRate)} enrolments/s  (${seconds(enrolMs)}, ${batches.length} requests)`);
  line('ratio enrolments/s / baseline starts/s', (enrolRate / baselineRate).toFixed(3));
  line('first step: enrol start → all delivered', `${rate(messageRate)} messages/s  (${seconds(deliveredMs)})`);
  line('  enrol start → last handed to the sandbox', `${seconds(times.lastAttempted - enrolStartedAt)}  (${rate(CONTACTS / ((times.lastAttempted - enrolStartedAt) / 1000))} messages/s)`);
  line('  first handed → last delivered', seconds(delivery.lastDeliveredAt - times.firstAttempted));
  line('  messages log: delivered when the sandbox had all', `${times.delivered}  (the rest as each delivered callback came in)`);
  line('ratio messages/s / baseline starts/s', (messageRate / baselineRate).toFixed(3));
  line('  cpu during baseline (starts → asleep)', baselineCpu);
  line('  cpu during enrolment', enrolCpu);
  line('  cpu from enrolled to all delivered', deliveryCpu);
  line('worker RSS, idle (after GC): enrolment / baseline', `${mb(idle.enrolment.memory.rss)} / ${mb(idle.baseline.memory.rss)}`);
  line(`worker RSS with ${CONTACTS.toLocaleString('en-US')} asleep (after GC)`, `${mb(enrolmentLoaded.memory.rss)}  (${cached(enrolmentLoaded.state)}; peak ${mb(enrolmentLoaded.memory.peakRss)})`);
  line(`baseline worker RSS, ${CONTACTS.toLocaleString('en-US')} sleepers (after GC)`, `${mb(baselineLoaded.memory.rss)}  (${cached(baselineLoaded.state)}; peak ${mb(baselineLoaded.memory.peakRss)})`);
  line('ratio RSS enrolments / baseline', (enrolmentLoaded.memory.rss / baselineLoaded.memory.rss).toFixed(2));
  line('  per workflow above idle: enrolment / baseline', `${kb(enrolmentPer)} / ${kb(baselinePer)}  (ratio ${(enrolmentPer / baselinePer).toFixed(2)})`);
  line(
    '  V8 heap used: enrolment / baseline',
    `${mb(enrolmentLoaded.memory.heapUsed)} / ${mb(baselineLoaded.memory.heapUsed)} (idle ${mb(idle.enrolment.memory.heapUsed)} / ${mb(idle.baseline.memory.heapUsed)})`,
  );
  line('  enrol start → every enrolment asleep', seconds(enrolmentAsleepMs));
  line('  verified', `the sandbox delivered one text to each contact; each tenant's funnel: step 1 sent to every contact and delivered (${funnelDelivered}), steps 2–3 none yet`);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'messaging',
      contacts: CONTACTS,
      tenants: TENANTS,
      baseline_starts_per_s: +baselineRate.toFixed(1),
      enrolments_per_s: +enrolRate.toFixed(1),
      enrol_ratio: +(enrolRate / baselineRate).toFixed(3),
      messages_per_s: +messageRate.toFixed(1),
      messages_ratio: +(messageRate / baselineRate).toFixed(3),
      worker_rss_idle_mb: +(idle.enrolment.memory.rss / MB).toFixed(1),
      worker_rss_asleep_mb: +(enrolmentLoaded.memory.rss / MB).toFixed(1),
      baseline_rss_idle_mb: +(idle.baseline.memory.rss / MB).toFixed(1),
      baseline_rss_asleep_mb: +(baselineLoaded.memory.rss / MB).toFixed(1),
      rss_ratio: +(enrolmentLoaded.memory.rss / baselineLoaded.memory.rss).toFixed(2),
      rss_per_workflow_kb: +(enrolmentPer / 1024).toFixed(2),
      baseline_rss_per_workflow_kb: +(baselinePer / 1024).toFixed(2),
      log_delivered: times.delivered,
      funnel_delivered: funnelDelivered,
      cached_workflows: enrolmentLoaded.state.cachedWorkflows,
      max_cached_workflows: enrolmentLoaded.state.maxCachedWorkflows,
      load_average: loadavg().map((l) => +l.toFixed(2)),
    })}\n`,
  );
}

/** A request to the tenant API with the tenant's key; anything but 2xx throws with the answer. */
async function v1(api: Api, key: string, method: string, route: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${api.url}/api/v1${route}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': contentType }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} /api/v1${route} answered ${response.status}: ${text.slice(0, 400)}`);
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/**
 * Tenant `i`, as a company would set it up: signed up, given a number and activated
 * (admin API), an API key, quiet hours that never hold and the highest send rate, `count`
 * contacts imported by CSV, and an active campaign of three steps.
 */
async function liveTenant(admin: Api, api: Api, tag: string, i: number, count: number): Promise<Tenant> {
  const { body: created } = await post(admin, '/api/onboarding', signup(`${tag}-${i}`));
  const id = (created as { tenant: { id: string } }).tenant.id;
  const area = AREA_CODES[i % AREA_CODES.length]!;
  const { body: provisioned } = await post(admin, `/api/admin/tenants/${id}/actions/provision-number`, { areaCode: area }, true);
  await post(admin, `/api/admin/tenants/${id}/actions/activate`, {}, true);
  const { body: issued } = await post(admin, `/api/admin/tenants/${id}/api-keys`, { name: 'bench', scopes: SCOPES }, true);
  const key = (issued as { key: string }).key;

  await v1(api, key, 'PATCH', '/settings', { quiet_hours_start: '00:00', quiet_hours_end: '00:00', message_rate_per_minute: SEND_RATE_PER_MINUTE });

  // 555 numbers of the tenant's area code: never one the sandbox sells (a text to it would be the company's own inbound), nor one of its fixed test recipients (555-01xx).
  const phone = (j: number) => `+1${area}555${1000 + j}`;
  for (let first = 0; first < count; first += IMPORT_ROWS) {
    const rows = range(Math.min(IMPORT_ROWS, count - first)).map((j) => `${phone(first + j)},Customer ${i}-${first + j}`);
    const { body: report } = await v1(api, key, 'POST', '/contacts/import', `phone,name\n${rows.join('\n')}\n`, 'text/csv');
    const imported = report as { created: number; refused: unknown[] };
    if (imported.created !== rows.length) throw new Error(`tenant ${id}: the import made ${imported.created} contacts of ${rows.length} (refused: ${JSON.stringify(imported.refused.slice(0, 3))})`);
  }

  const { body: campaign } = await v1(api, key, 'POST', '/campaigns', {
    name: 'Fall furnace tune-up',
    status: 'active',
    exit_on_reply: true,
    steps: [
      { body: 'Hi {contact_name}, {company_name} here: furnace tune-ups are open for booking this month.', delay: '0s' },
      { body: 'Still thinking about a furnace tune-up? Reply to book a visit.', delay: STEP_WAIT },
      { body: 'Last call for fall tune-ups at {company_name}.', delay: STEP_WAIT },
    ],
  });

  const contactIds: string[] = [];
  let cursor: string | null = null;
  do {
    const { body: listed } = await v1(api, key, 'GET', `/contacts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const listing = listed as { data: Array<{ id: string }>; next_cursor: string | null };
    contactIds.push(...listing.data.map((c) => c.id));
    cursor = listing.next_cursor;
  } while (cursor);
  if (contactIds.length !== count) throw new Error(`tenant ${id}: listed ${contactIds.length} contacts, imported ${count}`);
  return { id, phoneNumber: (provisioned as { phoneNumber: string }).phoneNumber, key, campaignId: (campaign as { id: string }).id, contactIds };
}

interface SandboxDelivery {
  delivered: number;
  /** When the sandbox moved the last text to delivered (its date_updated: to the second). */
  lastDeliveredAt: number;
}

/**
 * What the sandbox's Twilio holds of the texts from the tenants' numbers: each tenant's must be
 * one to each of its contacts; how many are delivered, and when the last was.
 */
async function sandboxDelivery(sandboxUrl: string, tenants: Tenant[]): Promise<SandboxDelivery> {
  const found = await inParallel(tenants, 5, async (t) => {
    const res = await fetch(`${sandboxUrl}/sandbox/messages?${new URLSearchParams({ from: t.phoneNumber })}`);
    const { messages } = (await res.json()) as { messages: Array<{ to: string; status: string; date_updated: string }> };
    if (messages.length !== t.contactIds.length || new Set(messages.map((m) => m.to)).size !== messages.length) {
      throw new Error(`tenant ${t.id}: the sandbox has ${messages.length} texts from its number to ${new Set(messages.map((m) => m.to)).size} numbers, expected one to each of its ${t.contactIds.length} contacts`);
    }
    const delivered = messages.filter((m) => m.status === 'delivered');
    return { delivered: delivered.length, last: Math.max(0, ...delivered.map((m) => Date.parse(m.date_updated))) };
  });
  return { delivered: found.reduce((n, f) => n + f.delivered, 0), lastDeliveredAt: Math.max(...found.map((f) => f.last)) };
}

// --- the read model ----------------------------------------------------------------------

/** The first-step texts of the tenants' campaigns: written, handed to the sandbox, delivered, and ended otherwise. */
async function stepOneCounts(owner: Knex, tenantIds: string[]): Promise<{ written: number; handed: number; failed: number; failedExample?: string; byStatus: string }> {
  const { rows } = await owner.raw<{ rows: Array<{ written: number; handed: number; failed: number; example: string | null; by_status: string | null }> }>(
    `select count(*)::int as written,
            (select string_agg(status || ' ' || n, ', ') from (
               select m.status, count(*) as n from messages m join campaign_steps s on s.id = m.campaign_step_id
                where m.tenant_id = any(?::uuid[]) and m.kind = 'campaign' and s.position = 1 group by m.status) t) as by_status,
            count(m.twilio_sid)::int as handed,
            count(*) filter (where m.status in ('failed', 'undelivered', 'suppressed'))::int as failed,
            min(m.status || ': ' || coalesce(m.error_meaning, '')) filter (where m.status in ('failed', 'undelivered', 'suppressed')) as example
       from messages m join campaign_steps s on s.id = m.campaign_step_id
      where m.tenant_id = any(?::uuid[]) and m.kind = 'campaign' and s.position = 1`,
    [pgArray(tenantIds), pgArray(tenantIds)],
  );
  const r = rows[0]!;
  return { written: r.written, handed: r.handed, failed: r.failed, failedExample: r.example ?? undefined, byStatus: r.by_status ?? 'none' };
}

/** When the first first-step text was handed to the sandbox and the last one; how many the messages log has as delivered so far. */
async function stepOneTimes(owner: Knex, tenantIds: string[]): Promise<{ firstAttempted: number; lastAttempted: number; delivered: number }> {
  const { rows } = await owner.raw<{ rows: Array<{ first_attempted: Date; last_attempted: Date; delivered: number }> }>(
    `select min(m.attempted_at) as first_attempted, max(m.attempted_at) as last_attempted,
            count(*) filter (where m.status = 'delivered')::int as delivered
       from messages m join campaign_steps s on s.id = m.campaign_step_id
      where m.tenant_id = any(?::uuid[]) and m.kind = 'campaign' and s.position = 1`,
    [pgArray(tenantIds)],
  );
  const r = rows[0]!;
  return { firstAttempted: r.first_attempted.getTime(), lastAttempted: r.last_attempted.getTime(), delivered: r.delivered };
}

/** Enrolments past their first step whose second falls due after the wait: their workflows sleep on its timer. */
async function waitingForStepTwo(owner: Knex, tenantIds: string[]): Promise<number> {
  const { rows } = await owner.raw<{ rows: Array<{ n: number }> }>(
    `select count(*)::int as n from campaign_enrollments
      where tenant_id = any(?::uuid[]) and status = 'active' and last_position = 1 and next_step_at > now() + interval '29 days'`,
    [pgArray(tenantIds)],
  );
  return rows[0]?.n ?? 0;
}
