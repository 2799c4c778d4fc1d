import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { prepareDatabase } from '../db/bootstrap';
import { redactUrl } from '../db/connection';
import { config, durationMs, providerModes, sandboxedProviders } from '../lib/config';
import { temporalConnectionOptions } from '../lib/temporal';
import { SERVER_NODE_OPTIONS } from './node-options';
import { canConnect, waitForPort } from './ports';
import { findOrStartLocalPostgres } from './postgres';
import { Supervised, type ChildSpec } from './supervisor';
import { ensureTemporalCli } from './temporal-cli';
import { tsxArgs } from './tsx';

/**
 * `npm start`: the whole platform on one machine. Starts what is not given through the
 * environment (a Temporal dev server persisting under the data folder, a local Postgres,
 * the provider sandbox), prepares the database, then runs and supervises the worker and
 * the API. Ctrl-C stops everything in order; the next start finds the data where it was.
 */
const ROOT = path.resolve(__dirname, '..');

const log = (message: string) => process.stdout.write(`kestrel | ${message}\n`);

const children: Supervised[] = [];
let stopPostgres: (() => void) | undefined;
let stopping = false;
let stopGraceMs = 20_000;

async function shutdown(reason: string, exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping`);
  for (const child of children) child.markStopping();
  // The API first (no new work), Temporal last (the worker hands its tasks back to it).
  for (const child of [...children].reverse()) await child.stop(stopGraceMs);
  stopPostgres?.();
  log('stopped');
  process.exit(exitCode);
}

/**
 * The first signal stops in order, giving activities in flight their grace; a second
 * one, from someone who will not wait for them, kills what still runs. (The children
 * have process groups of their own, so a Ctrl-C no longer reaches them directly.)
 */
function onSignal(signal: NodeJS.Signals): void {
  if (!stopping) {
    void shutdown(signal, 0);
    return;
  }
  log(`${signal} again: stopping at once`);
  for (const child of children) child.kill();
  process.exit(1);
}

/** What start-up still launches after a Ctrl-C is not launched: nothing would stop it. */
function supervise(spec: ChildSpec): void {
  if (stopping) return;
  const child = new Supervised(spec, log);
  children.push(child);
  child.start();
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const c = config();
  const dataDir = path.resolve(ROOT, c.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  stopGraceMs = durationMs(c.SHUTDOWN_GRACE) + 5_000;
  // A closed terminal hangs up on the supervisor alone (see supervisor.ts); it stops the
  // rest, and its own writes to the terminal, now failing, must not end it half-way.
  process.stdout.on('error', () => undefined);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);

  const apiHost = c.API_HOST === '0.0.0.0' ? '127.0.0.1' : c.API_HOST;
  if (await canConnect(apiHost, c.API_PORT)) {
    throw new Error(`port ${c.API_PORT} is already in use (another npm start?): stop it or set API_PORT`);
  }

  // Temporal
  let temporalAddress = c.TEMPORAL_ADDRESS;
  let temporalUi = c.TEMPORAL_UI_URL;
  if (!temporalAddress) {
    temporalAddress = `127.0.0.1:${c.TEMPORAL_PORT}`;
    temporalUi = `http://localhost:${c.TEMPORAL_UI_PORT}`;
    if (await canConnect('127.0.0.1', c.TEMPORAL_PORT)) {
      throw new Error(`port ${c.TEMPORAL_PORT} is already in use: set TEMPORAL_ADDRESS=127.0.0.1:${c.TEMPORAL_PORT} to use that server`);
    }
    const cli = await ensureTemporalCli(log);
    supervise({
      name: 'temporal',
      command: cli,
      args: [
        'server', 'start-dev',
        '--db-filename', path.join(dataDir, 'temporal.db'),
        '--ip', '127.0.0.1',
        '--port', String(c.TEMPORAL_PORT),
        '--ui-port', String(c.TEMPORAL_UI_PORT),
        '--namespace', c.TEMPORAL_NAMESPACE,
        '--log-level', 'warn',
      ],
      logFile: path.join(dataDir, 'temporal.log'),
    });
  }

  // Postgres
  let adminUrl = c.DATABASE_URL;
  if (!adminUrl) {
    const local = await findOrStartLocalPostgres({ dataDir, database: 'kestrel', log });
    adminUrl = local.url;
    stopPostgres = local.stop;
  }
  const appUrl = await prepareDatabase({
    adminUrl,
    appUrl: c.DATABASE_APP_URL,
    appRole: c.DATABASE_APP_ROLE,
    appPassword: c.DATABASE_APP_PASSWORD,
    log,
  });

  const admin = c.ADMIN_EMAIL && c.ADMIN_PASSWORD ? undefined : developmentAdmin(dataDir, c.NODE_ENV);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: temporalAddress,
    // Links to workflows (the API's 202s and attention list) point at the dev server's UI.
    ...(temporalUi ? { TEMPORAL_UI_URL: temporalUi } : {}),
    DATABASE_URL: adminUrl,
    DATABASE_APP_URL: appUrl,
    ...(admin ? { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password } : {}),
  };

  // Providers without credentials talk to the local sandbox.
  const sandboxed = sandboxedProviders(c);
  const sandboxUrl = c.SANDBOX_URL ?? `http://127.0.0.1:${c.SANDBOX_PORT}`;
  if (sandboxed.length > 0 && !c.SANDBOX_URL) {
    supervise({ name: 'sandbox', command: process.execPath, args: tsxArgs('sandbox/main.ts'), env });
    await waitForPort('127.0.0.1', c.SANDBOX_PORT, 60_000);
  }

  buildConsoleIfStale();

  if (!c.TEMPORAL_ADDRESS) await waitForPort('127.0.0.1', c.TEMPORAL_PORT, 60_000);
  for (const [name, entry] of [['worker', 'worker/main.ts'], ['api', 'api/main.ts']] as const) {
    supervise({ name, command: process.execPath, args: [...SERVER_NODE_OPTIONS, ...tsxArgs(entry)], env });
  }

  const apiUrl = `http://${apiHost}:${c.API_PORT}`;
  await Promise.all([
    waitUntilReady(`${apiUrl}/readyz`, 120_000),
    waitForWorker(temporalAddress, c.TEMPORAL_NAMESPACE, c.TEMPORAL_TASK_QUEUE, 120_000),
  ]);
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
  const lines = [
    `Kestrel is ready (${seconds} s)`,
    `  Console      http://localhost:${c.API_PORT}/admin`,
    `  API          ${apiUrl}   (/docs, /readyz, /metrics)`,
    `  Temporal     ${temporalAddress} (namespace ${c.TEMPORAL_NAMESPACE})${temporalUi ? `   Web UI ${temporalUi}` : ''}`,
    `  Postgres     ${redactUrl(adminUrl)}   the application connects as ${redactUrl(appUrl).replace(/^.*\/\/([^:@]+).*$/, '$1')}`,
    sandboxed.length > 0 ? `  Sandbox      ${sandboxUrl}   for ${sandboxed.join(', ')} (no credentials set)` : '  Sandbox      off: every provider has credentials',
    `  Providers    ${Object.entries(providerModes(c)).map(([provider, mode]) => `${provider} ${mode}`).join(', ')}`,
    `  Data         ${dataDir}`,
    admin
      ? admin.fresh
        ? `  Sign in      ${admin.email} / ${admin.password}   (development operator, shown this once; kept in ${path.join(c.DATA_DIR, 'admin-password')})`
        : `  Sign in      ${admin.email}   (development operator; password in ${path.join(c.DATA_DIR, 'admin-password')})`
      : c.ADMIN_EMAIL
        ? `  Sign in      ${c.ADMIN_EMAIL}   (ADMIN_EMAIL / ADMIN_PASSWORD)`
        : '  Sign in      no operator yet: set ADMIN_EMAIL and ADMIN_PASSWORD',
    'Press Ctrl-C to stop.',
  ];
  const width = Math.max(...lines.map((l) => l.length));
  process.stdout.write(`\n${'='.repeat(width)}\n${lines.join('\n')}\n${'='.repeat(width)}\n\n`);
}

