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
  'endTrial',
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
  /**
   * Nothing is owed: billing confirmed by an operator, or a card on file and no payment
   * overdue. Absent for a tenant billed before Stripe, where billingConfirmed says it.
   */
  billingInOrder?: boolean;
}

type Rule = (facts: LifecycleFacts) => string | undefined;

/** Statuses as an operator says them: "a tenant that is on trial". */
const STATUS_WORDS: Record<TenantStatus, string> = {
  pending: 'pending',
  provisioning: 'getting its number',
  trial: 'on trial',
  active: 'active',
  past_due: 'past due',
  suspended: 'suspended',
  cancelled: 'cancelled',
  deleted: 'deleted',
};

/** "on trial, active or past due" */
function either(statuses: TenantStatus[]): string {
  const words = statuses.map((status) => STATUS_WORDS[status]);
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** `done` completes "Only a tenant that is … can …", e.g. "be suspended". */
const from =
  (allowed: TenantStatus[], done: string): Rule =>
  ({ status }) =>
    allowed.includes(status) ? undefined : `Only a tenant that is ${either(allowed)} can ${done}; this one is ${STATUS_WORDS[status]}.`;

const all =
  (...rules: Rule[]): Rule =>
  (facts) => {
    for (const rule of rules) {
      const reason = rule(facts);
      if (reason) return reason;
    }
    return undefined;
  };

/** Each reason is read by an operator: in the console beside the action, and in the API's 409. */
const RULES: Record<LifecycleAction, Rule> = {
  provisionNumber: all(
    from(['pending', 'trial', 'active', 'past_due'], 'get a phone number'),
    (f) => (f.provisioning ? 'A number is being provisioned already.' : undefined),
    (f) => (f.hasNumber ? 'The tenant has a phone number already.' : undefined),
  ),
  activate: all(from(['pending'], 'be activated'), (f) => (f.hasNumber ? undefined : 'Provision a phone number before activating.')),
  confirmBilling: all(from(['pending', 'trial', 'active', 'past_due', 'suspended'], 'have its billing confirmed'), (f) =>
    f.billingConfirmed && f.status !== 'past_due' ? 'Billing is confirmed already.' : undefined,
  ),
  changePlan: from(['pending', 'trial', 'active', 'past_due', 'suspended'], 'change plans'),
  extendTrial: from(['trial'], 'have its trial extended'),
  endTrial: from(['trial'], 'have its trial ended'),
  suspend: from(['trial', 'active', 'past_due'], 'be suspended'),
  reactivate: all(from(['suspended', 'cancelled'], 'be reactivated'), (f) =>
    f.status === 'suspended' && !(f.billingInOrder ?? f.billingConfirmed) ? 'Confirm billing before reactivating.' : undefined,
  ),
  cancel: from(['pending', 'trial', 'active', 'past_due', 'suspended'], 'be cancelled'),
  delete: from(['pending', 'cancelled'], 'be deleted'),
};

/** Why `action` is refused for a tenant in this state, or undefined when it is allowed. */
export function refusal(action: LifecycleAction, facts: LifecycleFacts): string | undefined {
  return RULES[action](facts);
}

export function allowedActions(facts: LifecycleFacts): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((action) => !refusal(action, facts));
}

/** Every action not allowed now, with why: the console shows them disabled, with the reason. */
export function refusedActions(facts: LifecycleFacts): Partial<Record<LifecycleAction, string>> {
  const refused: Partial<Record<LifecycleAction, string>> = {};
  for (const action of LIFECYCLE_ACTIONS) {
    const reason = refusal(action, facts);
    if (reason) refused[action] = reason;
  }
  return refused;
}

/**
 * What an operator's action may carry, checked alike by the console's form, the API's
 * schema and the workflow's update validator (the last word, for any other client).
 */
export const ACTION_ARGUMENTS = {
  /** A US area code to provision a number in: three digits, not starting with 0 or 1. */
  areaCode: /^[2-9]\d{2}$/,
  /** How many days a trial may be extended by at once. */
  trialDays: { min: 1, max: 90 },
  /** A suspension's or cancellation's reason, as the audit log and the tenant keep it. */
  reasonMaxLength: 500,
} as const;

/** Why an action's argument is refused, in the words the API and the workflow answer with. */
export const argumentRefusal = {
  areaCode: (value: unknown) => (typeof value === 'string' && ACTION_ARGUMENTS.areaCode.test(value) ? undefined : 'expected a 3-digit US area code'),
  trialDays: (value: unknown) => {
    const { min, max } = ACTION_ARGUMENTS.trialDays;
    return Number.isInteger(value) && (value as number) >= min && (value as number) <= max ? undefined : `expected a whole number of days from ${min} to ${max}`;
  },
  reason: (value: unknown) =>
    typeof value === 'string' && value.trim().length > 0 && value.length <= ACTION_ARGUMENTS.reasonMaxLength
      ? undefined
      : `a reason (up to ${ACTION_ARGUMENTS.reasonMaxLength} characters) is required`,
};
