import { defineQuery, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { ERASURE_STEPS, ERASURE_STEP_PATCHES, type ErasureCounts, type ErasureStep } from '../domain/erasure';

// About six hours of retries per step (an outage of the database or Twilio); past that the
// erasure fails with the reason, and running it again (the operator, or the next retention
// run) finishes the job, since every step is idempotent.
const retry = { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 80 };
const { softDeleteForErasure, releaseTenantNumbers, removeTenantExports, tombstoneTenant } = proxyActivities<Activities>({
  startToCloseTimeout: '2m',
  retry,
});
// A step goes through a million calls batch by batch; its heartbeat shows it is alive.
const { eraseTenantRows } = proxyActivities<Activities>({
  startToCloseTimeout: '6h',
  heartbeatTimeout: '2m',
  retry,
});

/** Ids only: nothing personal enters this workflow's history, not even the request's free-text reason. */
export interface TenantErasureInput {
  tenantId: string;
  /** Who asked: an operator's id, or `system` (the retention run). */
  by: string;
  /** The audit entry of the operator's request (`tenant.erasure_requested`), whose reason the tombstone repeats. */
  requestEntryId?: number;
  /** Set by the retention run: the period after which a tenant that left is erased. */
  retentionPeriod?: string;
  /** Rows per batch (tests make it small). */
  batchSize?: number;
}

export interface ErasureProgress {
  tenantId: string;
  /** What the workflow is doing now; `done` at the end. */
  stage: 'soft_delete' | 'numbers' | ErasureStep | 'data_exports' | 'tombstone' | 'done';
  counts: ErasureCounts;
}

export const erasureProgressQuery = defineQuery<ErasureProgress>('progress');

/** One erasure per tenant: a second request while one runs finds it. */
export const erasureWorkflowId = (tenantId: string) => `erasure-${tenantId}`;

/**
 * Erases a tenant that left (GDPR article 17): soft delete first, through its lifecycle
 * as any deletion, then its numbers released at Twilio, then table by table its personal
 * data deleted or anonymised, its export files removed, and the tenant row left as a
 * tombstone with one audit entry holding the counts. Every step is idempotent, so a
 * rerun after a failure finishes the job.
 */
export async function tenantErasureWorkflow(input: TenantErasureInput): Promise<ErasureProgress> {
  const { tenantId, by } = input;
  const progress: ErasureProgress = { tenantId, stage: 'soft_delete', counts: {} };
  setHandler(erasureProgressQuery, () => progress);

  await softDeleteForErasure({ tenantId, by });

  progress.stage = 'numbers';
  progress.counts.numbers_released = (await releaseTenantNumbers({ tenantId })).released;

  for (const step of ERASURE_STEPS) {
    const patch = ERASURE_STEP_PATCHES[step];
    if (patch && !patched(patch)) continue; // a history from before the step existed
    progress.stage = step;
    progress.counts[step] = (await eraseTenantRows({ tenantId, step, batchSize: input.batchSize })).removed;
  }

  progress.stage = 'data_exports';
  const exports = await removeTenantExports({ tenantId });
  progress.counts.data_exports = exports.rows;
  progress.counts.export_files = exports.files;

  progress.stage = 'tombstone';
  await tombstoneTenant({ tenantId, by, counts: progress.counts, requestEntryId: input.requestEntryId, retentionPeriod: input.retentionPeriod });
  progress.stage = 'done';
  return progress;
}
