import { config, durationMs } from '../lib/config';
import { createLogger } from '../lib/logger';
import { createTemporalClient, createTemporalHealthConnection } from '../lib/temporal';
import { guardRowLevelSecurity } from '../db/bootstrap';
import { appDatabaseUrl, connectDatabase, disconnectDatabase } from '../db/connection';
import { registerSandboxWebhook } from '../providers/stripe';
import { createApp } from './app';
import { ensureFirstOperator } from './auth/first-operator';

/** `npm run api`: one API process. Scale by running more of them behind a load balancer. */
async function main(): Promise<void> {
  const c = config();
  const logger = createLogger({ name: 'api', level: c.LOG_LEVEL });
  const appUrl = appDatabaseUrl(c);
  if (!appUrl) {
    logger.fatal('DATABASE_URL: expected the database URL (or DATABASE_APP_URL, the application role\'s own)');
    process.exit(78);
  }
  const db = connectDatabase(appUrl, c.DATABASE_POOL_MAX);
  guardRowLevelSecurity(appUrl, (error) => {
    logger.fatal(`DATABASE_APP_URL: ${error.message}`);
    process.exit(78);
  });
  // Without the database the API still starts (and answers calls from its fallbacks); the operator waits for the next start.
  await ensureFirstOperator(c, logger).catch((error: unknown) => logger.error({ err: error }, 'could not create the first operator'));
  const temporal = createTemporalClient(c);
  const temporalHealth = createTemporalHealthConnection(c);
  const app = createApp({ config: c, logger, db, temporal, temporalHealth });

  const server = app.listen(c.API_PORT, c.API_HOST, () => {
    logger.info({ url: `http://${c.API_HOST}:${c.API_PORT}` }, 'api listening');
    registerSandboxWebhook(c).catch((error: unknown) => logger.warn({ err: error }, "could not register the webhook with the sandbox's Stripe: billing events will not arrive"));
  });
  // A connection kept alive is closed by the server after this idle time; a client sending a
  // request at that very moment gets a reset instead of an answer (a webhook lost to Twilio).
  // Outliving the clients' and load balancers' own idle timeouts (60 s is the usual) leaves
  // the closing to them. Node's 5 s default lost 1–2 webhooks in ten thousand under load.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('error', (error) => {
    logger.fatal({ err: error }, 'api could not listen');
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'api stopping: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), durationMs(c.SHUTDOWN_GRACE)).unref();
    server.close(async () => {
      await Promise.allSettled([disconnectDatabase(), temporal.connection.close(), temporalHealth.close()]);
      clearTimeout(force);
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
