import type { HealthBreakdown, HealthScoreInputs } from '../../domain/health-score';
import { BaseModel } from './base';

export type { HealthScoreInputs };

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