/**
 * In development, without ADMIN_EMAIL / ADMIN_PASSWORD, the first operator is
 * admin@kestrel.local with a generated password, kept in the data folder (owner-readable
 * only) and shown in the banner the first time. Production gets none.
 */
function developmentAdmin(dataDir: string, nodeEnv: string): { email: string; password: string; fresh: boolean } | undefined {
  if (nodeEnv === 'production') return undefined;
  const email = 'admin@kestrel.local';
  const file = path.join(dataDir, 'admin-password');
  if (existsSync(file)) return { email, password: readFileSync(file, 'utf8').trim(), fresh: false };
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return { email, password, fresh: true };
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = ((await res.json()) as { detail?: string }).detail ?? String(res.status);
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the API did not become ready within ${timeoutMs / 1000} s: ${last}`);
}

/** Resolves once a worker polls the task queue, as Temporal itself reports it. */
async function waitForWorker(address: string, namespace: string, taskQueue: string, timeoutMs: number): Promise<void> {
  const connection = await Connection.connect(temporalConnectionOptions({ ...config(), TEMPORAL_ADDRESS: address }));
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue },
        taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      if (pollers && pollers.length > 0) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`no worker polled the task queue ${taskQueue} within ${timeoutMs / 1000} s`);
  } finally {
    await connection.close();
  }
}

/** The console is served from its build; rebuild it when a source file is newer than the build. */
function buildConsoleIfStale(): void {
  const built = path.join(ROOT, 'admin-ui', 'dist', 'index.html');
  const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
  if (builtAt > newestMtime(path.join(ROOT, 'admin-ui', 'src'))) return;
  log('building the admin console');
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'admin-ui/vite.config.mts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('the admin console did not build');
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

main().catch((error) => {
  process.stderr.write(`kestrel | could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  void shutdown('start-up failed', 1);
});
