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
/** Statuses that take a company out of service: the console says why, when and by whom. */
export const OUT_OF_SERVICE: readonly TenantStatus[] = ['suspended', 'cancelled'];
/** Out of service, a company's calls go straight to its own line: its number stays, the agent does not answer. */
export const CALLS_FORWARDED = OUT_OF_SERVICE;
