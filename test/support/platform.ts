import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import type { Knex } from 'knex';
import type { Config } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import type { TwilioClient } from '../../providers/twilio';
import { startInProcessPlatform, type RunningWorker } from '../../runtime/in-process';
import type { Sandbox } from '../../sandbox/server';
import { WORKFLOWS_PATH } from '../../worker/worker';
import type { RunningApi } from './api';
import { OPERATOR_TOKEN } from './operator';

export { OPERATOR_ID, OPERATOR_LOGIN, OPERATOR_TOKEN } from './operator';
export type { RunningWorker } from '../../runtime/in-process';

let bundle: Promise<WorkflowBundle> | undefined;
/** The workflow bundle, built once per test file. */
export const workflowBundle = () => (bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundler }));

/** The bundler's own report is noise in a test's output; its errors are not. */
export const quietBundler = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };

/** A tenant's trial, its reminder, a billing cycle and the cancellation grace, short enough for a tenant to live its life in a test. */
export const LIFECYCLE_IN_SECONDS = { TRIAL_DURATION: '6s', TRIAL_REMINDER_BEFORE: '3s', BILLING_CYCLE: '4s', CANCEL_GRACE: '3s' };

export interface TestPlatformOptions {
  /** Settings on top of the run's environment and of what the options below set. */
  env?: NodeJS.ProcessEnv;
  /** The lifecycle's durations in seconds (LIFECYCLE_IN_SECONDS) rather than the product's days and months. */
  lifecycleInSeconds?: boolean;
  /**
   * For calls through the sandbox's caller simulator: PUBLIC_BASE_URL is the API's real
   * address, so numbers are bought with webhooks the simulator can reach and signatures
   * are checked against the URLs it signs, and the call routing cache lasts a second.
   * Otherwise PUBLIC_BASE_URL is https://kestrel.test.
   */
  calls?: boolean;
  /** `false` leaves the task queue to worker processes the test starts (and kills) with `env`. */
  inProcessWorker?: boolean;
}

/**
 * Test files claim the area codes they provision numbers in with claimAreaCode (test/support/area-codes.ts).
 *
 * Kestrel as `npm start` runs it, in the test process: the provider sandbox, the API and
 * (unless asked not to) a worker on a task queue of its own, on the run's Temporal server
 * and database.
 */
export interface TestPlatform {
  config: Config;
  /** The environment the platform runs with (the run's, plus its own settings), for worker processes or a second API. */
  env: NodeJS.ProcessEnv;
  api: RunningApi;
  /** The same as `api.url`. */
  apiUrl: string;
  sandbox: Sandbox;
  temporal: Client;
  twilio: TwilioClient;
  /** The worker started with the platform; undefined when `inProcessWorker` was false. */
  worker: RunningWorker | undefined;
  /** Another worker in the test process, on the platform's task queue; close() stops it. */
  startWorker(): Promise<RunningWorker>;
  /** The database owner's connection, for reading what the platform wrote (bypasses row-level security). */
  owner: Knex;
  /** fetch against the API with the operator token. */
  admin(path: string, init?: { method?: string; body?: unknown }): Promise<Response>;
  post(path: string, body: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** A platform with its worker in the test process. */
export interface Platform extends TestPlatform {
  worker: RunningWorker;
}

export function startTestPlatform(options: TestPlatformOptions & { inProcessWorker: false }): Promise<TestPlatform>;
export function startTestPlatform(options?: TestPlatformOptions): Promise<Platform>;
export async function startTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const platform = await startInProcessPlatform({
    env: {
      ...process.env,
      TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
      ...(options.calls ? { CALL_ROUTING_CACHE_TTL: '1s' } : { PUBLIC_BASE_URL: 'https://kestrel.test' }),
      ...(options.lifecycleInSeconds ? LIFECYCLE_IN_SECONDS : {}),
      ...options.env,
    },
    publicBaseUrlIsApi: options.calls,
    inProcessWorker: options.inProcessWorker,
    workflowBundle,
    logger: createLogger({ name: 'test-platform', level: 'silent' }),
  });
  const { url } = platform.api;

  const request = (path: string, init: { method?: string; body?: unknown; token?: boolean } = {}) =>
    fetch(`${url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(init.token ? { Authorization: `Bearer ${OPERATOR_TOKEN}` } : {}),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  return {
    config: platform.config,
    env: platform.env,
    api: { url, close: platform.api.close },
    apiUrl: url,
    sandbox: platform.sandbox,
    temporal: platform.temporal,
    twilio: platform.twilio,
    worker: platform.worker,
    startWorker: platform.startWorker,
    owner: platform.owner,
    admin: (path, init = {}) => request(path, { ...init, token: true }),
    post: (path, body) => request(path, { body }),
    close: platform.close,
  };
}

/** A platform whose tenants live their lives in seconds: `startTestPlatform({ lifecycleInSeconds: true, env })`. */
export function startPlatform(env: NodeJS.ProcessEnv = {}): Promise<Platform> {
  return startTestPlatform({ lifecycleInSeconds: true, env });
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
