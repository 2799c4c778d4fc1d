/** A feature flag's definition (GET /api/admin/feature-flags); the id is its name. */
export interface FeatureFlagRecord {
  id: string;
  name: string;
  description: string;
  default: boolean;
  /** 0–100, hundredths allowed. */
  rollout_percentage: number;
  /** Tenants with an override of this flag. */
  overrides: number;
  created_at: string;
  updated_at: string;
}
