import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../db/audit';
import { DataExport } from '../db/models';
import { DATA_EXPORT_STATUSES } from '../db/models/data-export';
import { exportWorkflowId, type ExportProgress } from '../domain/data-export';
import { durationMs, type Config } from '../lib/config';
import { exportDownloadPath } from '../lib/export-links';
import { dataExportWorkflow, exportProgressQuery, type DataExportInput } from '../workflows/data-export';
import type { AuditActor } from './http/audit-actor';
import { Problem } from './http/problem';
import { isTemporalUnreachable } from './http/temporal-errors';

/** An export, the same shape on the admin API and the tenant API. */
export const exportRecordSchema = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  status: z.enum(DATA_EXPORT_STATUSES),
  progress_percent: z.number().int().min(0).max(100),
  rows_written: z.number().int(),
  rows_total: z.number().int().nullable().describe('Counted when the export starts'),
  current_table: z.string().nullable().describe('The file being written now'),
  requested_by: z.string().describe('operator:<id>, tenant_user:<id> or api_key:<id>'),
  created_at: z.string(),
  completed_at: z.string().nullable(),
  expires_at: z.string().nullable().describe('When the zip is deleted and its link stops working'),
  size_bytes: z.number().int().nullable(),
  sha256: z.string().nullable().describe('SHA-256 of the zip, hex'),
  error: z.string().nullable(),
  download_url: z
    .string()
    .nullable()
    .describe('While completed and unexpired: the signed path of the zip, relative to the API (no credentials needed, it expires with the export)'),
});
export type ExportRecord = z.infer<typeof exportRecordSchema>;

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
const count = (value: number | string | null) => (value === null ? null : Number(value));

/** The record of an export row; the download link is signed here, for as long as the export lasts. */
export function exportRecord(row: DataExport, secret: string, now = new Date()): ExportRecord {
  const downloadable = row.status === 'completed' && row.expires_at !== null && new Date(row.expires_at) > now;
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    status: row.status,
    progress_percent: row.progress_percent,
    rows_written: Number(row.rows_written),
    rows_total: count(row.rows_total),
    current_table: row.current_table,
    requested_by: row.requested_by,
    created_at: iso(row.created_at)!,
    completed_at: iso(row.completed_at),
    expires_at: iso(row.expires_at),
    size_bytes: count(row.size_bytes),
    sha256: row.sha256,
    error: row.error,
    download_url: downloadable ? exportDownloadPath(secret, row.id, new Date(row.expires_at!)) : null,
  };
}

/** How long a progress query may take before the record answers from the database alone. */
const QUERY_TIMEOUT_MS = 2_000;

/**
 * The record with the workflow's own progress while it runs. The database row follows the
 * workflow part by part; the query is asked first, and whichever has gone further wins (the
 * row can be a moment ahead, between an activity's write and the workflow seeing its result).
 */
export async function liveExportRecord(temporal: Client, row: DataExport, secret: string): Promise<ExportRecord> {
  const record = exportRecord(row, secret);
  if (record.status !== 'running' || !row.workflow_id) return record;
  let timer: NodeJS.Timeout | undefined;
  try {
    const live = await Promise.race([
      temporal.workflow.getHandle(row.workflow_id).query(exportProgressQuery),
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), QUERY_TIMEOUT_MS);
      }),
    ]);
    if (live && live.status === 'running' && live.rows_written >= record.rows_written) return { ...record, ...progressFields(live) };
  } catch {
    // Temporal unreachable or the run gone: the database's progress is the answer.
  } finally {
    clearTimeout(timer);
  }
  return record;
}

const progressFields = (p: ExportProgress) => ({
  progress_percent: p.progress_percent,
  rows_written: p.rows_written,
  rows_total: p.rows_total,
  current_table: p.current_table,
});

export interface ExportRequest {
  temporal: Client;
  config: Config;
  secret: string;
  tenantId: string;
  actor: AuditActor;
  requestId: string | null;
  /** The database scope the request runs in: the tenant's own, or an operator's. */
  scope: <T>(work: (trx: Knex.Transaction) => PromiseLike<T>) => Promise<T>;
}

