import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Knex } from 'knex';
import { createApp } from '../../api/app';
import { connectDatabase, createKnex, databaseConnected, disconnectDatabase } from '../../db/connection';
import { parseConfig, type Config } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { twilioClient, type TwilioClient } from '../../providers/twilio';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { createWorker } from '../../worker/worker';
import { OPERATOR_TOKEN, signup, workflowBundle } from '../support/platform';

/**
 * Kestrel for calls: the sandbox, a worker and the API, where the API listens first so
 * that PUBLIC_BASE_URL is its real address. Numbers are then bought with webhooks the
 * caller simulator can reach, and signatures are checked against the URLs it signs.
 */
export interface CallPlatform {
  config: Config;
  /** The environment the platform runs with, for worker processes of its own. */
  env: NodeJS.ProcessEnv;
  apiUrl: string;
  sandbox: Sandbox;
  temporal: Client;
  twilio: TwilioClient;
  /** The owner's connection, for reading what the platform wrote (bypasses RLS). */
  owner: Knex;
  close(): Promise<void>;
}

/** `inProcessWorker: false` leaves the task queue to worker processes the test starts (and kills). */
export async function startCallPlatform(env: NodeJS.ProcessEnv = {}, { inProcessWorker = true } = {}): Promise<CallPlatform> {
  const sandbox = await startSandbox({ port: 0 });
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const platformEnv: NodeJS.ProcessEnv = {
    ...process.env,
    SANDBOX_URL: sandbox.url,
    TEMPORAL_TASK_QUEUE: `test-calls-${randomUUID()}`,
    PUBLIC_BASE_URL: apiUrl,
    CALL_ROUTING_CACHE_TTL: '1s',
    ...env,
  };
  const config = parseConfig(platformEnv);

  const connectsModels = !databaseConnected();
  if (connectsModels) connectDatabase(process.env.DATABASE_APP_URL!, 4);
  const logger = createLogger({ name: 'calls-test', level: 'silent' });
  const db = createKnex(process.env.DATABASE_APP_URL!, 4);
  const address = process.env.TEMPORAL_ADDRESS!;
  const apiConnection = Connection.lazy({ address });
  const temporalHealth = Connection.lazy({ address, interceptors: [] });
  const app = createApp({ config, logger, db, temporal: new Client({ connection: apiConnection }), temporalHealth });
  server.on('request', app);

  let running: Promise<void> = Promise.resolve();
  let worker: Worker | undefined;
  if (inProcessWorker) {
    const created = await createWorker(config, logger, { workflowBundle: await workflowBundle() });
    worker = created.worker;
    running = worker.run().finally(() => (created.connection as NativeConnection).close());
  }
  const connection = await Connection.connect({ address });
  const owner = createKnex(process.env.DATABASE_URL!, 2);

  return {
    config,
    env: platformEnv,
    apiUrl,
    sandbox,
    temporal: new Client({ connection }),
    twilio: twilioClient(config),
    owner,
    close: async () => {
      // Live simulated calls hang up first, so their final callbacks reach a running API.
      await sandbox.close();
      if (worker?.getState() === 'RUNNING') worker.shutdown();
      await running;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await Promise.allSettled([db.destroy(), apiConnection.close(), temporalHealth.close(), connection.close(), owner.destroy()]);
      if (connectsModels) await disconnectDatabase();
    },
  };
}

/** The operator API of the platform. */
export async function operator(p: CallPlatform, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${p.apiUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${OPERATOR_TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Open around the clock, every day, so a test's greeting does not depend on when it runs. */
export const ALWAYS_OPEN = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { open: '00:00', close: '24:00' }]));

/**
 * Every sandbox offers the same numbers, and `tenants.phone_number` is unique in the run's
 * one database: test files running side by side must buy in different area codes.
 * No other suite uses Denver's.
 */
export const CALLS_AREA_CODE = '303';

export interface LiveTenant {
  id: string;
  phoneNumber: string;
  body: Record<string, unknown>;
}

/** A tenant signed up, given a number and activated (on trial, with its usage period open). */
export async function liveTenant(p: CallPlatform, overrides: Record<string, unknown> = {}, areaCode = CALLS_AREA_CODE): Promise<LiveTenant> {
  const body = signup({ business_hours: ALWAYS_OPEN, emergency_phone: '+16175550111', ...overrides });
  const res = await fetch(`${p.apiUrl}/api/onboarding`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`onboarding: ${res.status} ${await res.text()}`);
  const { tenant } = (await res.json()) as { tenant: { id: string } };
  const provisioned = await operator(p, `/api/admin/tenants/${tenant.id}/actions/provision-number`, { areaCode });
  await operator(p, `/api/admin/tenants/${tenant.id}/actions/activate`, {});
  return { id: tenant.id, phoneNumber: provisioned.phoneNumber, body };
}

export interface SimulatedCall {
  sid: string;
  transcript: Array<{ speaker: 'agent' | 'caller'; text: string }>;
  events: Array<Record<string, any>>;
}

/** A call through the sandbox's caller simulator, to its end. */
export async function placeCall(p: CallPlatform, to: string, utterances: string[], extra: Record<string, unknown> = {}): Promise<SimulatedCall> {
  const res = await fetch(`${p.sandbox.url}/sandbox/calls`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ from: '+16175550123', to, utterances, ...extra }),
  });
  if (res.status !== 201) throw new Error(`call: ${res.status} ${await res.text()}`);
  return (await res.json()) as SimulatedCall;
}

export async function sandboxPost(p: CallPlatform, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${p.sandbox.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

/** The TwiML bodies the API answered, in order (repeats included). */
export const webhookAnswers = (call: SimulatedCall) =>
  call.events.filter((e) => e.type === 'webhook' && e.purpose !== 'status-callback').map((e) => String(e.response?.body ?? ''));

export interface ExtraApi {
  url: string;
  /** Serves from now on with a fresh app on this Temporal address, as a restarted process would. */
  useTemporal(address: string, options?: { retry?: boolean }): void;
  close(): Promise<void>;
}

/**
 * A second API process of the platform, on its own port and Temporal address (an address
 * where nothing listens stands for an outage).
 */
export async function startExtraApi(p: CallPlatform, temporalAddress: string, options: { retry?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<ExtraApi> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = parseConfig({ ...p.env, ...options.env, PUBLIC_BASE_URL: url });
  const logger = createLogger({ name: 'calls-test-extra', level: 'silent' });
  const db = createKnex(process.env.DATABASE_APP_URL!, 2);
  const connections: Connection[] = [];
  const useTemporal = (address: string, { retry = true }: { retry?: boolean } = {}) => {
    // Without the SDK's retries an unreachable Temporal fails at once (and no retry outlives the test).
    const connection = Connection.lazy({ address, ...(retry ? {} : { interceptors: [] }) });
    const temporalHealth = Connection.lazy({ address, interceptors: [] });
    connections.push(connection, temporalHealth);
    server.removeAllListeners('request');
    server.on('request', createApp({ config, logger, db, temporal: new Client({ connection }), temporalHealth }));
  };
  useTemporal(temporalAddress, options);
  return {
    url,
    useTemporal,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await Promise.allSettled([db.destroy(), ...connections.map((c) => c.close())]);
    },
  };
}
