import type { Client } from '@temporalio/client';
import { sleep } from '../figures';

/** Call workflows still running that none finished for this long have stalled. */
const STALL_MS = 180_000;

/** Waits until Temporal has no call workflow running (visibility, which lags a little behind). */
export async function untilNoCallRuns(client: Client): Promise<void> {
  let last = -1;
  let movedAt = Date.now();
  for (;;) {
    const { count } = await client.workflow.count(`WorkflowType = 'callWorkflow' AND ExecutionStatus = 'Running'`);
    if (count === 0) return;
    if (count !== last) {
      last = count;
      movedAt = Date.now();
    } else if (Date.now() - movedAt > STALL_MS) {
      throw new Error(`stalled: ${count} call workflows still running, none finished for ${STALL_MS / 1000} s`);
    }
    await sleep(500);
  }
}
