import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { HealthDrop } from '../activities/health-scores';
import { startEmail } from './send-email';

// About an hour of retries per batch; past that the run fails, and the next day's scores every tenant again.
const { scoreTenantHealth } = proxyActivities<Activities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 18 },
});

export interface HealthScoreRunInput {
  /** Score these tenants only (on demand); otherwise every scored tenant, page by page. */
  tenantIds?: string[];
  batchSize?: number;
  /** Batches per run before continueAsNew (a test makes it small to see the hand-over). */
  batchesPerRun?: number;
  /** After continueAsNew: where the previous run stopped, and what it counted. */
  after?: string | null;
  totals?: HealthScoreRunResult;
}

export interface HealthScoreRunResult {
  scored: number;
  /** Tenants whose fall below the alert line this run reported to customer success. */
  alerts: number;
}

const DEFAULT_BATCH_SIZE = 200;
/** Batches per run before continueAsNew, whatever the history's size (each batch adds a few events, each alert a child start). */
const DEFAULT_BATCHES_PER_RUN = 100;

/** The Temporal Schedule that starts the daily run. */
export const HEALTH_SCORE_SCHEDULE_ID = 'health-score-daily';

/**
 * Health scores for every scored tenant, in batches (each batch one activity, a few
 * queries), or for the tenants named. Each fall below the alert line is emailed to
 * customer success once: the email's key names the tenant and the health run that saw
 * the fall (the first run id of the workflow's chain).
 */
export async function healthScoreRun(input: HealthScoreRunInput = {}): Promise<HealthScoreRunResult> {
  // The same for every run of the chain (continueAsNew) and for every retry, unique to this health run.
  const runKey = workflowInfo().firstExecutionRunId;
  const totals = { ...(input.totals ?? { scored: 0, alerts: 0 }) };

  const alert = async (drops: HealthDrop[]) => {
    for (const drop of drops) {
      await startEmail({
        key: `${drop.tenantId}.health_alert.${runKey}`,
        tenantId: drop.tenantId,
        template: 'health_alert',
        audience: 'customer_success',
        health: { score: drop.score, previous: drop.previous, breakdown: drop.breakdown },
      });
    }
    totals.alerts += drops.length;
  };

  if (input.tenantIds) {
    const batch = await scoreTenantHealth({ runKey, tenantIds: input.tenantIds });
    totals.scored += batch.scored;
    await alert(batch.drops);
    return totals;
  }

  const limit = input.batchSize ?? DEFAULT_BATCH_SIZE;
  const batchesPerRun = input.batchesPerRun ?? DEFAULT_BATCHES_PER_RUN;
  let after = input.after ?? null;
  for (let batches = 1; ; batches++) {
    const batch = await scoreTenantHealth({ runKey, after, limit });
    totals.scored += batch.scored;
    await alert(batch.drops);
    if (batch.scored < limit || batch.last === null) return totals;
    after = batch.last;
    if (batches >= batchesPerRun || workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof healthScoreRun>({ batchSize: limit, batchesPerRun, after, totals });
    }
  }
}
