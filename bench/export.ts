import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Knex } from 'knex';
import yauzl from 'yauzl';
import { Writable } from 'node:stream';
import { copyTableRows } from '../activities/data-export';
import { parseConfig } from '../lib/config';
import { tsxArgs } from '../runtime/tsx';
import { WORKFLOWS_PATH } from '../worker/worker';
import type { WorkerReport, WorkerRequest } from './export/worker-process';
import { line, positiveInt, rate, seconds, sleep } from './figures';
import { post, runBench, signup, startApi, startBenchPlatform, type Api, type Cleanup } from './platform';
import { ReportingChild } from './reporting-child';

/**
 * A data export of a big tenant, through the real API, workflow and worker, on their own
 * Temporal dev server and database; the export's worker runs in a process of its own
 * (bench/export/worker-process.ts), as `npm run worker` does, so its memory is measured
 * alone:
 *   - a tenant with BENCH_EXPORT_CALLS (1,000,000) call logs with realistic transcripts,
 *     bulk-inserted as the database owner;
 *   - the baseline: the same rows as one raw COPY (select row_to_json …) TO STDOUT, the
 *     bytes thrown away (what Postgres takes to produce them, without parts, files,
 *     hashing or zipping);
 *   - the export, asked for through the admin API and followed until its zip is ready:
 *     rows per second against the baseline, the zip's size, and the peak resident memory
 *     of the worker process that runs its activities, sampled there every 50 ms while it ran;
 *   - a check that the manifest's counts are the database's and the zip's hash the record's.
 *
 * BENCH_EXPORT_CALLS, BENCH_EXPORT_BUNDLE_AT_START (1: the worker bundles the workflow code
 * when it starts, as `npm run worker` does without WORKFLOW_BUNDLE, rather than loading the
 * bundle built beforehand as the Docker image's workers do), BENCH_DATABASE_URL (a superuser
 * URL; else found as npm start finds it).
 */
const CALLS = positiveInt('BENCH_EXPORT_CALLS', 1_000_000);
/** Whether the worker loads a bundle built beforehand (the default, as the Docker image's workers do) rather than bundling at start. */
const PREBUILT_BUNDLE = !['1', 'true', 'yes'].includes(process.env.BENCH_EXPORT_BUNDLE_AT_START ?? '');
const INSERT_BATCH = 100_000;
const RSS_TARGET_MB = 300;

export function run(): Promise<void> {
  return runBench(bench);
}

const MB = 1024 * 1024;
const quietBundler = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

