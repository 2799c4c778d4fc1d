/** A data export (GDPR article 20), as both the admin API and the tenant API return it. */
export type ExportStatus = 'pending' | 'running' | 'completed' | 'failed' | 'expired';

export interface ExportRecord {
  id: string;
  tenant_id: string;
  status: ExportStatus;
  /** 0–100. */
  progress_percent: number;
  rows_written: number;
  /** Known once the export has counted the tenant's rows. */
  rows_total: number | null;
  /** The table being written now. */
  current_table: string | null;
  requested_by: string;
  created_at: string;
  completed_at: string | null;
  expires_at: string | null;
  size_bytes: number | null;
  sha256: string | null;
  error: string | null;
  /** A signed path relative to the API, set only while the file may be downloaded. */
  download_url: string | null;
}

export const EXPORT_STATUSES: readonly ExportStatus[] = ['pending', 'running', 'completed', 'failed', 'expired'];

/** The export still moves: its page asks again until it settles. */
export const inProgress = (status: ExportStatus | undefined): boolean => status === 'pending' || status === 'running';
