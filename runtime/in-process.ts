import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { Worker, WorkflowBundle } from '@temporalio/worker';
import type { Express } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { createApp } from '../api/app';
import { appDatabaseUrl, connectDatabase, createKnex, databaseConnected, disconnectDatabase } from '../db/connection';
import { parseConfig, type Config } from '../lib/config';
import { temporalConnectionOptions } from '../lib/temporal';
import { registerSandboxWebhook } from '../providers/stripe';
import { twilioClient, type TwilioClient } from '../providers/twilio';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { createWorker } from '../worker/worker';

/**
 * Kestrel's parts in one process: the provider sandbox, the API, a worker and a Temporal
 * client, against a Temporal server and a database started elsewhere (the test run's, a
 * bench's own). `npm start` runs the same parts as processes of their own.
 */

export interface ListeningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** An HTTP server on an ephemeral port, listening before it has an app: its address can go in the configuration first. */
export async function listenOnFreePort(host = '127.0.0.1'): Promise<ListeningServer> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { address, port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: async () => {
      if (!server.listening) return;
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export interface ApiApp {
  app: Express;
  /** Closes its database pool and Temporal connections (not the server it is mounted on). */
  close(): Promise<void>;
}

/**
 * The API's app as api/main.ts wires it, with a database pool of its own. `databaseUrl`
 * (an address where nothing listens stands for an outage) replaces the application role's
 * URL; `retryTemporal: false` makes an unreachable Temporal fail at once rather than
 * retrying past the request.
 */
export function createApiApp(
  config: Config,
  logger: Logger,
  options: { databaseUrl?: string; poolMax?: number; retryTemporal?: boolean } = {},
): ApiApp {
  const databaseUrl = options.databaseUrl ?? appDatabaseUrl(config);
  if (!databaseUrl) throw new Error('DATABASE_URL: expected the database URL (or DATABASE_APP_URL, the application role\'s own)');
  const db: Knex = createKnex(databaseUrl, options.poolMax ?? 4);
  const temporalOptions = temporalConnectionOptions(config);
  const connection = Connection.lazy({ ...temporalOptions, ...(options.retryTemporal === false ? { interceptors: [] } : {}) });
  const temporalHealth = Connection.lazy({ ...temporalOptions, interceptors: [] });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  return {
    app: createApp({ config, logger, db, temporal, temporalHealth }),
    close: async () => {
      await Promise.allSettled([db.destroy(), connection.close(), temporalHealth.close()]);
    },
  };
}

let poolHolders = 0;
let poolIsOurs = false;

/**
 * Keeps the process's application pool (the one the models and activities use) open
 * until the returned release is called by every holder. A pool someone else connected
 * is used as it is and left to them.
 */
export function holdApplicationPool(appUrl: string, poolMax: number): () => Promise<void> {
  if (poolHolders === 0) {
    poolIsOurs = !databaseConnected();
    if (poolIsOurs) connectDatabase(appUrl, poolMax);
  }
  poolHolders++;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    poolHolders--;
    if (poolHolders === 0 && poolIsOurs) await disconnectDatabase();
  };
}

export interface RunningWorker {
  worker: Worker;
  /** Settles when the worker has stopped and its connection is closed. */
  running: Promise<void>;
  stop(): Promise<void>;
}

export async function startInProcessWorker(config: Config, logger: Logger, workflowBundle?: WorkflowBundle): Promise<RunningWorker> {
  const { worker, connection } = await createWorker(config, logger, { workflowBundle });
  const running = worker.run().finally(() => connection.close());
  return {
    worker,
    running,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    },
  };
}

