import type { HealthBreakdown } from '../../domain/health-score';
import { BaseModel } from './base';

/** The figures a score was computed from, kept beside it for the tenant page. */
export interface HealthScoreInputs {
  calls_last_30_days: number;
  monthly_call_limit: number | null;
  calls_last_7_days: number;
  last_call_at: string | null;
  support_tickets_this_month: number;
  status: string;
}

/** A tenant's health on one day (UTC); a rerun the same day replaces it. */
export class HealthScore extends BaseModel {
  static override tableName = 'health_scores';
  static override idColumn = ['tenant_id', 'day'];
  static override jsonAttributes = ['breakdown', 'inputs'];

  declare tenant_id: string;
  declare day: string;
  declare computed_at: Date;
  declare score: number;
  declare breakdown: HealthBreakdown;
  declare inputs: HealthScoreInputs;
  declare drop_key: string | null;
  declare drop_from: number | null;
}
