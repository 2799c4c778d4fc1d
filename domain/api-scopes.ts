/**
 * What a tenant API key may do. A key carries a subset of these; each `/api/v1` route
 * needs one of them. `exports:write` asks for a copy of all the company's data (every
 * call's transcript included), so it is a scope of its own rather than part of another.
 */
export const API_SCOPES = [
  'calls:read',
  'appointments:read',
  'appointments:write',
  'usage:read',
  'billing:read',
  'billing:write',
  'settings:read',
  'settings:write',
  'exports:read',
  'exports:write',
  'contacts:read',
  'contacts:write',
  'messages:read',
  'messages:write',
  'campaigns:read',
  'campaigns:write',
  'jobs:read',
  'jobs:write',
  'customer-invoices:read',
  'customer-invoices:write',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];
