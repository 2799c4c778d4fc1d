import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { ensureFirstOperator } from '../api/auth/first-operator';
import { prepareDatabase } from '../db/bootstrap';
import { createKnex, withUrlParts } from '../db/connection';
import type { Config } from '../lib/config';
import { createLogger } from '../lib/logger';
import { GEOGRAPHIC_AREA_CODES } from '../runtime/area-codes';
import { createApiApp, listenOnFreePort, startInProcessPlatform } from '../runtime/in-process';
import { freePort } from '../runtime/ports';
import { findOrStartLocalPostgres } from '../runtime/postgres';
import { ensureTemporalCli } from '../runtime/temporal-cli';
import { startTemporalDevServer, type DevServer } from '../runtime/temporal-dev-server';
import type { Sandbox } from '../sandbox/server';
import { CpuMeter } from './cpu-meter';
import { inParallel, range, seconds } from './figures';

/**
 * The whole platform in the bench's process, as the lifecycle and calls benches run it:
 * the sandbox, one worker and the API against their own in-memory Temporal dev server
 * and a fresh database, all stopped (and the database dropped) when the bench ends.
 */

/** The bench's operator, who signs in to each API the bench starts. */
const OPERATOR = { email: 'bench@kestrel.local', password: randomBytes(18).toString('base64url') };
/** Under load an update waits for the worker; past this a request counts as failed rather than hanging the run. */
export const REQUEST_TIMEOUT_MS = 180_000;

/**
 * Area codes used round-robin: the sandbox sells 40 numbers per code (32 with SMS, which
 * provisioning asks for) and a search returns 5 candidates, so tenants provisioned at the
 * same time in one code could all lose the race for the same 5. Round-robin over ~250
 * codes keeps the 50 in flight in 50 different codes and ~8 per code.
 */
export const AREA_CODES = GEOGRAPHIC_AREA_CODES;

/** Runs a bench with a fresh tag, stopping what it started on the way out, Ctrl-C included. */
export async function runBench(bench: (tag: string, cleanup: Cleanup) => Promise<void>): Promise<void> {
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

export interface BenchPlatform {
  /** The environment every part runs with, without the bench's own overrides. */
  env: Record<string, string>;
  config: Config;
  logger: ReturnType<typeof createLogger>;
  temporalAddress: string;
  appUrl: string;
  /** The database owner's connection: reads what the platform wrote, past row-level security. */
  owner: Knex;
  sandbox: Sandbox;
  /** The platform's API, with the bench operator signed in. */
  api: Api;
  worker: Worker;
  client: Client;
  cpu: CpuMeter;
  /** The work, or a rejection as soon as the worker stops: a dead worker would leave every wait to its timeout. */
  guarded<T>(work: Promise<T>): Promise<T>;
}

/**
 * Brings the platform up; `overrides` are the bench's own settings on top of the shared environment.
 * `publicBaseUrlIsApi`: PUBLIC_BASE_URL is the API's real address, so signatures are checked against it.
 */
export async function startBenchPlatform(
  tag: string,
  cleanup: Cleanup,
  overrides: Record<string, string>,
  options: { publicBaseUrlIsApi?: boolean } = {},
): Promise<BenchPlatform> {
  const { temporalServer, shared } = await startBenchServices(tag, cleanup);
  const appUrl = shared.DATABASE_APP_URL;
  const logger = createLogger({ name: 'bench', level: 'silent' });

  // The API's models and the worker's activities share the process's application pool, as under `npm start`.
  const platform = await startInProcessPlatform({
    env: { ...shared, ...overrides },
    logger,
    publicBaseUrlIsApi: options.publicBaseUrlIsApi,
    apiPoolMax: 2,
  });
  cleanup.add('platform', () => platform.close());
  const { worker, running } = platform.worker!;
  const workerDied = running.then(() => Promise.reject(new Error('the worker stopped during the bench')));
  workerDied.catch(() => undefined);

  const cpu = new CpuMeter(temporalServer.process.pid);
  cleanup.add('cpu meter', async () => cpu.stop());

  const env = { ...shared, SANDBOX_URL: platform.sandbox.url };
  return {
    env,
    config: platform.config,
    logger,
    temporalAddress: temporalServer.address,
    appUrl,
    owner: platform.owner,
    sandbox: platform.sandbox,
    api: await signedIn(platform.api.url, platform.config, logger),
    worker,
    client: platform.temporal,
    cpu,
    guarded: (work) => Promise.race([work, workerDied]),
  };
}

/**
 * What every bench platform stands on: the Temporal CLI, Postgres (found or started as
 * `npm start` finds it, or BENCH_DATABASE_URL), a Temporal dev server of the bench's own
 * and a fresh database, all stopped (and the database dropped) by `cleanup`; and the
 * environment each part of the platform runs with.
 */
export async function startBenchServices(
  tag: string,
  cleanup: Cleanup,
): Promise<{ cli: string; temporalServer: DevServer; temporalMetricsUrl: string; shared: BenchEnvironment }> {
  const [cli, postgres] = await Promise.all([
    ensureTemporalCli(() => undefined),
    process.env.BENCH_DATABASE_URL
      ? Promise.resolve({ url: process.env.BENCH_DATABASE_URL, stop: undefined })
      : findOrStartLocalPostgres({ dataDir: '.data', database: 'postgres', log: () => undefined }),
  ]);
  if (postgres.stop) cleanup.add('postgres', async () => postgres.stop?.());

  const metricsPort = await freePort();
  const temporalServer = await startTemporalDevServer({ cli, port: await freePort(), metricsPort });
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

  // Not process.env: provider credentials or a DATABASE_URL there must not leak into the bench.
  const shared = {
    NODE_ENV: 'production',
    // Production settings, with the sandbox playing Twilio, OpenAI and Resend.
    PROVIDER_SANDBOX: 'on',
    LOG_LEVEL: 'silent',
    DATABASE_URL: adminUrl,
    DATABASE_APP_URL: appUrl,
    TEMPORAL_ADDRESS: temporalServer.address,
    TEMPORAL_TASK_QUEUE: `bench-${tag}`,
    ADMIN_EMAIL: OPERATOR.email,
    ADMIN_PASSWORD: OPERATOR.password,
    // A bench outlasts the default 15 minutes of an access token.
    SESSION_ACCESS_TTL: '1d',
    RATE_LIMIT_LOGIN: 'off',
    API_KEY_HMAC_SECRET: randomBytes(32).toString('hex'),
    // The benches sign up hundreds of tenants from one address.
    RATE_LIMIT_ONBOARDING: 'off',
  };
  return { cli, temporalServer, temporalMetricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, shared };
}

export type BenchEnvironment = Record<string, string> & { DATABASE_URL: string; DATABASE_APP_URL: string; TEMPORAL_ADDRESS: string; TEMPORAL_TASK_QUEUE: string };

export interface Api {
  url: string;
  /** An operator's session on it, for the admin API. */
  operatorToken: string;
}

/** The bench operator's session on the API at `url`, the operator created first if need be. */
async function signedIn(url: string, config: Config, logger: ReturnType<typeof createLogger>): Promise<Api> {
  await ensureFirstOperator(config, logger);
  return operatorSession(url);
}

/** The bench operator's session on an API that has made the operator (ADMIN_EMAIL, ADMIN_PASSWORD) at its start. */
export async function operatorSession(url: string): Promise<Api> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(OPERATOR) });
  if (!login.ok) throw new Error(`the bench operator could not sign in: ${login.status} ${await login.text()}`);
  return { url, operatorToken: ((await login.json()) as { access_token: string }).access_token };
}

