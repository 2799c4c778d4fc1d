import type { UpdateDefinition } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { EmailRequest } from '../activities/email/send';
import type { Registration, TenantPatch } from '../activities/tenants';
import { cycleAt } from '../domain/billing-cycle';
import { allowedActions, argumentRefusal, refusal, refusedActions, type LifecycleAction, type LifecycleFacts } from '../domain/lifecycle';
import { callLimit, isPlanTier } from '../domain/plans';
import type { TenantStatus } from '../domain/tenant-status';
import type { LifecycleDurations } from '../lib/config';
import { provisionNumberWorkflow } from './provision-number';
import { OneAtATime } from './one-at-a-time';
import { startEmail } from './send-email';
import {
  activateUpdate,
  cancelUpdate,
  changePlanUpdate,
  confirmBillingUpdate,
  deleteUpdate,
  extendTrialUpdate,
  provisionNumberUpdate,
  reactivateUpdate,
  registrationUpdate,
  stateQuery,
  suspendUpdate,
  tenantWorkflowId,
  type Actor,
  type RegisteredTenant,
  type TenantState,
  type TimerKind,
} from './tenant-messages';

// Outages are retried for about half an hour (the database) or an hour (Twilio). Past
// that an operator's action fails with the reason, and a step due on a timer is tried
// again after LIFECYCLE_STEP_RETRY; meanwhile the dashboard lists the step as stuck.
const db = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 30 },
});
const twilio = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 16 },
});

/** Before LIFECYCLE_STEP_RETRY was configurable. */
const DEFAULT_STEP_RETRY_MS = 5 * 60_000;

export interface TenantLifecycleInput {
  tenantId: string;
  durations: LifecycleDurations;
  /** First run only: the onboarding data the tenant is created from. */
  registration?: Registration;
  /** After continueAsNew: the state carried over. */
  carried?: CarriedState;
}

/** Everything the workflow remembers (and carries across continueAsNew); the query's view adds what is derived. */
type CarriedState = Omit<TenantState, 'provisioning' | 'nextTimer' | 'allowedActions'> & {
  /** Billing cycles are counted from this instant. */
  cycleAnchor: string | null;
  /** The last transition's sequence number: unique per tenant, for idempotent audit entries. */
  seq: number;
};

const RECENT_TRANSITIONS = 20;

/**
 * One tenant's whole life (`tenant-<id>`). Operator actions arrive as updates whose
 * validators refuse invalid transitions before they enter history; timers drive the
 * trial, the monthly cycles and the release of a cancelled tenant's number; each cycle
 * ends in continueAsNew so the history stays small however long the tenant lives.
 * Every transition is written to Postgres (the read model) by an activity.
 */
