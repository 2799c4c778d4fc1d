import { guardRowLevelSecurity } from '../db/bootstrap';
import { appDatabaseUrl, disconnectDatabase } from '../db/connection';
import { config } from '../lib/config';
import { createLogger } from '../lib/logger';
import { createWorker } from './worker';

/**
 * `npm run worker`: one worker process. Scale by running more of them. Temporal's
 * runtime turns SIGINT/SIGTERM into a graceful shutdown of the worker.
 */
async function main(): Promise<void> {
  const c = config();
  const logger = createLogger({ name: 'worker', level: c.LOG_LEVEL });
  const appUrl = appDatabaseUrl(c);
  if (appUrl) {
    guardRowLevelSecurity(appUrl, (error) => {
      logger.fatal(`DATABASE_APP_URL: ${error.message}`);
      process.exit(78);
    });
  }
  const { worker, connection } = await createWorker(c, logger);
  logger.info({ taskQueue: c.TEMPORAL_TASK_QUEUE, namespace: c.TEMPORAL_NAMESPACE }, 'worker running');
  try {
    await worker.run();
  } finally {
    // The pool keeps an idle connection (the outbox sweep's) for 30 s; open, it would
    // keep the process alive that long after the worker has handed back its tasks.
    await Promise.allSettled([connection.close(), disconnectDatabase()]);
  }
  logger.info('worker stopped');
}

main().catch((error) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
