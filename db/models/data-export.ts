import { TimestampedModel } from './base';

export const DATA_EXPORT_STATUSES = ['pending', 'running', 'completed', 'failed', 'expired'] as const;
export type DataExportStatus = (typeof DATA_EXPORT_STATUSES)[number];

/** A tenant's data export (GDPR article 20): its progress, and once done the zip in EXPORT_DIR. */
export class DataExport extends TimestampedModel {
  static override tableName = 'data_exports';

  declare id: string;
  declare tenant_id: string;
  declare status: DataExportStatus;
  declare progress_percent: number;
  /** bigint: the driver gives a string. */
  declare rows_written: number | string;
  declare rows_total: number | string | null;
  declare current_table: string | null;
  /** Who asked: `operator:<id>`, `tenant_user:<id>`, `api_key:<id>` (or `system`). */
  declare requested_by: string;
  declare support_session_id: string | null;
  declare workflow_id: string | null;
  /** The zip, relative to EXPORT_DIR. */
  declare file_path: string | null;
  /** What the download is called. */
  declare file_name: string | null;
  declare sha256: string | null;
  declare size_bytes: number | string | null;
  declare error: string | null;
  declare completed_at: Date | null;
  declare expires_at: Date | null;
}