export async function tenantLifecycle(input: TenantLifecycleInput): Promise<TenantState> {
  const { tenantId, durations } = input;
  const s: CarriedState = input.carried ?? initialState(input);
  let provisioning = false;
  let deleted = false;
  let registered: RegisteredTenant | undefined;
  let registrationFailure: ApplicationFailure | undefined;

  // Handlers and timers change state one at a time: an update waits for the one before.
  const serial = new OneAtATime();
  let changes = 0;
  const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await serial.run(work);
    } finally {
      changes++;
    }
  };

  const facts = (): LifecycleFacts => ({
    status: s.status,
    hasNumber: s.phoneNumber !== null,
    billingConfirmed: s.billingConfirmed,
    provisioning,
  });
  const view = (): TenantState => {
    const { cycleAnchor: _anchor, seq: _seq, ...carried } = s;
    return { ...carried, provisioning, nextTimer: nextTimer(), allowedActions: deleted ? [] : allowedActions(facts()) };
  };

  function nextTimer(): { kind: TimerKind; at: string } | null {
    if (s.status === 'trial' && s.trialEndsAt) {
      const reminderAt = new Date(Date.parse(s.trialEndsAt) - durations.trialReminderBeforeMs).toISOString();
      return !s.trialReminderSent && reminderAt < s.trialEndsAt
        ? { kind: 'trialReminder', at: reminderAt }
        : { kind: 'trialEnd', at: s.trialEndsAt };
    }
    if ((s.status === 'active' || s.status === 'past_due') && s.cycle) return { kind: 'cycleEnd', at: s.cycle.end };
    if (s.status === 'cancelled' && s.phoneNumberSid && s.releaseNumberAt) return { kind: 'releaseNumber', at: s.releaseNumberAt };
    return null;
  }

  /** Records a transition, then makes it: a transition the read model refused has not happened. */
  async function transition(action: string, to: TenantStatus, by: string, patch: TenantPatch, reason?: string): Promise<void> {
    const seq = s.seq + 1;
    const from = s.status;
    const at = now();
    await db.recordTransition({ tenantId, key: `${tenantWorkflowId(tenantId)}:${seq}`, action, from, to, by, reason, patch: { status: to, ...patch } });
    s.seq = seq;
    s.status = to;
    s.transitions = [...s.transitions, { seq, at, action, from, to, by, ...(reason ? { reason } : {}) }].slice(-RECENT_TRANSITIONS);
  }

  /** An email about this tenant, keyed by template and occasion so it goes out once. */
  async function email(template: EmailRequest['template'], discriminator: string, extra: Partial<EmailRequest> = {}): Promise<void> {
    await startEmail({ key: `${tenantId}.${template}.${discriminator}`, tenantId, template, audience: 'owner', ...extra });
  }

  async function startCycle(index: number, by: string, action: string, status: TenantStatus, patch: TenantPatch = {}): Promise<void> {
    const cycle = cycleAt(new Date(s.cycleAnchor!), index, durations.cycle);
    await db.closeUsagePeriods({ tenantId, at: cycle.start });
    await db.openUsagePeriod({ tenantId, start: cycle.start, end: cycle.end, planTier: s.plan, callsIncluded: callLimit(s.plan) });
    s.cycle = cycle;
    s.billingPlan = s.plan;
    await transition(action, status, by, {
      ...patch,
      current_period_start: cycle.start,
      current_period_end: cycle.end,
      billing_plan_tier: s.plan,
    });
  }

  /** The cycle that contains now, counted from the anchor (after a pause, cycles are not replayed one by one). */
  function currentCycleIndex(): number {
    let index = s.cycle?.index ?? 0;
    while (Date.parse(cycleAt(new Date(s.cycleAnchor!), index, durations.cycle).end) <= Date.now()) index++;
    return index;
  }

  // --- messages -------------------------------------------------------------------------

  // Queries leave no trace in history: what they answer may grow without a patch.
  setHandler(stateQuery, () => ({ ...view(), refusedActions: refusedActions(facts()), durations }));

  setHandler(registrationUpdate, async () => {
    await condition(() => registered !== undefined || registrationFailure !== undefined);
    if (registrationFailure) throw registrationFailure;
    return registered!;
  });

  function onAction<A extends Actor>(
    update: UpdateDefinition<TenantState, [A]>,
    action: LifecycleAction,
    checkArgs: (args: A) => string | undefined,
    run: (args: A, by: string) => Promise<void>,
  ): void {
    setHandler(
      update,
      (args) =>
        exclusive(async () => {
          // The state may have moved on while this update waited for the one before it.
          const reason = refusal(action, facts());
          if (reason) throw ApplicationFailure.nonRetryable(reason, 'TransitionRefused');
          await run(args, args.by ?? 'operator');
          return view();
        }),
      {
        validator: (args) => {
          const reason = (deleted ? 'the tenant is deleted' : undefined) ?? checkArgs(args ?? ({} as A)) ?? refusal(action, facts());
          if (reason) throw ApplicationFailure.nonRetryable(reason, 'TransitionRefused');
        },
      },
    );
  }

  const none = () => undefined;

  onAction(
    provisionNumberUpdate,
    'provisionNumber',
    (a) => argumentRefusal.areaCode(a.areaCode),
    async ({ areaCode }, by) => {
      const previous = s.status;
      provisioning = true;
      try {
        if (previous === 'pending') await transition('provisioning_started', 'provisioning', by, {});
        const number = await executeChild(provisionNumberWorkflow, {
          workflowId: `provision-${tenantId}-${s.seq}`,
          args: [{ tenantId, areaCode }],
        });
        await transition('number_provisioned', previous, by, { phone_number: number.phoneNumber, phone_number_sid: number.sid },
          number.widened ? `no numbers in area code ${areaCode}; took one elsewhere` : undefined);
        s.phoneNumber = number.phoneNumber;
        s.phoneNumberSid = number.sid;
      } catch (error) {
        const reason = failureMessage(error);
        await transition('provisioning_failed', previous, by, {}, reason);
        throw ApplicationFailure.nonRetryable(`provisioning failed: ${reason}`, 'ProvisioningFailed');
      } finally {
        provisioning = false;
      }
    },
  );

  onAction(activateUpdate, 'activate', none, async ({ skipTrial }, by) => {
    s.activatedAt = now();
    if (skipTrial) {
      s.cycleAnchor = s.activatedAt;
      await startCycle(0, by, 'activated', 'active', { activated_at: s.activatedAt });
    } else {
      s.trialEndsAt = new Date(Date.now() + durations.trialMs).toISOString();
      s.trialReminderSent = false;
      await db.openUsagePeriod({ tenantId, start: s.activatedAt, end: s.trialEndsAt, planTier: s.plan, callsIncluded: callLimit(s.plan) });
      await transition('trial_started', 'trial', by, { activated_at: s.activatedAt, trial_ends_at: s.trialEndsAt });
    }
    await email('activated', String(s.seq));
  });

  // No payment provider is integrated yet: an operator confirms billing by hand.
  onAction(confirmBillingUpdate, 'confirmBilling', none, async (_args, by) => {
    s.billingConfirmed = true;
    await transition('billing_confirmed', s.status === 'past_due' ? 'active' : s.status, by, { billing_confirmed_at: now() });
  });

  onAction(
    changePlanUpdate,
    'changePlan',
    (a) => (!isPlanTier(a.tier ?? '') ? 'tier must be starter, professional, premium or enterprise' : a.tier === s.plan ? `the plan is already ${a.tier}` : undefined),
    async ({ tier }, by) => {
      s.plan = tier;
      // The new limit applies now; the new price from the next cycle (or at once, before billing starts).
      if (!s.cycle) s.billingPlan = tier;
      await db.updateOpenUsagePeriod({ tenantId, planTier: tier, callsIncluded: callLimit(tier) });
      await transition('plan_changed', s.status, by, { plan_tier: tier, billing_plan_tier: s.billingPlan });
    },
  );

  onAction(
    extendTrialUpdate,
    'extendTrial',
    (a) => argumentRefusal.trialDays(a.days),
    async ({ days }, by) => {
      s.trialEndsAt = new Date(Date.parse(s.trialEndsAt!) + days * 86_400_000).toISOString();
      // A new end deserves a new reminder, if it is still ahead.
      if (Date.parse(s.trialEndsAt) - durations.trialReminderBeforeMs > Date.now()) s.trialReminderSent = false;
      await db.updateOpenUsagePeriod({ tenantId, end: s.trialEndsAt });
      await transition('trial_extended', 'trial', by, { trial_ends_at: s.trialEndsAt }, `extended by ${days} days`);
    },
  );

  const reasonRequired = (a: { reason?: string }) => argumentRefusal.reason(a.reason);

  onAction(suspendUpdate, 'suspend', reasonRequired, async ({ reason }, by) => {
    await transition('suspended', 'suspended', by, { status_reason: reason }, reason);
  });

  onAction(reactivateUpdate, 'reactivate', none, async (_args, by) => {
    s.cancelledAt = null;
    s.releaseNumberAt = null;
    if (!s.phoneNumber || !s.billingConfirmed) {
      // Back to the start: a number (if released) and an activation are needed again.
      s.cycle = null;
      s.cycleAnchor = null;
      await transition('reactivated', 'pending', by, { status_reason: null, cancelled_at: null });
      return;
    }
    if (!s.cycleAnchor) s.cycleAnchor = now();
    await startCycle(currentCycleIndex(), by, 'reactivated', 'active', { status_reason: null, cancelled_at: null });
  });

  onAction(cancelUpdate, 'cancel', reasonRequired, async ({ reason }, by) => {
    s.cancelledAt = now();
    s.releaseNumberAt = s.phoneNumberSid ? new Date(Date.now() + durations.cancelGraceMs).toISOString() : null;
    await db.closeUsagePeriods({ tenantId, at: new Date(Date.now() + 1).toISOString() });
    await transition('cancelled', 'cancelled', by, { cancelled_at: s.cancelledAt, status_reason: reason }, reason);
  });

  onAction(deleteUpdate, 'delete', none, async (_args, by) => {
    if (s.phoneNumberSid) await twilio.releaseNumber({ sid: s.phoneNumberSid });
    s.phoneNumber = null;
    s.phoneNumberSid = null;
    await db.closeUsagePeriods({ tenantId, at: new Date(Date.now() + 1).toISOString() });
    await transition('deleted', 'deleted', by, { deleted_at: now(), phone_number: null, phone_number_sid: null });
    deleted = true;
  });

  // --- timers ---------------------------------------------------------------------------

  async function fire(kind: TimerKind): Promise<boolean> {
    switch (kind) {
      case 'trialReminder': {
        const figures = await db.trialSummary({ tenantId, since: s.activatedAt! });
        s.trialReminderSent = true;
        await email('trial_ending', s.trialEndsAt!, { figures });
        return false;
      }
      case 'trialEnd':
        await db.closeUsagePeriods({ tenantId, at: s.trialEndsAt! });
        if (s.billingConfirmed) {
          s.cycleAnchor = s.trialEndsAt;
          await startCycle(0, 'system', 'trial_converted', 'active');
        } else {
          await transition('trial_expired', 'suspended', 'system', { status_reason: 'the trial ended without billing confirmed' });
          await email('trial_ended_suspended', s.trialEndsAt!);
        }
        return false;
      case 'cycleEnd':
        await startCycle(currentCycleIndex(), 'system', 'cycle_started', s.status);
        return true; // a new cycle, a new run: the history restarts small
      case 'releaseNumber':
        await twilio.releaseNumber({ sid: s.phoneNumberSid! });
        s.phoneNumber = null;
        s.phoneNumberSid = null;
        s.releaseNumberAt = null;
        await transition('number_released', s.status, 'system', { phone_number: null, phone_number_sid: null }, 'grace period after cancellation ended');
        return false;
    }
  }

  // --- the life -------------------------------------------------------------------------

  if (input.registration) {
    try {
      registered = await db.createTenant(input.registration);
    } catch (error) {
      registrationFailure =
        error instanceof ActivityFailure && error.cause instanceof ApplicationFailure
          ? error.cause
          : ApplicationFailure.nonRetryable(failureMessage(error), 'RegistrationFailed');
      await condition(allHandlersFinished);
      return view(); // no tenant was created: this workflow ends with nothing to look after
    }
    await email('tenant_signup', 'signup', { audience: 'operators' });
    await email('welcome', 'welcome');
  }

  // After a timer's step failed for good, not before this instant (workflow time).
  let retryStepAt = 0;
  for (;;) {
    if (deleted) break;
    const timer = nextTimer();
    const seen = changes;
    const changed = await condition(
      () => changes !== seen || deleted,
      timer ? Math.max(1, Math.max(Date.parse(timer.at), retryStepAt) - Date.now()) : undefined,
    );
    let rolledOver = false;
    if (!changed && timer) {
      try {
        rolledOver = await exclusive(async () => {
          const due = nextTimer(); // an update may have moved it while the timer ran out
          return due && due.kind === timer.kind && Date.parse(due.at) <= Date.now() ? fire(due.kind) : false;
        });
        retryStepAt = 0;
      } catch (error) {
        // Each step is idempotent (keyed writes, keyed emails), so trying it again later is safe;
        // failing the workflow instead would leave the tenant with no lifecycle at all.
        if (!(error instanceof ActivityFailure || error instanceof ChildWorkflowFailure)) throw error;
        retryStepAt = Date.now() + (durations.stepRetryMs ?? DEFAULT_STEP_RETRY_MS);
      }
    }
    if (rolledOver || workflowInfo().continueAsNewSuggested) {
      await condition(() => allHandlersFinished() && serial.idle);
      await continueAsNew<typeof tenantLifecycle>({ tenantId, durations, carried: s });
    }
  }
  await condition(allHandlersFinished);
  return view();
}

function initialState(input: TenantLifecycleInput): CarriedState {
  const plan = input.registration?.plan_tier ?? 'starter';
  return {
    tenantId: input.tenantId,
    status: 'pending',
    plan,
    billingPlan: plan,
    billingConfirmed: false,
    phoneNumber: null,
    phoneNumberSid: null,
    trialEndsAt: null,
    trialReminderSent: false,
    activatedAt: null,
    cycleAnchor: null,
    cycle: null,
    cancelledAt: null,
    releaseNumberAt: null,
    transitions: [],
    seq: 0,
  };
}

/** Workflow time (deterministic), as ISO text. */
function now(): string {
  return new Date().toISOString();
}

/** The innermost message of a failure chain (activity or child failure → its cause). */
function failureMessage(error: unknown): string {
  let current: unknown = error;
  while ((current instanceof ActivityFailure || current instanceof ChildWorkflowFailure) && current.cause) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
