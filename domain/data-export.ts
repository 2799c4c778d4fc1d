/**
 * Data export (GDPR article 20): what a tenant's export holds. Pure, shared by the
 * workflow (which walks the tables), the activities (which write them) and the API.
 *
 * One NDJSON file per table, in this order. Usage is two files (`usage_periods`, the
 * billed periods, and `usage_events`, one per metered call), because their rows have
 * different shapes. Text messages and opt-outs are the tenant's customers' personal data
 * handled for the tenant, so they are in, and so is the rest of what the company keeps about
 * its customers and tells them: contacts, its own wording of each kind of text, jobs (their
 * parts are a column of the job, not a file), its invoices to its customers, and its
 * campaigns as three files (the campaigns, their steps, and who is enrolled in which).
 * Health scores are not: they are Kestrel's own assessment of the account, inferred rather
 * than provided or observed, which article 20 does not cover.
 *
 * The workflow walks the tables its first activity counted (the plan), not this list, so a
 * table added here reaches new exports without touching the workflow.
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
  'contacts',
  'message_templates',
  'jobs',
  'customer_invoices',
  'campaigns',
  'campaign_steps',
  'campaign_enrollments',
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/**
 * The shape of `manifest.json`; raised when a file's fields change meaning (a field renamed,
 * removed or holding something else). A file or a field added is not such a change: what a
 * reader of version 1 understood still reads the same, and the manifest lists the files.
 */
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
