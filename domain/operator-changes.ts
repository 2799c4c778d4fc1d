import type { OperatorRole } from './accounts';

/**
 * Who may change which operator, and how: the rule the admin API enforces and the
 * console's Operators page shows (a refused action is shown disabled, with its reason).
 * Only a super_admin manages operators at all (the `operators:manage` permission); within
 * that, Kestrel always keeps one enabled super_admin, and nobody demotes or disables
 * themselves (another super_admin can, so a mistake is never a lock-out).
 */

/** An operator as far as the rule needs to know them. */
export interface OperatorFacts {
  id: string;
  role: OperatorRole;
  disabled: boolean;
  /** Whether they have chosen a password (an invited operator has not yet). */
  hasPassword: boolean;
}

export type OperatorChange = { kind: 'role'; role: OperatorRole } | { kind: 'disable' } | { kind: 'enable' };

/** Where an operator's account stands: invited (no password chosen yet), active, or disabled. */
export type OperatorStatus = 'invited' | 'active' | 'disabled';

export const OPERATOR_STATUSES = ['invited', 'active', 'disabled'] as const satisfies readonly OperatorStatus[];

export function operatorStatus(operator: Pick<OperatorFacts, 'disabled' | 'hasPassword'>): OperatorStatus {
  if (operator.disabled) return 'disabled';
  return operator.hasPassword ? 'active' : 'invited';
}

/** Why a change is refused, in the words the API's 409 and the console's disabled button both say. */
export const OPERATOR_CHANGE_REFUSALS = {
  last_super_admin: 'Kestrel keeps at least one enabled super admin: make someone else super admin first.',
  yourself: 'You cannot change your own role or disable yourself; another super admin can.',
  not_invited: 'They have chosen a password already: there is no invitation to send again (they can use "Forgot your password?").',
  disabled_invitee: 'Their account is disabled: enable it first, then send the invitation again.',
} as const;

export type OperatorChangeRefusal = keyof typeof OPERATOR_CHANGE_REFUSALS;

/**
 * Whether `actorId` (an enabled super_admin) may make `change` to `target`, given the ids
 * of every enabled super_admin now (the target among them if it is one): null when it
 * may, else why not. A change that changes nothing (the same role, enabling an enabled
 * account) is allowed, and the caller makes nothing of it.
 */
export function operatorChangeRefusal(
  actorId: string,
  target: OperatorFacts,
  change: OperatorChange,
  enabledSuperAdminIds: readonly string[],
): OperatorChangeRefusal | null {
  const isEnabledSuperAdmin = target.role === 'super_admin' && !target.disabled;
  const stopsBeingSuperAdmin = isEnabledSuperAdmin && (change.kind === 'disable' || (change.kind === 'role' && change.role !== 'super_admin'));
  if (stopsBeingSuperAdmin && enabledSuperAdminIds.every((id) => id === target.id)) return 'last_super_admin';
  const changesSomething = change.kind === 'disable' ? !target.disabled : change.kind === 'enable' ? target.disabled : change.role !== target.role;
  if (target.id === actorId && changesSomething) return 'yourself';
  return null;
}

/** Whether an operator's invitation may be sent again (a fresh link, the old one dead): null when it may. */
export function invitationRefusal(target: Pick<OperatorFacts, 'disabled' | 'hasPassword'>): OperatorChangeRefusal | null {
  if (target.hasPassword) return 'not_invited';
  if (target.disabled) return 'disabled_invitee';
  return null;
}
