import type { TenantRole } from '../catalogue';

export type TenantUserStatus = 'invited' | 'active' | 'disabled';

/** A row of `GET /api/admin/tenants/:id/users` (api/tenant-users.ts `describeUser`). */
export interface TenantUserRecord {
  id: string;
  tenant_id: string;
  email: string;
  name: string | null;
  role: TenantRole;
  status: TenantUserStatus;
  invited_at: string | null;
  accepted_at: string | null;
  last_login_at: string | null;
}

/** What an invitation sends: the company is the list's. */
export interface Invitation {
  tenant_id: string;
  email: string;
  name?: string;
  role: TenantRole;
}

/** The resource name the data provider routes to a tenant's users (its `tenant_id` filter names the tenant). */
export const TENANT_USERS = 'tenant-users';
