import { TimestampedModel } from './base';

export class DataExport extends TimestampedModel {
  static override tableName = 'data_exports';

  declare id: string;
  declare tenant_id: string;
  declare status: 'pending' | 'running' | 'completed' | 'failed' | 'expired';
  declare progress_percent: number;
  declare requested_by: string | null;
  declare file_path: string | null;
  declare sha256: string | null;
  declare size_bytes: number | null;
  declare error: string | null;
  declare completed_at: Date | null;
  declare expires_at: Date | null;
}
