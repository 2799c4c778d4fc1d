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

/** Statuses whose calls the agent answers. */
export const AGENT_ANSWERS: readonly TenantStatus[] = ['trial', 'active', 'past_due'];
/** Statuses whose calls go straight to the company's own line: its number stays, the agent does not answer. */
export const CALLS_FORWARDED: readonly TenantStatus[] = ['suspended', 'cancelled'];