/**
 * Asks for an export of the tenant's data. A tenant has at most one export pending or
 * running (a unique index says so): a second request gets that one back (`created`
 * false) instead of starting another. A new export is audited (`data_export.requested`)
 * in the transaction that creates it; its workflow starts once it is committed.
 */
export async function requestExport(r: ExportRequest): Promise<{ record: ExportRecord; created: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const { row, created } = await claimExport(r);
    if (created) {
      await startExportWorkflow(r, row);
      return { record: exportRecord(row, r.secret), created };
    }
    const run = await workflowState(r.temporal, row.workflow_id);
    // The API stopped between the commit and the start: this request starts it.
    if (run === 'missing' && row.status === 'pending') {
      await startExportWorkflow(r, row);
      return { record: exportRecord(row, r.secret), created };
    }
    if (run === 'running' || run === 'unknown' || attempt > 1) return { record: exportRecord(row, r.secret), created };
    // Its run ended without settling it (terminated in Temporal's UI): it is failed, and a new one starts.
    await r.scope(() =>
      DataExport.query().findById(row.id).whereIn('status', ['pending', 'running']).patch({ status: 'failed', error: "The export's workflow ended before the export did.", current_table: null }),
    );
  }
}

/** A new pending export, audited; or the one pending or running already. */
async function claimExport(r: ExportRequest): Promise<{ row: DataExport; created: boolean }> {
  const id = randomUUID();
  const workflowId = exportWorkflowId(id);
  return r.scope(async (trx) => {
    const tenant = await trx('tenants').where({ id: r.tenantId }).first('id', 'erased_at');
    if (!tenant) throw Problem.notFound(`No tenant ${r.tenantId}`);
    if (tenant.erased_at) throw Problem.conflict("This tenant's data is erased; there is nothing left to export.");
    const inserted = await trx.raw(
      `insert into data_exports (id, tenant_id, status, requested_by, support_session_id, workflow_id)
       values (?, ?, 'pending', ?, ?, ?)
       on conflict (tenant_id) where status in ('pending', 'running') do nothing
       returning id`,
      [id, r.tenantId, `${r.actor.type}:${r.actor.id}`, r.actor.supportSessionId ?? null, workflowId],
    );
    if (inserted.rows.length === 0) {
      const active = await DataExport.query().where('tenant_id', r.tenantId).whereIn('status', ['pending', 'running']).first();
      // It finished between the two statements: the caller may simply ask again.
      if (!active) throw Problem.conflict('An export of this tenant has just finished; ask again to start a new one.');
      return { row: active, created: false };
    }
    await recordAudit({
      tenantId: r.tenantId,
      actor: r.actor,
      action: 'data_export.requested',
      target: { type: 'data_export', id },
      requestId: r.requestId,
      details: { workflow_id: workflowId },
    });
    return { row: (await DataExport.query().findById(id))!, created: true };
  });
}

/** Whether an export's workflow runs: `unknown` when Temporal cannot say. */
async function workflowState(temporal: Client, workflowId: string | null): Promise<'running' | 'closed' | 'missing' | 'unknown'> {
  if (!workflowId) return 'missing';
  try {
    return (await temporal.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING' ? 'running' : 'closed';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'missing';
    return 'unknown';
  }
}

async function startExportWorkflow(r: ExportRequest, row: DataExport): Promise<void> {
  const input: DataExportInput = {
    exportId: row.id,
    tenantId: row.tenant_id,
    chunkRows: r.config.EXPORT_CHUNK_ROWS,
    linkTtlMs: durationMs(r.config.EXPORT_LINK_TTL),
  };
  try {
    await r.temporal.workflow.start(dataExportWorkflow, { workflowId: row.workflow_id ?? exportWorkflowId(row.id), taskQueue: r.config.TEMPORAL_TASK_QUEUE, args: [input] });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return;
    if (isTemporalUnreachable(error)) {
      // Left pending, the export would stand in the way of the next request until one reached Temporal.
      await r.scope(() =>
        DataExport.query().findById(row.id).where('status', 'pending').patch({ status: 'failed', error: 'The export could not be started: Temporal was unreachable.' }),
      );
      throw Problem.unavailable('Temporal is unreachable; the export did not start. Try again shortly.');
    }
    throw error;
  }
}
