/**
 * Data export (GDPR article 20): what a tenant's export holds. Pure, shared by the
 * workflow (which walks the tables), the activities (which write them) and the API.
 *
 * One NDJSON file per table, in this order. Usage is two files (`usage_periods`, the
 * billed periods, and `usage_events`, one per metered call), because their rows have
 * different shapes. Text messages and opt-outs are the tenant's customers' personal data
 * handled for the tenant, so they are in. Health scores are not: they are Kestrel's own
 * assessment of the account, inferred rather than provided or observed, which article 20
 * does not cover.
 */
export const EXPORT_TABLES = [
  'tenant',
  'users',
  'api_keys',
  'calls',
  'appointments',
  'usage_periods',
  'usage_events',
  'notifications',
  'audit_log',
  'messages',
  'sms_opt_outs',
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** The shape of `manifest.json`; raised when a file's fields change meaning. */
export const EXPORT_SCHEMA_VERSION = 1;

export const exportEntryName = (table: ExportTable) => `${table}.ndjson`;

/** One export per workflow; the id names the export only, nothing personal. */
export const exportWorkflowId = (exportId: string) => `export-${exportId}`;

/** What the progress query answers, and what the export record shows while it runs. */
export interface ExportProgress {
  status: 'pending' | 'running' | 'completed' | 'failed' | 'expired';
  progress_percent: number;
  rows_written: number;
  rows_total: number | null;
  current_table: string | null;
}

/** Writing the rows is most of the work; packing them into the zip is the last 5%. */
const ROWS_SHARE = 95;

/** The percentage shown while rows are written: never 100 before the zip is in place. */
export function exportPercent(rowsWritten: number, rowsTotal: number | null): number {
  if (!rowsTotal) return 0;
  return Math.min(ROWS_SHARE, Math.floor((ROWS_SHARE * rowsWritten) / rowsTotal));
}

/** Once every row is written and the zip is being packed. */
export const PACKING_PERCENT = ROWS_SHARE;
