import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createApp } from '../api/app';
import { ensureFirstOperator } from '../api/auth/first-operator';
import { prepareDatabase } from '../db/bootstrap';
import { connectDatabase, createKnex, disconnectDatabase, withUrlParts } from '../db/connection';
import { parseConfig, type Config } from '../lib/config';
import { createLogger } from '../lib/logger';
import { freePort } from '../runtime/ports';
import { findOrStartLocalPostgres } from '../runtime/postgres';
import { ensureTemporalCli } from '../runtime/temporal-cli';
import { startTemporalDevServer } from '../runtime/temporal-dev-server';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { createWorker } from '../worker/worker';
import { CpuMeter } from './cpu-meter';
import { seconds } from './figures';

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
 * Geographic NANP area codes, used round-robin: the sandbox sells 40 numbers per code (32
 * with SMS, which provisioning asks for) and a search returns 5 candidates, so tenants
 * provisioned at the same time in one code could all lose the race for the same 5.
 * Round-robin over ~250 codes keeps the 50 in flight in 50 different codes and ~8 per code.
 */
export const AREA_CODES = (
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
  worker: Worker;
  client: Client;
  cpu: CpuMeter;
  /** The work, or a rejection as soon as the worker stops: a dead worker would leave every wait to its timeout. */
  guarded<T>(work: Promise<T>): Promise<T>;
}

/** Brings the platform up; `overrides` are the bench's own settings on top of the shared environment. */
export async function startBenchPlatform(tag: string, cleanup: Cleanup, overrides: Record<string, string>): Promise<BenchPlatform> {
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
    ADMIN_EMAIL: OPERATOR.email,
    ADMIN_PASSWORD: OPERATOR.password,
    // A bench outlasts the default 15 minutes of an access token.
    SESSION_ACCESS_TTL: '1d',
    RATE_LIMIT_LOGIN: 'off',
    API_KEY_HMAC_SECRET: randomBytes(32).toString('hex'),
    // The benches sign up hundreds of tenants from one address.
    RATE_LIMIT_ONBOARDING: 'off',
  };
  const config = parseConfig({ ...env, ...overrides });
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
  const workerDied = running.then(() => Promise.reject(new Error('the worker stopped during the bench')));
  workerDied.catch(() => undefined);

  const connection = await Connection.connect({ address: temporalServer.address });
  cleanup.add('client connection', () => connection.close());

  const cpu = new CpuMeter(temporalServer.process.pid);
  cleanup.add('cpu meter', async () => cpu.stop());

  return {
    env,
    config,
    logger,
    temporalAddress: temporalServer.address,
    appUrl,
    owner,
    sandbox,
    worker,
    client: new Client({ connection }),
    cpu,
    guarded: (work) => Promise.race([work, workerDied]),
  };
}

export interface Api {
  url: string;
  /** An operator's session on it, for the admin API. */
  operatorToken: string;
}

/** A server listening on an ephemeral loopback port, to be given its app later (its address goes in the configuration first). */
export async function listenFirst(cleanup: Cleanup, name: string): Promise<{ server: Server; url: string }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.add(name, () => closeServer(server));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** The API with `config` (the platform's by default), on `server` or an ephemeral port of its own. */
export async function startApi(platform: BenchPlatform, cleanup: Cleanup, options: { config?: Config; server?: { server: Server; url: string } } = {}): Promise<Api> {
  const { server, url } = options.server ?? (await listenFirst(cleanup, 'api'));
  const db = createKnex(platform.appUrl, 2);
  const address = platform.temporalAddress;
  const connection = Connection.lazy({ address });
  const temporalHealth = Connection.lazy({ address, interceptors: [] });
  const config = options.config ?? platform.config;
  const app = createApp({ config, logger: platform.logger, db, temporal: new Client({ connection }), temporalHealth });
  server.on('request', app);
  cleanup.add('api', async () => {
    await closeServer(server);
    await Promise.allSettled([db.destroy(), connection.close(), temporalHealth.close()]);
  });
  await ensureFirstOperator(config, platform.logger);
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(OPERATOR) });
  if (!login.ok) throw new Error(`the bench operator could not sign in: ${login.status} ${await login.text()}`);
  return { url, operatorToken: ((await login.json()) as { access_token: string }).access_token };
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
