import { ActivityFailure, CancellationScope, defineQuery, isCancellation, patched, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { PACKING_PERCENT, exportPercent, type ExportProgress, type ExportTable } from '../domain/data-export';

// A full disk or a lost database does not last forever: after about five minutes of
// retries the export fails with the reason, and the person who asked can ask again.
const retry = { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 9 };

const { beginDataExport, failDataExport, expireDataExport } = proxyActivities<Activities>({ startToCloseTimeout: '2m', retry });
// A part is written page by page, a heartbeat after each page.
const { exportDataChunk } = proxyActivities<Activities>({ startToCloseTimeout: '30m', heartbeatTimeout: '1m', retry });
// Packing reads every part again; a heartbeat after each part.
const { packageDataExport } = proxyActivities<Activities>({ startToCloseTimeout: '6h', heartbeatTimeout: '2m', retry });

/** Ids and sizes only: nothing of the tenant's data enters this workflow's history. */
export interface DataExportInput {
  exportId: string;
  tenantId: string;
  /** Rows per part file (one activity each). */
  chunkRows: number;
  /** How long the finished zip may be downloaded. */
  linkTtlMs: number;
}

export const exportProgressQuery = defineQuery<ExportProgress>('progress');

/**
 * The tables an export walked when the workflow took them from its own list: an export begun
 * then goes on with these, so its history replays (one more table would be one more
 * activity where the history has the packing).
 */
const TABLES_BEFORE_PLAN: ExportTable[] = [
  'tenant', 'users', 'api_keys', 'calls', 'appointments', 'usage_periods', 'usage_events', 'notifications', 'audit_log', 'messages', 'sms_opt_outs',
];

/**
 * One tenant's data export (GDPR article 20), `export-<export id>`. It counts the rows
 * to write, then writes each table in parts of `chunkRows` rows, in key order from where
 * the part before stopped (the workflow keeps that key), each part streamed to a file of
 * its own, so no activity ever holds a table in memory and a retried part rewrites only
 * itself; then packs the parts into the zip with its manifest. The progress
 * query answers from the workflow's own counts. The finished zip lives until its link
 * expires: the workflow sleeps until then (a durable timer), deletes the file and marks
 * the export expired.
 */
export async function dataExportWorkflow(input: DataExportInput): Promise<ExportProgress> {
  const { exportId, tenantId } = input;
  const progress: ExportProgress = { status: 'running', progress_percent: 0, rows_written: 0, rows_total: null, current_table: null };
  setHandler(exportProgressQuery, () => progress);

  let stage = 'Counting the rows';
  let expiresAt: string;
  try {
    const plan = await beginDataExport({ exportId, tenantId });
    const rowsTotal = plan.tables.reduce((sum, t) => sum + t.rows, 0);
    progress.rows_total = rowsTotal;
    // The tables counted are the tables written: a table added to the export reaches new exports without a change here.
    const tables = patched('export-tables-from-plan') ? plan.tables.map((t) => t.table) : TABLES_BEFORE_PLAN;
    const parts: Partial<Record<ExportTable, number>> = {};
    for (const table of tables) {
      stage = `Writing ${table}`;
      progress.current_table = table;
      let after: string[] | null = null;
      let part = 0;
      for (;;) {
        const chunk: { rows: number; lastKey: string[] | null } = await exportDataChunk({
          exportId,
          tenantId,
          table,
          part,
          after,
          limit: input.chunkRows,
          snapshotAt: plan.snapshotAt,
          rowsWrittenBefore: progress.rows_written,
          rowsTotal,
        });
        part++;
        progress.rows_written += chunk.rows;
        progress.progress_percent = exportPercent(progress.rows_written, rowsTotal);
        if (chunk.lastKey === null) break;
        after = chunk.lastKey;
      }
      parts[table] = part;
    }
    stage = 'Packing the zip';
    progress.current_table = null;
    progress.progress_percent = Math.max(progress.progress_percent, PACKING_PERCENT);
    const packed = await packageDataExport({ exportId, tenantId, snapshotAt: plan.snapshotAt, parts, linkTtlMs: input.linkTtlMs });
    expiresAt = packed.expiresAt;
    progress.status = 'completed';
    progress.progress_percent = 100;
  } catch (error) {
    const cancelled = isCancellation(error);
    const reason = cancelled ? 'The export was cancelled.' : `${stage} failed: ${failureMessage(error)}`;
    // Cancelled or not, the export's row and files are settled before the workflow ends.
    await CancellationScope.nonCancellable(() => failDataExport({ exportId, tenantId, error: reason }));
    progress.status = 'failed';
    progress.current_table = null;
    throw error;
  }

  await sleep(Math.max(0, Date.parse(expiresAt) - Date.now()));
  await expireDataExport({ exportId, tenantId });
  progress.status = 'expired';
  return progress;
}

/** What went wrong, from the innermost cause (an activity's own error), on one line. */
function failureMessage(error: unknown): string {
  let cause: unknown = error;
  while (cause instanceof ActivityFailure && cause.cause) cause = cause.cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.split('\n')[0]!.slice(0, 500);
}
