/** The states of a tenant's life; the lifecycle workflow owns the transitions between them. */
export const TENANT_STATUSES = [
  'pending',
  'provisioning',
  'trial',
  'active',
  'past_due',
  'suspended',
  'cancelled',
  'deleted',
] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];
