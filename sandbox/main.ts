import { join } from 'node:path';
import { config } from '../lib/config';
import { createLogger } from '../lib/logger';
import { parseModelLatency } from './openai/latency';
import { startSandbox } from './server';

/** `npm run sandbox`: the provider sandbox as a process of its own. */
async function main(): Promise<void> {
  const c = config();
  const logger = createLogger({ level: c.LOG_LEVEL, name: 'sandbox' });
  const persist = c.SANDBOX_PERSIST;
  const sandbox = await startSandbox({
    port: c.SANDBOX_PORT,
    host: c.SANDBOX_HOST,
    persistDir: persist ? join(c.DATA_DIR, 'sandbox') : undefined,
    logger,
    modelLatency: parseModelLatency(c.SANDBOX_MODEL_LATENCY),
  });
  logger.info({ url: sandbox.url, persist }, `provider sandbox listening on ${sandbox.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'provider sandbox stopping');
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'provider sandbox did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`provider sandbox failed to start: ${String(error instanceof Error ? error.stack : error)}\n`);
  process.exit(1);
});
