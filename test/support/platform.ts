import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, type NativeConnection, type Worker, type WorkflowBundle } from '@temporalio/worker';
import { parseConfig, type Config } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { twilioClient, type TwilioClient } from '../../providers/twilio';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { WORKFLOWS_PATH, createWorker } from '../../worker/worker';
import { startApi, type RunningApi } from './api';
import { OPERATOR_TOKEN } from './operator';

export { OPERATOR_ID, OPERATOR_LOGIN, OPERATOR_TOKEN } from './operator';

let bundle: Promise<WorkflowBundle> | undefined;
/** The workflow bundle, built once per test file. */
export const workflowBundle = () => (bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundler }));

const quietBundler = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };

export interface RunningWorker {
  worker: Worker;
  running: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Each test file provisions numbers in area codes of its own: every file's sandbox offers
 * the same numbers per area code, and numbers are unique in the run's shared database.
 * In use: 857 whole-life, 617/415/212 failures, 303 calls, 305 call outages, 312 admin REST,
 * 512/206 browser, 404 console calls, 602 console tenants, 214 tenant settings, 720/818 tenant
 * API, 919 feature flags, 458/541 erasure.
 *
 * Kestrel as `npm start` runs it, in the test process: the provider sandbox, a worker
 * on its own task queue and the API, on the run's Temporal server and database, with
 * the lifecycle's durations shortened so a tenant lives its life in seconds.
 */
export interface Platform {
  config: Config;
  /** The environment the platform runs with (the run's, plus its overrides), for worker processes. */
  env: NodeJS.ProcessEnv;
  api: RunningApi;
  sandbox: Sandbox;
  temporal: Client;
  twilio: TwilioClient;
  worker: RunningWorker;
  startWorker(): Promise<RunningWorker>;
  /** fetch against the API with the operator token. */
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  post(path: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

export async function startPlatform(env: NodeJS.ProcessEnv = {}): Promise<Platform> {
  const sandbox = await startSandbox({ port: 0 });
  const overrides: NodeJS.ProcessEnv = {
    SANDBOX_URL: sandbox.url,
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    PUBLIC_BASE_URL: 'https://kestrel.test',
    TRIAL_DURATION: '6s',
    TRIAL_REMINDER_BEFORE: '3s',
    BILLING_CYCLE: '4s',
    CANCEL_GRACE: '3s',
    ...env,
  };
  const config = parseConfig({ ...process.env, ...overrides });
  const logger = createLogger({ name: 'test-worker', level: 'silent' });
  const workers: RunningWorker[] = [];

  const startWorker = async (): Promise<RunningWorker> => {
    const { worker, connection } = await createWorker(config, logger, { workflowBundle: await workflowBundle() });
    const running = worker.run().finally(() => (connection as NativeConnection).close());
    const handle = {
      worker,
      running,
      stop: async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      },
    };
    workers.push(handle);
    return handle;
  };

  const worker = await startWorker();
  const api = await startApi({ env: overrides });
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const temporal = new Client({ connection });

  const request = (path: string, init: { method?: string; body?: unknown; token?: boolean } = {}) =>
    fetch(`${api.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(init.token ? { Authorization: `Bearer ${OPERATOR_TOKEN}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  return {
    config,
    env: { ...process.env, ...overrides },
    api,
    sandbox,
    temporal,
    twilio: twilioClient(config),
    worker,
    startWorker,
    admin: (path, init = {}) => request(path, { ...init, token: true }),
    post: (path, body) => request(path, { body }),
    close: async () => {
      await Promise.all(workers.map((w) => w.stop()));
      await api.close();
      await connection.close();
      await sandbox.close();
    },
  };
}

/** Polls until `probe` returns something truthy (or throws after timeoutMs). */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let companies = 0;
/** A valid onboarding body, unique per call. */
export function signup(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = `${Date.now().toString(36)}${(companies++).toString(36)}`;
  return {
    company_name: `Acme Heating ${n}`,
    industry: 'hvac',
    timezone: 'America/New_York',
    owner_name: 'Dana Owner',
    owner_email: `dana.${n}@example.com`,
    owner_phone: '(617) 555-0142',
    plan_tier: 'starter',
    forward_to_number: '+1 617 555 0199',
    business_hours: { mon: { open: '08:00', close: '17:00' }, sat: null },
    ...overrides,
  };
}
