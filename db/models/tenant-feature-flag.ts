import { TimestampedModel } from './base';

/** A tenant's override of a flag: it wins over the rollout and the default. */
export class TenantFeatureFlag extends TimestampedModel {
  static override tableName = 'tenant_feature_flags';
  static override idColumn = ['tenant_id', 'flag_name'];

  declare tenant_id: string;
  declare flag_name: string;
  declare enabled: boolean;
  declare set_by: string | null;
}
