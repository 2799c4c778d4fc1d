import path from 'node:path';
import { Client } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type WorkerOptions, type WorkflowBundle, type WorkflowBundleOption } from '@temporalio/worker';
import type { Logger } from 'pino';
import { createActivities } from '../activities';
import { appDatabaseUrl, connectDatabase, database, databaseConnected } from '../db/connection';
import { resendClient } from '../providers/resend';
import { twilioClient } from '../providers/twilio';
import type { Config } from '../lib/config';
import { temporalConnectionOptions } from '../lib/temporal';
import { HEALTH_SCORE_SCHEDULE_ID } from '../workflows/health-score-run';
import { RETENTION_SCHEDULE_ID } from '../workflows/retention-run';
import { SEASONAL_CAMPAIGN_SCHEDULE_ID } from '../workflows/seasonal-campaign-run';
import { activityFailureInterceptors } from './activity-failures';
import { sweepCallOutbox } from './call-outbox-sweep';
import { ensureHealthScoreSchedule, ensureRetentionSchedule, ensureSeasonalCampaignSchedule } from './schedules';

export const WORKFLOWS_PATH = require.resolve('../workflows');

/**
 * Connects to Temporal, retrying while it comes up (the worker may start before the
 * server), then creates a worker polling Kestrel's task queue with the workflow
 * bundle and every activity. While it runs, it also sweeps the call outbox; at start it
 * makes sure the daily health score, retention and seasonal campaign schedules exist and run on this task queue.
 */
export async function createWorker(
  config: Config,
  logger: Logger,
  extras: { workflowBundle?: WorkflowBundle } = {},
): Promise<{ worker: Worker; connection: NativeConnection }> {
  installRuntime(logger, config.WORKER_METRICS_ADDRESS);
  const appUrl = appDatabaseUrl(config);
  if (!appUrl) throw new Error('DATABASE_URL: expected the database URL (or DATABASE_APP_URL, the application role\'s own)');
  if (!databaseConnected()) connectDatabase(appUrl, config.DATABASE_POOL_MAX);
  const options = temporalConnectionOptions(config);
  let connection: NativeConnection | undefined;
  for (let attempt = 1; !connection; attempt++) {
    try {
      connection = await NativeConnection.connect(options);
    } catch (error) {
      const delay = Math.min(10_000, 250 * 2 ** attempt);
      logger.warn({ address: options.address, attempt, retryInMs: delay, err: error }, 'temporal not reachable yet');
      await new Promise((r) => setTimeout(r, delay));
    }
  }
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...workflowCode(config, extras.workflowBundle),
    activities: createActivities({ config, twilio: twilioClient(config), resend: resendClient(config) }),
    interceptors: {
      activity: [activityFailureInterceptors({ db: database(), logger, attentionAfterAttempts: config.ATTENTION_AFTER_ATTEMPTS })],
    },
    // On SIGTERM, activities in flight get this long to finish before they are
    // cancelled and handed back to Temporal to retry on another worker.
    shutdownGraceTime: config.SHUTDOWN_GRACE,
    // A worker that dies outright keeps its cached workflows' tasks on its own (sticky)
    // queue until this runs out; 3 s by default rather than the SDK's 10 s gets them to a
    // live worker sooner, at the cost of a busy worker's cache being bypassed more often.
    stickyQueueScheduleToStartTimeout: config.WORKER_STICKY_QUEUE_TIMEOUT as Duration,
    // 0 is honoured by patches/@temporalio+worker+1.24.0.patch (no watchdog at all).
    isolateExecutionTimeout: config.WORKER_DEADLOCK_TIMEOUT as Duration,
    ...workerSizing(config),
  });
  sweepCallOutbox(worker, connection, config, logger);
  // Without its schedule the worker still serves every other workflow; the next start tries again.
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  await ensureHealthScoreSchedule(client, config).catch((error: unknown) =>
    logger.error({ err: error, scheduleId: HEALTH_SCORE_SCHEDULE_ID }, 'could not create or update the health score schedule'),
  );
  await ensureRetentionSchedule(client, config).catch((error: unknown) =>
    logger.error({ err: error, scheduleId: RETENTION_SCHEDULE_ID }, 'could not create or update the retention schedule'),
  );
  await ensureSeasonalCampaignSchedule(client, config).catch((error: unknown) =>
    logger.error({ err: error, scheduleId: SEASONAL_CAMPAIGN_SCHEDULE_ID }, 'could not create or update the seasonal campaign schedule'),
  );
  return { worker, connection };
}

/** The slots and cache the configuration sets; the SDK's defaults for the rest. */
function workerSizing(config: Config): Partial<WorkerOptions> {
  const sizing: Partial<WorkerOptions> = {};
  if (config.WORKER_MAX_CACHED_WORKFLOWS !== undefined) sizing.maxCachedWorkflows = config.WORKER_MAX_CACHED_WORKFLOWS;
  if (config.WORKER_WORKFLOW_TASK_SLOTS !== undefined) sizing.maxConcurrentWorkflowTaskExecutions = config.WORKER_WORKFLOW_TASK_SLOTS;
  if (config.WORKER_LOCAL_ACTIVITY_SLOTS !== undefined) sizing.maxConcurrentLocalActivityExecutions = config.WORKER_LOCAL_ACTIVITY_SLOTS;
  if (config.WORKER_ACTIVITY_SLOTS !== undefined) sizing.maxConcurrentActivityTaskExecutions = config.WORKER_ACTIVITY_SLOTS;
  return sizing;
}

/** The workflow code: a bundle given (tests build one per file) or built beforehand (WORKFLOW_BUNDLE), else bundled now. */
function workflowCode(config: Config, given?: WorkflowBundle): { workflowBundle: WorkflowBundleOption } | { workflowsPath: string } {
  if (given) return { workflowBundle: given };
  if (config.WORKFLOW_BUNDLE) return { workflowBundle: { codePath: path.resolve(config.WORKFLOW_BUNDLE) } };
  return { workflowsPath: WORKFLOWS_PATH };
}

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

let runtimeInstalled = false;

/**
 * Sends the SDK's own logs (worker state, bundling) through the process's structured
 * logger and, given an address, serves the worker's own metrics (task latencies, slots,
 * the workflow cache) for Prometheus at http://<address>/metrics.
 */
function installRuntime(logger: Logger, metricsAddress: string | undefined): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const sdk = logger.child({ component: 'temporal-sdk' });
  // The SDK logs the workflow bundle's webpack report at INFO; it is noise below debug.
  const level: LogLevel = sdk.isLevelEnabled('debug') ? 'DEBUG' : 'WARN';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => sdk[PINO_LEVEL[entry.level]]({ ...entry.meta }, entry.message)),
    ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress, histogramBucketOverrides: LATENCY_BUCKETS } } } } : {}),
  });
}

/** Milliseconds: fine where a call's turn lives (tens of ms), coarse beyond the model's seconds. */
const MS_BUCKETS = [1, 2, 5, 10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 30000, 60000];
const LATENCY_BUCKETS = Object.fromEntries(
  [
    'workflow_task_schedule_to_start_latency',
    'workflow_task_execution_latency',
    'workflow_task_replay_latency',
    'workflow_activation_execution_latency',
    'local_activity_execution_latency',
    'activity_schedule_to_start_latency',
    'activity_execution_latency',
  ].map((name) => [name, MS_BUCKETS]),
);
