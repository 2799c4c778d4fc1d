import type { TenantStatus } from './tenant-status';

/**
 * Which operator action may happen in which state, and why not otherwise. The tenant
 * workflow's update validators and the console's buttons both read this table, so the
 * two never disagree.
 */
export const LIFECYCLE_ACTIONS = [
  'provisionNumber',
  'activate',
  'confirmBilling',
  'changePlan',
  'extendTrial',
  'suspend',
  'reactivate',
  'cancel',
  'delete',
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

/** What the rules need to know of a tenant. */
export interface LifecycleFacts {
  status: TenantStatus;
  hasNumber: boolean;
  billingConfirmed: boolean;
  provisioning: boolean;
}

type Rule = (facts: LifecycleFacts) => string | undefined;

const from =
  (allowed: TenantStatus[], verb: string): Rule =>
  ({ status }) =>
    allowed.includes(status) ? undefined : `cannot ${verb} a tenant that is ${status} (allowed when ${allowed.join(', ')})`;

const all =
  (...rules: Rule[]): Rule =>
  (facts) => {
    for (const rule of rules) {
      const reason = rule(facts);
      if (reason) return reason;
    }
    return undefined;
  };

const RULES: Record<LifecycleAction, Rule> = {
  provisionNumber: all(
    from(['pending', 'trial', 'active', 'past_due'], 'provision a number for'),
    (f) => (f.provisioning ? 'a number is already being provisioned' : undefined),
    (f) => (f.hasNumber ? 'the tenant already has a phone number' : undefined),
  ),
  activate: all(from(['pending'], 'activate'), (f) =>
    f.hasNumber ? undefined : 'provision a phone number before activating',
  ),
  confirmBilling: all(from(['pending', 'trial', 'active', 'past_due', 'suspended'], 'confirm billing for'), (f) =>
    f.billingConfirmed && f.status !== 'past_due' ? 'billing is already confirmed' : undefined,
  ),
  changePlan: from(['pending', 'trial', 'active', 'past_due', 'suspended'], 'change the plan of'),
  extendTrial: from(['trial'], 'extend the trial of'),
  suspend: from(['trial', 'active', 'past_due'], 'suspend'),
  reactivate: all(from(['suspended', 'cancelled'], 'reactivate'), (f) =>
    f.status === 'suspended' && !f.billingConfirmed ? 'confirm billing before reactivating' : undefined,
  ),
  cancel: from(['pending', 'trial', 'active', 'past_due', 'suspended'], 'cancel'),
  delete: from(['pending', 'cancelled'], 'delete'),
};

/** Why `action` is refused for a tenant in this state, or undefined when it is allowed. */
export function refusal(action: LifecycleAction, facts: LifecycleFacts): string | undefined {
  return RULES[action](facts);
}

export function allowedActions(facts: LifecycleFacts): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((action) => !refusal(action, facts));
}