/** Another API of the platform, on an ephemeral port of its own, with `config` (same database and Temporal, other settings). */
export async function startApi(platform: BenchPlatform, cleanup: Cleanup, { config }: { config: Config }): Promise<Api> {
  const listening = await listenOnFreePort();
  const api = createApiApp(config, platform.logger, { poolMax: 2 });
  listening.server.on('request', api.app);
  cleanup.add('api', async () => {
    await listening.close();
    await api.close();
  });
  return signedIn(listening.url, config, platform.logger);
}

export async function post(api: Api, path: string, body: unknown, operator = false): Promise<{ status: number; body: unknown }> {
  let response: Response;
  try {
    response = await fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(operator ? { Authorization: `Bearer ${api.operatorToken}` } : {}) },
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

export function signup(n: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
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
    ...overrides,
  };
}

export const ALWAYS_OPEN = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { open: '00:00', close: '23:59' }]));

export interface LiveTenant {
  id: string;
  phoneNumber: string;
}

/**
 * `count` tenants that answer calls, made through the API as operators make them: signed
 * up (open around the clock, on the professional plan's 1,500 calls a month, so no tenant
 * reaches its 80% warning and usage e-mails stay out of the figures), given a number and
 * activated, ten at a time.
 */
export function liveTenants(api: Api, tag: string, count: number): Promise<LiveTenant[]> {
  return inParallel(range(count), 10, async (i) => {
    const body = signup(`${tag}-${i}`, { business_hours: ALWAYS_OPEN, emergency_phone: '+16175550111', plan_tier: 'professional' });
    const { body: created } = await post(api, '/api/onboarding', body);
    const id = (created as { tenant: { id: string } }).tenant.id;
    const { body: provisioned } = await post(api, `/api/admin/tenants/${id}/actions/provision-number`, { areaCode: AREA_CODES[i % AREA_CODES.length] }, true);
    await post(api, `/api/admin/tenants/${id}/actions/activate`, {}, true);
    return { id, phoneNumber: (provisioned as { phoneNumber: string }).phoneNumber };
  });
}

/** One array parameter: knex would expand a JS array into a list of parameters. */
export const pgArray = (values: string[]) => `{${values.join(',')}}`;

/** Stops what was started, last first, each step on its own: one failing must not leave the rest running. */
export class Cleanup {
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
