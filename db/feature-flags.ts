import { evaluate, type FlagDefinition, type TenantFlag } from '../domain/feature-flags';
import { FeatureFlag, TenantFeatureFlag } from './models';

/**
 * Reading flags for a tenant, in the current scope (the tenant's own, or an operator's):
 * the API shows them, activities act on them, and workflows get them from an activity.
 */

export const definitionOf = (flag: FeatureFlag): FlagDefinition => ({
  name: flag.name,
  default: flag.default_enabled,
  rollout_percentage: flag.rollout_percentage,
});

/** Every flag, as it applies to the tenant and why. */
export async function tenantFlags(tenantId: string): Promise<TenantFlag[]> {
  const [flags, overrides] = await Promise.all([
    FeatureFlag.query().orderBy('name'),
    TenantFeatureFlag.query().where('tenant_id', tenantId).select('flag_name', 'enabled'),
  ]);
  const overridden = new Map(overrides.map((o) => [o.flag_name, o.enabled]));
  return flags.map((flag) => {
    const override = overridden.get(flag.name) ?? null;
    return {
      name: flag.name,
      description: flag.description,
      ...evaluate(definitionOf(flag), tenantId, override),
      override,
      default: flag.default_enabled,
      rollout_percentage: flag.rollout_percentage,
    };
  });
}

/** One flag for the tenant, in one query; a flag that is not defined is off. */
export async function flagEnabled(tenantId: string, name: string): Promise<boolean> {
  const row = (await FeatureFlag.query()
    .leftJoin('tenant_feature_flags as o', (j) => j.on('o.flag_name', 'feature_flags.name').andOnVal('o.tenant_id', tenantId))
    .where('feature_flags.name', name)
    .select('feature_flags.*', 'o.enabled as override')
    .first()) as (FeatureFlag & { override: boolean | null }) | undefined;
  return row ? evaluate(definitionOf(row), tenantId, row.override).enabled : false;
}