async function bench(tag: string, cleanup: Cleanup): Promise<void> {
  process.stdout.write(`data export (a tenant with ${CALLS.toLocaleString('en-US')} calls)\n`);
  const exportDir = mkdtempSync(path.join(tmpdir(), 'kestrel-bench-export-'));
  cleanup.add('export directory', async () => rmSync(exportDir, { recursive: true, force: true }));
  const exportSettings = { EXPORT_DIR: exportDir, PUBLIC_BASE_URL: 'https://kestrel.bench' };
  const platform = await startBenchPlatform(tag, cleanup, exportSettings);
  const { owner, guarded, api } = platform;
  // Exports go to a task queue only the worker process polls: an API of the same platform starts them there.
  const exportEnv = { ...platform.env, ...exportSettings, TEMPORAL_TASK_QUEUE: `bench-export-${tag}` };
  let bundle: Record<string, string> = {};
  if (PREBUILT_BUNDLE) {
    const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundler });
    const codePath = path.join(exportDir, 'workflow-bundle.js');
    writeFileSync(codePath, code);
    bundle = { WORKFLOW_BUNDLE: codePath };
  }
  const exportWorker = new ReportingChild<WorkerReport, WorkerRequest>(
    'export worker',
    spawn(process.execPath, tsxArgs('bench/export/worker-process.ts'), {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...exportEnv, ...bundle },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  cleanup.add('export worker', () => exportWorker.stop());
  await exportWorker.next('ready');
  const exportApi = await startApi(platform, cleanup, { config: parseConfig(exportEnv) });

  // --- the tenant --------------------------------------------------------------------------
  const { body } = await post(api, '/api/onboarding', signup(tag));
  const tenantId = (body as { tenant: { id: string } }).tenant.id;
  await guarded(
    (async () => {
      while (!(await owner('tenants').where({ id: tenantId }).first('id'))) await sleep(200);
    })(),
  );
  const insertStart = performance.now();
  for (let first = 1; first <= CALLS; first += INSERT_BATCH) {
    await insertCalls(owner, tenantId, first, Math.min(CALLS, first + INSERT_BATCH - 1));
  }
  await owner.raw('analyze call_logs');
  const { rows: sized } = await owner.raw(`select pg_size_pretty(pg_total_relation_size('call_logs')) as size, avg(pg_column_size(transcript))::int as transcript from call_logs where tenant_id = ?`, [tenantId]);
  line('calls inserted', `${CALLS.toLocaleString('en-US')} in ${seconds(performance.now() - insertStart)} (table ${sized[0].size}, transcript ${sized[0].transcript} B stored)`);

  // --- the baseline: one COPY of the same rows as JSON lines, into nothing -----------------
  const { rows: now } = await owner.raw(`select to_json(now()) #>> '{}' as now`);
  let baselineBytes = 0;
  const nothing = new Writable({
    write(chunk: Buffer, _encoding, done) {
      baselineBytes += chunk.length;
      done();
    },
  });
  const baselineStart = performance.now();
  const { rows: baselineRows } = await copyTableRows(tenantId, 'calls', { snapshotAt: now[0].now as string, after: null, limit: null }, nothing);
  const baselineMs = performance.now() - baselineStart;
  if (baselineRows !== CALLS) throw new Error(`the baseline read ${baselineRows} calls, expected ${CALLS}`);

  // --- the export ---------------------------------------------------------------------------
  exportWorker.send({ type: 'measure' });
  const rssBefore = (await exportWorker.next('measuring')).rss;
  const started = performance.now();
  const requested = (await post(exportApi, `/api/admin/tenants/${tenantId}/actions/export`, {}, true)).body as { id: string };
  let packingAt: number | undefined;
  let lastReport = started;
  let record: ExportRecord;
  for (;;) {
    record = await guarded(getExport(exportApi, requested.id));
    if (record.status === 'failed') throw new Error(`the export failed: ${record.error}`);
    if (record.status === 'completed') break;
    if (packingAt === undefined && record.status === 'running' && record.current_table === null && record.progress_percent >= 95) packingAt = performance.now();
    if (performance.now() - lastReport >= 15_000) {
      lastReport = performance.now();
      process.stdout.write(`  … ${record.progress_percent}% (${record.rows_written.toLocaleString('en-US')} rows, ${record.current_table ?? 'packing'})\n`);
    }
    await sleep(250);
  }
  const exportMs = performance.now() - started;
  exportWorker.send({ type: 'peak' });
  const { peakRss, maxRss: maxRssLifetime, atPeak } = await exportWorker.next('peak');

  // --- the check: the zip is what the record and the database say -------------------------
  const zipPath = path.join(exportDir, `${record.id}.zip`);
  const manifest = await readManifest(zipPath);
  const calls = manifest.files.find((f) => f.name === 'calls.ndjson');
  if (calls?.rows !== CALLS) throw new Error(`the zip holds ${calls?.rows} calls, expected ${CALLS}`);
  const totalRows = manifest.files.reduce((sum, f) => sum + f.rows, 0);
  const ndjsonBytes = manifest.files.reduce((sum, f) => sum + f.bytes, 0);
  if (totalRows !== record.rows_written) throw new Error(`the manifest counts ${totalRows} rows, the record ${record.rows_written}`);
  const zipHash = await fileSha256(zipPath);
  if (zipHash !== record.sha256) throw new Error('the zip on disk does not match the sha256 of its record');

  const exportRate = totalRows / (exportMs / 1000);
  const baselineRate = baselineRows / (baselineMs / 1000);
  const writeMs = (packingAt ?? performance.now()) - started;
  line('baseline: one COPY of the rows, into nothing', `${rate(baselineRate)} rows/s (${seconds(baselineMs)}, ${mb(baselineBytes)} of JSON lines)`);
  line('export: request to zip ready', `${rate(exportRate)} rows/s (${seconds(exportMs)} for ${totalRows.toLocaleString('en-US')} rows)`);
  line('  of which rows written to parts', packingAt ? seconds(writeMs) : 'not seen (too quick to sample)');
  line('  of which zip packed (deflate + sha256)', packingAt ? seconds(exportMs - writeMs) : 'not seen');
  line('ratio export / baseline (rows/s)', (exportRate / baselineRate).toFixed(2));
  line('NDJSON written', `${mb(ndjsonBytes)} in ${manifest.files.length} files`);
  line('zip size', `${mb(record.size_bytes!)} (${((100 * record.size_bytes!) / ndjsonBytes).toFixed(1)}% of the NDJSON)`);
  line('worker RSS before the export (idle, after GC)', mb(rssBefore));
  line('worker peak RSS during the export (50 ms samples)', `${mb(peakRss)} (target < ${RSS_TARGET_MB} MB: ${peakRss < RSS_TARGET_MB * MB ? 'met' : 'missed'})`);
  line('  at the peak: V8 heap used / total, external', `${mb(atPeak.heapUsed)} / ${mb(atPeak.heapTotal)}, ${mb(atPeak.external)}`);
  line('  of which the export (peak − before)', mb(peakRss - rssBefore));
  line('worker peak RSS since its start (getrusage)', `${mb(maxRssLifetime)} (${PREBUILT_BUNDLE ? 'workflow bundle built beforehand (WORKFLOW_BUNDLE), as in the Docker image' : 'includes bundling the workflows at start'})`);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'export',
      calls: CALLS,
      prebuilt_bundle: PREBUILT_BUNDLE,
      rows: totalRows,
      export_rows_per_s: Math.round(exportRate),
      baseline_rows_per_s: Math.round(baselineRate),
      export_s: +(exportMs / 1000).toFixed(1),
      ndjson_bytes: ndjsonBytes,
      zip_bytes: record.size_bytes,
      rss_before_mb: +(rssBefore / MB).toFixed(1),
      peak_rss_mb: +(peakRss / MB).toFixed(1),
      max_rss_run_mb: +(maxRssLifetime / MB).toFixed(1),
    })}\n`,
  );
}

interface ExportRecord {
  id: string;
  status: string;
  progress_percent: number;
  rows_written: number;
  current_table: string | null;
  size_bytes: number | null;
  sha256: string | null;
  error: string | null;
}

async function getExport(api: Api, id: string): Promise<ExportRecord> {
  const res = await fetch(`${api.url}/api/admin/exports/${id}`, { headers: { Authorization: `Bearer ${api.operatorToken}` } });
  if (!res.ok) throw new Error(`GET /api/admin/exports/${id} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as ExportRecord;
}

