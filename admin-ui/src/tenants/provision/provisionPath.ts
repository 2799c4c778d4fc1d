/** The provision-number page of a tenant (a route of the tenants resource). */
export const provisionPath = (tenantId: string): string => `/tenants/${encodeURIComponent(tenantId)}/provision`;
