import { parseConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { createApiApp, holdApplicationPool, listenOnFreePort } from '../../runtime/in-process';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/**
 * The real API on an ephemeral port of `host` (loopback by default), wired to the run's
 * Temporal and Postgres, or to the addresses given (an address where nothing listens
 * stands for an outage).
 */
export async function startApi(
  options: { databaseUrl?: string; temporalAddress?: string; env?: NodeJS.ProcessEnv; host?: string } = {},
): Promise<RunningApi> {
  const config = parseConfig({
    ...process.env,
    ...options.env,
    ...(options.temporalAddress ? { TEMPORAL_ADDRESS: options.temporalAddress } : {}),
  });
  // The models (onboarding, admin) use the process's application pool.
  const releasePool = holdApplicationPool(process.env.DATABASE_APP_URL!, 4);
  const logger = createLogger({ name: 'api-test', level: 'silent' });
  const api = createApiApp(config, logger, { databaseUrl: options.databaseUrl ?? process.env.DATABASE_APP_URL! });
  const listening = await listenOnFreePort(options.host);
  listening.server.on('request', api.app);
  return {
    url: listening.url,
    close: async () => {
      await listening.close();
      await Promise.allSettled([api.close(), releasePool()]);
    },
  };
}
