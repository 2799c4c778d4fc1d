import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import type { Knex } from 'knex';
import { createApp } from '../../api/app';
import { connectDatabase, createKnex, databaseConnected, disconnectDatabase } from '../../db/connection';
import { parseConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/**
 * The real API on an ephemeral port, wired to the run's Temporal and Postgres, or to
 * the addresses given (an address where nothing listens stands for an outage).
 */
export async function startApi(
  options: { databaseUrl?: string; temporalAddress?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningApi> {
  const config = parseConfig({ ...process.env, ...options.env });
  // The models (onboarding, admin) use the process's application pool.
  const connectsModels = !databaseConnected();
  if (connectsModels) connectDatabase(process.env.DATABASE_APP_URL!, 4);
  const logger = createLogger({ name: 'api-test', level: 'silent' });
  const db: Knex = createKnex(options.databaseUrl ?? process.env.DATABASE_APP_URL!, 4);
  const address = options.temporalAddress ?? process.env.TEMPORAL_ADDRESS!;
  const connection = Connection.lazy({ address });
  const temporalHealth = Connection.lazy({ address, interceptors: [] });
  const temporal = new Client({ connection });
  const app = createApp({ config, logger, db, temporal, temporalHealth });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await Promise.allSettled([db.destroy(), connection.close(), temporalHealth.close(), connectsModels ? disconnectDatabase() : undefined]);
    },
  };
}
