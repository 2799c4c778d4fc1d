import type { TenantFlag as Flag } from '../../catalogue';

/** A flag as it applies to one tenant (GET /api/admin/tenants/:id/feature-flags), named by its id. */
export interface TenantFlag extends Flag {
  id: string;
}