/**
 * Calls `first`..`last` of the tenant: a conversation of eight turns booking a visit, its
 * summary and details, varied by the call's number so that the text compresses as real
 * transcripts would rather than as one repeated string.
 */
async function insertCalls(owner: Knex, tenantId: string, first: number, last: number): Promise<void> {
  const problems = [
    'Hi, my furnace stopped working last night and the house is getting cold',
    'Hello, the air conditioner is blowing warm air and making a rattling noise',
    'Hi there, we have water leaking under the kitchen sink and it will not stop',
    'Good morning, the water heater is making a popping sound and there is no hot water',
    'Hey, the breaker for the garage keeps tripping whenever we run the dryer',
    'Hi, I would like to schedule the yearly maintenance for our heat pump',
    'Hello, there is a burning smell coming from the vents when the heat turns on',
    'Hi, the toilet upstairs keeps running and the bill went up a lot this month',
  ];
  const times = ['Tuesday at 10am', 'tomorrow morning around 9', 'Friday afternoon, maybe 2pm', 'Monday at 8:30', 'Thursday after 3pm', 'as soon as possible today'];
  const names = ['Maria Garcia', 'James Smith', 'Wei Chen', 'Fatima Ali', 'John Miller', 'Aisha Johnson', 'Carlos Rodriguez', 'Emily Davis', 'Olga Petrova', 'Kwame Mensah'];
  const services = ['furnace repair', 'ac repair', 'plumbing leak', 'water heater', 'electrical', 'maintenance', 'heating inspection', 'plumbing'];
  // Question marks in the text are escaped (\\?): knex would take them for bindings.
  await owner.raw(
    `insert into call_logs (tenant_id, call_sid, from_number, to_number, direction, status, started_at, ended_at, duration_seconds, transcript, summary, outcome, details)
     select ?::uuid, 'CA' || md5(?::text || g), '+1' || (200 + g % 700)::text || lpad((g % 10000000)::text, 7, '0'), '+16175550100', 'inbound', 'completed',
            s.started, s.started + ((90 + g % 400) || ' seconds')::interval, 90 + g % 400,
            jsonb_build_array(
              jsonb_build_object('role', 'assistant', 'text', 'Thank you for calling Bench Heating and Plumbing, this is the virtual assistant. How can I help you today\\?', 'at', s.started),
              jsonb_build_object('role', 'caller', 'text', (?::jsonb ->> (g % 8)) || ', call ' || g || '.', 'at', s.started + interval '6 seconds'),
              jsonb_build_object('role', 'assistant', 'text', 'I am sorry to hear that. I can book a technician to come out and take a look. What day and time works best for you\\?', 'at', s.started + interval '14 seconds'),
              jsonb_build_object('role', 'caller', 'text', (?::jsonb ->> (g % 6)) || ' would be great if you have anything open.', 'at', s.started + interval '22 seconds'),
              jsonb_build_object('role', 'assistant', 'text', 'I have an opening then. Can I get your name and the best number to reach you\\?', 'at', s.started + interval '30 seconds'),
              jsonb_build_object('role', 'caller', 'text', 'Sure, it is ' || (?::jsonb ->> (g % 10)) || ' and you can call me back at this number.', 'at', s.started + interval '38 seconds'),
              jsonb_build_object('role', 'assistant', 'text', 'Thanks, ' || split_part(?::jsonb ->> (g % 10), ' ', 1) || '. You are booked and you will get a confirmation. Is there anything else\\?', 'at', s.started + interval '46 seconds'),
              jsonb_build_object('role', 'caller', 'text', 'No, that is all. Thank you so much, bye.', 'at', s.started + interval '52 seconds')),
            'Caller reported ' || (?::jsonb ->> (g % 8)) || '; booked a technician for ' || (?::jsonb ->> (g % 6)) || '.',
            'booked',
            jsonb_build_object('customer_name', ?::jsonb ->> (g % 10), 'service_type', ?::jsonb ->> (g % 8), 'sentiment', (array['positive', 'neutral', 'negative'])[1 + g % 3])
       from generate_series(?::int, ?::int) g
       cross join lateral (select now() - (g || ' minutes')::interval as started) s`,
    [
      tenantId,
      tenantId,
      JSON.stringify(problems),
      JSON.stringify(times),
      JSON.stringify(names),
      JSON.stringify(names),
      JSON.stringify(problems.map((p) => p.toLowerCase())),
      JSON.stringify(times),
      JSON.stringify(names),
      JSON.stringify(services),
      first,
      last,
    ],
  );
}

/** The zip's manifest.json, read from the file without loading the rest. */
async function readManifest(zipPath: string): Promise<{ files: Array<{ name: string; rows: number; bytes: number; sha256: string }> }> {
  const zip = await yauzl.openPromise(zipPath, { lazyEntries: true });
  try {
    return await new Promise((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => reject(new Error('no manifest.json in the zip')));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== 'manifest.json') return zip.readEntry();
        zip.openReadStream(entry, (error, stream) => {
          if (error) return reject(error);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        });
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
