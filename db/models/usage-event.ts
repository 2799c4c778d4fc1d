import { BaseModel } from './base';

export class UsageEvent extends BaseModel {
  static override tableName = 'usage_events';

  declare id: string;
  declare tenant_id: string;
  declare usage_period_id: string;
  declare call_sid: string;
  declare units: number;
  declare duration_seconds: number | null;
  declare created_at: Date;
}
