import { TimestampedModel } from './base';

export class UsagePeriod extends TimestampedModel {
  static override tableName = 'usage_periods';

  declare id: string;
  declare tenant_id: string;
  declare period_start: Date;
  declare period_end: Date;
  declare plan_tier: string;
  declare calls_included: number | null;
  declare calls_used: number;
  declare warning_sent_at: Date | null;
  declare over_limit_sent_at: Date | null;
  declare closed_at: Date | null;
}
