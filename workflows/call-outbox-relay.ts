import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

// About ten minutes of retries; past that the run fails, and the entries wait for the
// next run a worker starts when it finds them (worker/call-outbox-sweep.ts).
const { replayCallOutbox } = proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 15 },
});

const BATCH = 50;
/** Batches per run: a long outage's backlog is drained by the next runs, and a history stays small. */
const MAX_BATCHES = 40;

/**
 * Drains the task queue's share of `call_outbox` (one run at a time): each call stored
 * while Temporal was unreachable gets its workflow, which logs and meters it, and each
 * stored final status reaches its call. Workers start a run when they find entries waiting.
 */
export async function callOutboxRelay(): Promise<{ replayed: number; failed: number }> {
  const total = { replayed: 0, failed: 0 };
  for (let i = 0; i < MAX_BATCHES; i++) {
    const batch = await replayCallOutbox({ limit: BATCH });
    total.replayed += batch.replayed;
    total.failed += batch.failed;
    if (!batch.more) break;
  }
  return total;
}
