import { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import { CallOutboxEntry } from '../db/models';
import { withOperatorAccess } from '../db/tenant-context';
import type { Config } from '../lib/config';
import { callOutboxRelay } from '../workflows/call-outbox-relay';
import { callOutboxRelayId } from '../workflows/call-messages';

/** How often a worker looks for calls stored while Temporal was unreachable. */
const SWEEP_EVERY_MS = 3_000;

/**
 * The worker's side of the call outbox: every few seconds, while the worker runs, it
 * looks for calls (and final statuses) the webhooks of its task queue could only store,
 * and when some wait it starts the relay. One relay runs per queue at a time: a start
 * while one runs joins it, so workers sweeping together replay each call once, in order.
 */
export function sweepCallOutbox(worker: Worker, connection: NativeConnection, config: Config, logger: Logger): void {
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  let failing = false;
  const timer = setInterval(() => {
    const state = worker.getState();
    if (state !== 'RUNNING') {
      if (state !== 'INITIALIZED') clearInterval(timer);
      return;
    }
    void sweep().then(
      () => (failing = false),
      (error: unknown) => {
        // Temporal or the database being down is what the outbox is for: said once per outage.
        if (!failing) logger.warn({ err: error }, 'could not sweep the call outbox; trying again');
        failing = true;
      },
    );
  }, SWEEP_EVERY_MS);
  timer.unref();

  async function sweep(): Promise<void> {
    const waiting = await withOperatorAccess({ type: 'system', id: 'call-outbox' }, () =>
      CallOutboxEntry.query().where('task_queue', config.TEMPORAL_TASK_QUEUE).whereNull('replayed_at').select('id').first(),
    );
    if (!waiting) return;
    await client.workflow.start(callOutboxRelay, {
      workflowId: callOutboxRelayId(config.TEMPORAL_TASK_QUEUE),
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }
}
