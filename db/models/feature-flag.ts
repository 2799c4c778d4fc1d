import { TimestampedModel } from './base';

/** A flag's global definition (no tenant's data: outside row-level security). */
export class FeatureFlag extends TimestampedModel {
  static override tableName = 'feature_flags';
  static override idColumn = 'name';

  declare name: string;
  declare description: string;
  declare default_enabled: boolean;
  declare rollout_percentage: number;

  // Postgres numerics arrive as text, so that no precision is lost; two decimals fit a number.
  override $parseDatabaseJson(json: Record<string, unknown>): Record<string, unknown> {
    const parsed = super.$parseDatabaseJson(json);
    if (parsed.rollout_percentage !== undefined && parsed.rollout_percentage !== null) parsed.rollout_percentage = Number(parsed.rollout_percentage);
    return parsed;
  }
}
