/**
 * What Kestrel's operators may do on the admin API. Every admin route names one of these
 * permissions (api/auth/operator-access.ts checks it before the route reads its input),
 * and the console may read the same table to show only what its operator can use.
 *
 * A role holds its permissions everywhere. A `support` operator reads, and changes a
 * tenant only while holding an open support session on that tenant to which a
 * super_admin granted write: `SUPPORT_SESSION_GRANTS` are the permissions such a session
 * lends, on its tenant alone.
 */
export const OPERATOR_PERMISSIONS = {
  'tenants:read': "See every tenant and its records (calls, appointments, e-mails, keys, users, flags, audit log, exports, health); reading is support's work.",
  'tenants:write':
    'Change one tenant: its settings, lifecycle actions, API keys, users, flag overrides, appointments, data exports and rescoring. Support only in a write-granted support session on that tenant.',
  'tenants:create': 'Clone a tenant into a new location: a new tenant, which no support session covers.',
  'billing:terms': "Set a tenant's negotiated price, call limit and overage price: money agreed in a contract, a super_admin's alone.",
  'tenants:erase': "Erase a tenant's personal data (GDPR article 17): irreversible, so a super_admin's alone.",
  'support-sessions:open': "Open a support session on a tenant, and end one's own: how support reaches a tenant at all.",
  'support-sessions:grant-write': 'Let a support session change things: the check on support writes, so never support itself.',
  'operators:manage': "List and create Kestrel's staff accounts: whoever manages operators can make themselves anything.",
  'feature-flags:define': "Create, change or delete a flag's definition: it applies to every tenant, not one a session covers.",
  'dead-letters:replay': "Run a failed finishing step again: platform work that support reports rather than re-runs.",
  'health-scores:run': 'Score every tenant now: a run over all tenants that alerts customer success, not one tenant.',
  'simulator:call': "Place a test call on a tenant's number: a real, metered call, outside any support session.",
} as const;

export type OperatorPermission = keyof typeof OPERATOR_PERMISSIONS;
export const OPERATOR_PERMISSION_NAMES = Object.keys(OPERATOR_PERMISSIONS) as OperatorPermission[];

/** The permissions of each operator role (`operator_users.role`). */
export const ROLE_PERMISSIONS = {
  super_admin: OPERATOR_PERMISSION_NAMES,
  support: ['tenants:read', 'support-sessions:open'],
} as const satisfies Record<string, readonly OperatorPermission[]>;

/** What an open support session with write granted lends its operator, on its own tenant only. */
export const SUPPORT_SESSION_GRANTS = ['tenants:write'] as const satisfies readonly OperatorPermission[];
/** A permission a support session may lend: a route needing one must say which tenant it acts on. */
export type TenantPermission = (typeof SUPPORT_SESSION_GRANTS)[number];

export const isTenantPermission = (permission: OperatorPermission): permission is TenantPermission =>
  (SUPPORT_SESSION_GRANTS as readonly OperatorPermission[]).includes(permission);

export interface OperatorStanding {
  role: keyof typeof ROLE_PERMISSIONS;
  /** The operator's open support session, if any. */
  support: { id: string; tenantId: string; canWrite: boolean } | null;
}

export type AccessDecision =
  | { allowed: true; via: 'role' }
  | { allowed: true; via: 'support_session'; supportSessionId: string }
  | { allowed: false; reason: string };

/**
 * Whether an operator may use `permission`, on `tenantId` when the route acts on one
 * tenant (null: the route's record names no tenant, or none that exists).
 */
export function operatorMay(who: OperatorStanding, permission: OperatorPermission, tenantId: string | null = null): AccessDecision {
  if ((ROLE_PERMISSIONS[who.role] as readonly OperatorPermission[]).includes(permission)) return { allowed: true, via: 'role' };
  if (!isTenantPermission(permission)) {
    return { allowed: false, reason: `This needs the ${permission} permission, which only a super_admin holds (your role: ${who.role}).` };
  }
  const session = who.support;
  if (!session) {
    return {
      allowed: false,
      reason: `A ${who.role} operator changes a tenant only in a support session on it with write granted (POST /api/admin/tenants/:id/support-sessions, then a super_admin grants write).`,
    };
  }
  if (!tenantId || session.tenantId !== tenantId) {
    return { allowed: false, reason: 'Your support session is on another tenant; a change here needs a write-granted support session on this one.' };
  }
  if (!session.canWrite) {
    return { allowed: false, reason: `This support session is read-only (${permission} needs write, which a super_admin grants).` };
  }
  return { allowed: true, via: 'support_session', supportSessionId: session.id };
}
