import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, continueAsNew, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { erasureWorkflowId, tenantErasureWorkflow } from './tenant-erasure';

// About an hour of retries; past that the run fails, and the next day's finds the same tenants.
const { findErasableTenants } = proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 18 },
});

export interface RetentionRunInput {
  /** How long after leaving (cancellation, or deletion without one) a tenant is erased: `90d`. */
  period: string;
  batchSize?: number;
  /** Batches per run before continueAsNew (each erasure started is a few events). */
  batchesPerRun?: number;
  /** After continueAsNew: where the previous run stopped, and what it counted. */
  after?: string | null;
  totals?: RetentionRunResult;
}

export interface RetentionRunResult {
  /** Erasures this run started. */
  started: number;
  /** Tenants whose erasure was already running (started by an operator, or by an earlier run). */
  running: number;
}

/** The Temporal Schedule that starts the daily run. */
export const RETENTION_SCHEDULE_ID = 'retention-daily';

const DEFAULT_BATCH_SIZE = 200;
const DEFAULT_BATCHES_PER_RUN = 20;

/**
 * Retention: every tenant that left longer than the period ago and is not erased yet gets
 * its erasure workflow, started as an abandoned child so this run does not wait for a
 * million calls to go. The erasure's workflow id is the tenant's, so one already running
 * is found, not doubled; a tenant whose erasure failed is found again by the next run.
 */
export async function retentionRun(input: RetentionRunInput): Promise<RetentionRunResult> {
  const totals = { ...(input.totals ?? { started: 0, running: 0 }) };
  const limit = input.batchSize ?? DEFAULT_BATCH_SIZE;
  const batchesPerRun = input.batchesPerRun ?? DEFAULT_BATCHES_PER_RUN;
  let after = input.after ?? null;
  for (let batches = 1; ; batches++) {
    const tenantIds = await findErasableTenants({ period: input.period, after, limit });
    for (const tenantId of tenantIds) {
      try {
        await startChild(tenantErasureWorkflow, {
          workflowId: erasureWorkflowId(tenantId),
          args: [{ tenantId, by: 'system', retentionPeriod: input.period }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
        totals.started++;
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        totals.running++;
      }
    }
    if (tenantIds.length < limit) return totals;
    after = tenantIds.at(-1)!;
    if (batches >= batchesPerRun || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof retentionRun>({ period: input.period, batchSize: limit, batchesPerRun, after, totals });
    }
  }
}