export interface InProcessPlatformOptions {
  /**
   * The environment every part runs with (the caller decides whether process.env is part
   * of it): the database, TEMPORAL_ADDRESS and a TEMPORAL_TASK_QUEUE of the platform's own.
   * SANDBOX_URL is set to the sandbox started here.
   */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /**
   * PUBLIC_BASE_URL is set to the API's own address: numbers are bought with webhooks the
   * sandbox's caller simulator can reach, and signatures are checked against the URLs it signs.
   */
  publicBaseUrlIsApi?: boolean;
  /** `false` leaves the task queue to worker processes the caller starts. */
  inProcessWorker?: boolean;
  /** The workflow code, built once by the caller; otherwise each worker finds or bundles its own. */
  workflowBundle?: () => Promise<WorkflowBundle>;
  /** The API's own database pool (its models share the process's application pool with the worker). */
  apiPoolMax?: number;
}

export interface InProcessPlatform {
  config: Config;
  /** The environment the parts run with, SANDBOX_URL (and PUBLIC_BASE_URL) included: for worker processes or a second API. */
  env: NodeJS.ProcessEnv;
  sandbox: Sandbox;
  api: { url: string; server: Server; close(): Promise<void> };
  temporal: Client;
  twilio: TwilioClient;
  /** The worker started with the platform, unless `inProcessWorker` was false. */
  worker: RunningWorker | undefined;
  /** Another worker in this process, on the same task queue; stopped by close(). */
  startWorker(): Promise<RunningWorker>;
  /** The database owner's connection: reads what the platform wrote, past row-level security (connects on first query). */
  owner: Knex;
  close(): Promise<void>;
}

export async function startInProcessPlatform(options: InProcessPlatformOptions): Promise<InProcessPlatform> {
  const { logger } = options;
  const workers: RunningWorker[] = [];
  let listening: ListeningServer | undefined;
  let sandbox: Sandbox | undefined;
  let releasePool: (() => Promise<void>) | undefined;
  let owner: Knex | undefined;
  let connection: Connection | undefined;
  let api: ApiApp | undefined;

  let apiClosed: Promise<void> | undefined;
  const closeApi = () =>
    (apiClosed ??= (async () => {
      await listening?.close();
      await api?.close();
    })());

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      const failures: unknown[] = [];
      const attempt = async (stop: () => Promise<unknown> | undefined) => {
        try {
          await stop();
        } catch (error) {
          failures.push(error);
        }
      };
      // Live simulated calls hang up first, so their final callbacks reach a running API.
      await attempt(() => sandbox?.close());
      await Promise.all(workers.map((w) => attempt(() => w.stop())));
      await Promise.all([attempt(closeApi), attempt(() => connection?.close()), attempt(() => owner?.destroy())]);
      await attempt(() => releasePool?.());
      if (failures.length > 0) throw failures[0];
    })());

  try {
    listening = await listenOnFreePort();
    // Stripe's webhook retries in seconds rather than Stripe's hours: a test sees a redelivery.
    sandbox = await startSandbox({ port: 0, stripeWebhookRetryMs: 500 });
    const env: NodeJS.ProcessEnv = {
      ...options.env,
      SANDBOX_URL: sandbox.url,
      ...(options.publicBaseUrlIsApi ? { PUBLIC_BASE_URL: listening.url } : {}),
    };
    const config = parseConfig(env);
    const appUrl = appDatabaseUrl(config);
    if (!appUrl || !config.DATABASE_URL) throw new Error('DATABASE_URL: expected the database owner\'s URL');

    releasePool = holdApplicationPool(appUrl, config.DATABASE_POOL_MAX);
    owner = createKnex(config.DATABASE_URL, 2);
    connection = await Connection.connect(temporalConnectionOptions(config));
    api = createApiApp(config, logger, { poolMax: options.apiPoolMax });
    listening.server.on('request', api.app);
    if (options.publicBaseUrlIsApi) await registerSandboxWebhook(config);

    const startWorker = async () => {
      const started = await startInProcessWorker(config, logger, await options.workflowBundle?.());
      workers.push(started);
      return started;
    };
    const worker = options.inProcessWorker === false ? undefined : await startWorker();

    return {
      config,
      env,
      sandbox,
      api: { url: listening.url, server: listening.server, close: closeApi },
      temporal: new Client({ connection, namespace: config.TEMPORAL_NAMESPACE }),
      twilio: twilioClient(config),
      worker,
      startWorker,
      owner,
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
