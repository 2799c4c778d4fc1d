/** Why a tenant has a flag's value: its override, its place in the rollout, or the default. */
export type FlagSource = 'override' | 'rollout' | 'default';

/** A flag as it applies to one tenant (GET /api/admin/tenants/:id/feature-flags). */
export interface TenantFlag {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  source: FlagSource;
  /** null: no override; the tenant follows the rollout and the default. */
  override: boolean | null;
  default: boolean;
  rollout_percentage: number;
}
