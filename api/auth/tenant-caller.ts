import type { ApiScope } from '../../domain/api-scopes';
import { API_SCOPES } from '../../domain/api-scopes';
import type { PlanTier } from '../../domain/plans';
import type { TenantRole } from '../../db/models';
import type { ApiKeyMode } from '../../lib/api-keys';

/**
 * Who a tenant API (`/api/v1`) request acts for, whatever it came with: an API key, a
 * tenant user's session (the console's self-service pages), or an operator's support
 * session on the tenant.
 */
export interface TenantCaller {
  via: 'api_key' | 'session' | 'support_session';
  /** The credential's own id (the key, the user, the operator): its rate limit is counted under it. */
  id: string;
  tenantId: string;
  /** Test callers (test keys) see and write sandbox data only. */
  mode: ApiKeyMode;
  scopes: ApiScope[];
  /** The tenant's plan, which sets its rate limit. */
  planTier: PlanTier;
  /** Who did it, as the audit log records it. */
  actor: { type: 'api_key' | 'tenant_user' | 'operator'; id: string };
  /** Set while an operator acts on the tenant through a support session; the audit log records it too. */
  supportSessionId: string | null;
  /** A tenant user's role: some actions (API keys, users) are the owner's alone. */
  role: TenantRole | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    tenantCaller?: TenantCaller;
  }
}

const READ_SCOPES = API_SCOPES.filter((s) => s.endsWith(':read'));

/**
 * What a signed-in person may do through the tenant API: owners and admins everything,
 * members read and handle appointments; an operator in a support session reads, and
 * writes only once a super_admin granted it.
 */
export function scopesFor(who: { role: TenantRole } | { support: { canWrite: boolean } }): ApiScope[] {
  if ('support' in who) return who.support.canWrite ? [...API_SCOPES] : READ_SCOPES;
  return who.role === 'member' ? [...READ_SCOPES, 'appointments:write'] : [...API_SCOPES];
}
