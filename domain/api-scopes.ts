/**
 * What a tenant API key may do. A key carries a subset of these; each `/api/v1` route
 * needs one of them.
 */
export const API_SCOPES = ['calls:read', 'appointments:read', 'appointments:write', 'usage:read', 'settings:read', 'settings:write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

