import type { UpdateDefinition } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  ChildWorkflowFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  executeChild,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { EmailRequest } from '../activities/email/send';
import type { Registration, TenantPatch } from '../activities/tenants';
import type { ChargeOutcome } from '../activities/billing/invoices';
import { planChangeDirection, pricedPlan } from '../domain/billing';
import { cycleAt, type Cycle } from '../domain/billing-cycle';
import { allowedActions, argumentRefusal, refusal, refusedActions, type LifecycleAction, type LifecycleFacts } from '../domain/lifecycle';
import { callLimit, isNegotiated, isPlanTier, PLANS, type PlanTier } from '../domain/plans';
import type { TenantStatus } from '../domain/tenant-status';
import type { LifecycleDurations } from '../lib/config';
import { provisionNumberWorkflow } from './provision-number';
import { OneAtATime } from './one-at-a-time';
import { startEmail } from './send-email';
import {
  activateUpdate,
  billingEventSignal,
  cancelUpdate,
  changePlanUpdate,
  confirmBillingUpdate,
  deleteUpdate,
  endTrialUpdate,
  extendTrialUpdate,
  provisionNumberUpdate,
  reactivateUpdate,
  registrationUpdate,
  stateQuery,
  suspendUpdate,
  tenantWorkflowId,
  type Actor,
  type BillingView,
  type Dunning,
  type RegisteredTenant,
  type TenantState,
  type TimerKind,
} from './tenant-messages';

// Outages are retried for about half an hour (the database) or an hour (Twilio). Past
// that an operator's action fails with the reason, and a step due on a timer is tried
// again after LIFECYCLE_STEP_RETRY; meanwhile the dashboard lists the step as stuck.
const DB_OPTIONS = {
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 30 },
} as const;
const db = proxyActivities<Activities>(DB_OPTIONS);
// The tenant's row, which the sign-up's answer waits for: run inside the workflow's first
// task, so it never queues behind other tenants' e-mails and billing steps on the activity
// queue (a burst of sign-ups once made a sign-up wait past its answer budget that way).
const registering = proxyLocalActivities<Activities>(DB_OPTIONS);
const twilio = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 16 },
});

// Stripe unreachable is retried for about a quarter of an hour, each try with the same
// idempotency keys (a retried charge is the same charge); then the step is tried again
// later like any other. A card's decline is an answer, not a failure.
const stripe = proxyActivities<Activities>({
  // Above the SDK's own 20 s request timeout; a worker that died mid-request is noticed after this.
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '2m', maximumAttempts: 12 },
});

/** Before LIFECYCLE_STEP_RETRY was configurable. */
const DEFAULT_STEP_RETRY_MS = 5 * 60_000;
/** Before BILLING_GRACE and BILLING_REMINDERS were set: their defaults. */
const DEFAULT_GRACE_MS = 7 * 86_400_000;
const DEFAULT_REMINDERS_MS = [1, 3, 6].map((days) => days * 86_400_000);
/** Stripe events remembered as handled: redeliveries come within days, and the webhook files every event too. */
const SEEN_EVENTS = 100;

export interface TenantLifecycleInput {
  tenantId: string;
  durations: LifecycleDurations;
  /** First run only: the onboarding data the tenant is created from. */
  registration?: Registration;
  /** After continueAsNew: the state carried over. */
  carried?: CarriedState;
}

/** Everything the workflow remembers (and carries across continueAsNew); the query's view adds what is derived. */
type CarriedState = Omit<TenantState, 'provisioning' | 'nextTimer' | 'allowedActions' | 'billing'> & {
  /** Billing cycles are counted from this instant. */
  cycleAnchor: string | null;
  /** The last transition's sequence number: unique per tenant, for idempotent audit entries. */
  seq: number;
  /** Billing on Stripe (absent in runs that began before it). */
  stripe?: StripeBilling;
};

interface StripeBilling extends BillingView {
  /** Charge rounds so far: each round's Stripe idempotency keys carry its number. */
  attempts: number;
  /** The latest Stripe events acted on: a redelivery changes nothing. */
  seenEvents: string[];
}

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
  // Billing on Stripe: every run from its release on (a run already under way keeps the old rules until its next cycle).
  if (patched('stripe-billing')) {
    s.stripe ??= { attempts: 0, seenEvents: [], cardOnFile: false, dunning: null, suspendedForPayment: false, scheduledPlan: null };
  }
  const billing = s.stripe;
  const graceMs = durations.billingGraceMs ?? DEFAULT_GRACE_MS;
  const remindersMs = durations.billingRemindersMs ?? DEFAULT_REMINDERS_MS;
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
    ...(billing ? { billingInOrder: s.billingConfirmed || (billing.cardOnFile && !billing.dunning) } : {}),
  });
  const view = (): TenantState => {
    const { cycleAnchor: _anchor, seq: _seq, stripe: _stripe, ...carried } = s;
    return {
      ...carried,
      provisioning,
      nextTimer: nextTimer(),
      allowedActions: deleted ? [] : allowedActions(facts()),
      ...(billing
        ? { billing: { cardOnFile: billing.cardOnFile, dunning: billing.dunning, suspendedForPayment: billing.suspendedForPayment, scheduledPlan: billing.scheduledPlan } }
        : {}),
    };
  };

  function nextTimer(): { kind: TimerKind; at: string } | null {
    if (s.status === 'trial' && s.trialEndsAt) {
      const reminderAt = new Date(Date.parse(s.trialEndsAt) - durations.trialReminderBeforeMs).toISOString();
      return !s.trialReminderSent && reminderAt < s.trialEndsAt
        ? { kind: 'trialReminder', at: reminderAt }
        : { kind: 'trialEnd', at: s.trialEndsAt };
    }
    if (s.status === 'past_due' && billing?.dunning) {
      const dunning = dunningTimer(billing.dunning);
      return s.cycle && s.cycle.end < dunning.at ? { kind: 'cycleEnd', at: s.cycle.end } : dunning;
    }
    if ((s.status === 'active' || s.status === 'past_due') && s.cycle) return { kind: 'cycleEnd', at: s.cycle.end };
    if (s.status === 'cancelled' && s.phoneNumberSid && s.releaseNumberAt) return { kind: 'releaseNumber', at: s.releaseNumberAt };
    return null;
  }

  /** The next reminder (with another charge), or the end of grace once the reminders are spent. */
  function dunningTimer(d: Dunning): { kind: TimerKind; at: string } {
    const offset = remindersMs[d.remindersSent];
    const reminderAt = offset === undefined ? undefined : new Date(Date.parse(d.since) + offset).toISOString();
    return reminderAt && reminderAt < d.graceEndsAt ? { kind: 'paymentReminder', at: reminderAt } : { kind: 'graceEnd', at: d.graceEndsAt };
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
    if (billing) {
      await startBilledCycle(index, by, action, status, patch);
      return;
    }
    const cycle = await openCycle(index);
    await transition(action, status, by, { ...patch, ...cyclePatch(cycle) });
  }

  /** Opens the cycle's usage period (a downgrade waiting for it takes effect first). */
  async function openCycle(index: number): Promise<Cycle> {
    const cycle = cycleAt(new Date(s.cycleAnchor!), index, durations.cycle);
    if (billing?.scheduledPlan) {
      s.plan = billing.scheduledPlan;
      billing.scheduledPlan = null;
    }
    await db.closeUsagePeriods({ tenantId, at: cycle.start });
    await db.openUsagePeriod({ tenantId, start: cycle.start, end: cycle.end, planTier: s.plan, callsIncluded: callLimit(s.plan) });
    s.cycle = cycle;
    s.billingPlan = s.plan;
    return cycle;
  }

  function cyclePatch(cycle: Cycle): TenantPatch {
    return {
      current_period_start: cycle.start,
      current_period_end: cycle.end,
      billing_plan_tier: s.plan,
      ...(billing ? { plan_tier: s.plan, scheduled_plan_tier: null } : {}),
    };
  }

  // --- billing ----------------------------------------------------------------------------

  /**
   * A new cycle billed in advance: the plan's price for it and the calls beyond the limit
   * of the cycle before, charged to the card on file. Paid, or billed by transfer (billing
   * confirmed, no card): the tenant is `status`. Otherwise it is past due.
   */
  async function startBilledCycle(index: number, by: string, action: string, status: TenantStatus, patch: TenantPatch): Promise<void> {
    const previous = s.cycle;
    const cycle = await openCycle(index);
    await stripe.billPeriod({ tenantId, cycle, plan: s.billingPlan, previousStart: previous && previous.start < cycle.start ? previous.start : null });
    const outcome = await charge();
    if (paidOrByTransfer(outcome)) {
      await transition(action, status === 'past_due' && !billing!.dunning ? 'active' : status, by, { ...patch, ...cyclePatch(cycle) });
      if (billing!.dunning && outcome.settled) await paymentReceived(by);
      return;
    }
    await paymentFailed(outcome, by, { action, patch: { ...patch, ...cyclePatch(cycle) } });
  }

  async function charge(): Promise<ChargeOutcome> {
    billing!.attempts++;
    const outcome = await stripe.chargeOpenInvoices({ tenantId, attempt: billing!.attempts });
    billing!.cardOnFile = outcome.cardOnFile;
    return outcome;
  }

  /** An operator vouches for payment by transfer: invoices stay open for it when there is no card to charge. */
  const paidOrByTransfer = (outcome: ChargeOutcome) => outcome.settled || (s.billingConfirmed && !outcome.cardOnFile);

  /**
   * A charge failed: past due (once per episode, the grace counted from the first failure),
   * the owner told why, reminders and the end of grace on timers. `as` is the transition
   * the failure happened in (a new cycle, a trial's end), recorded as one.
   */
  async function paymentFailed(outcome: ChargeOutcome, by: string, as: { action: string; patch: TenantPatch } = { action: 'payment_failed', patch: {} }): Promise<void> {
    const reason = outcome.reason ?? 'The payment did not go through.';
    if (billing!.dunning) {
      billing!.dunning = { ...billing!.dunning, reason };
      await transition(as.action, s.status, by, { ...as.patch, payment_failure: reason }, reason);
      return;
    }
    const since = now();
    const dunning: Dunning = { since, graceEndsAt: new Date(Date.parse(since) + graceMs).toISOString(), remindersSent: 0, reason };
    billing!.dunning = dunning;
    await transition(as.action, 'past_due', by, { ...as.patch, past_due_since: since, grace_ends_at: dunning.graceEndsAt, payment_failure: reason }, reason);
    await email('payment_failed', `${since}:0`, { billing: { reminder: 0, of: reminderCount() } });
  }

  function reminderCount(): number {
    const d = billing!.dunning!;
    return remindersMs.filter((offset) => Date.parse(d.since) + offset < Date.parse(d.graceEndsAt)).length;
  }

  /** Nothing is owed any more: active again (from past due, or from a suspension for non-payment), the reminders cancelled. */
  async function paymentReceived(by: string): Promise<void> {
    const wasSuspended = s.status === 'suspended' && billing!.suspendedForPayment;
    billing!.dunning = null;
    billing!.suspendedForPayment = false;
    const clear: TenantPatch = { past_due_since: null, grace_ends_at: null, payment_failure: null };
    if (s.status === 'past_due' || wasSuspended) {
      await transition('payment_received', 'active', by, { ...clear, ...(wasSuspended ? { status_reason: null } : {}) });
    } else {
      await db.recordTransition({ tenantId, key: `${tenantWorkflowId(tenantId)}:${s.seq}:settled`, action: 'payment_received', from: s.status, to: s.status, by, patch: clear });
    }
  }

  /** Charges what is open again; paid: the tenant is back in good standing. */
  async function chargeAgain(by: string): Promise<boolean> {
    const outcome = await charge();
    if (outcome.settled) {
      await paymentReceived(by);
      return true;
    }
    if (billing!.dunning && outcome.reason) billing!.dunning = { ...billing!.dunning, reason: outcome.reason };
    return false;
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

  // The company pays outside Stripe (a bank transfer): what is open is marked paid, and later bills wait for transfers when there is no card.
  onAction(confirmBillingUpdate, 'confirmBilling', none, async (_args, by) => {
    s.billingConfirmed = true;
    const confirmed: TenantPatch = { billing_confirmed_at: now() };
    if (billing) await stripe.settleInvoicesOutOfBand({ tenantId, by });
    if (billing && (billing.dunning || billing.suspendedForPayment)) {
      // What was overdue is settled: the dunning ends with the confirmation.
      const wasSuspended = s.status === 'suspended' && billing.suspendedForPayment;
      billing.dunning = null;
      billing.suspendedForPayment = false;
      await transition('billing_confirmed', s.status === 'past_due' || wasSuspended ? 'active' : s.status, by, {
        ...confirmed,
        past_due_since: null,
        grace_ends_at: null,
        payment_failure: null,
        ...(wasSuspended ? { status_reason: null } : {}),
      });
      return;
    }
    await transition('billing_confirmed', s.status === 'past_due' ? 'active' : s.status, by, confirmed);
  });

  onAction(
    changePlanUpdate,
    'changePlan',
    (a) => (!isPlanTier(a.tier ?? '') ? 'tier must be starter, professional, premium or enterprise' : a.tier === s.plan ? `the plan is already ${a.tier}` : undefined),
    async ({ tier }, by) => {
      if (billing && s.cycle && (s.status === 'active' || s.status === 'past_due')) {
        await changeBilledPlan(tier, by);
        return;
      }
      s.plan = tier;
      // The new limit applies now; the new price from the next cycle (or at once, before billing starts).
      if (!s.cycle) s.billingPlan = tier;
      if (billing) billing.scheduledPlan = null;
      await db.updateOpenUsagePeriod({ tenantId, planTier: tier, callsIncluded: callLimit(tier) });
      await transition('plan_changed', s.status, by, { plan_tier: tier, billing_plan_tier: s.billingPlan, ...(billing ? { scheduled_plan_tier: null } : {}) });
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

  /**
   * A billed tenant's plan change. An upgrade applies at once, its limit and its price: the
   * rest of the period is invoiced now at the prorated difference and charged. A downgrade
   * waits for the next period (its limit and its price), having been paid for this one.
   * A negotiated (enterprise) plan has no catalogue price to prorate: it applies at once.
   */
  async function changeBilledPlan(tier: PlanTier, by: string): Promise<void> {
    const from = pricedPlan(s.billingPlan);
    const to = pricedPlan(tier);
    const negotiated = isNegotiated(tier) || isNegotiated(s.billingPlan);
    if (!negotiated && planChangeDirection(from, to) === 'downgrade') {
      billing!.scheduledPlan = tier;
      await transition('plan_change_scheduled', s.status, by, { scheduled_plan_tier: tier }, `${PLANS[tier].name} from ${s.cycle!.end}`);
      return;
    }
    const previous = s.billingPlan;
    s.plan = tier;
    s.billingPlan = tier;
    billing!.scheduledPlan = null;
    await db.updateOpenUsagePeriod({ tenantId, planTier: tier, callsIncluded: callLimit(tier) });
    await transition('plan_changed', s.status, by, { plan_tier: tier, billing_plan_tier: tier, scheduled_plan_tier: null });
    if (negotiated) return;
    await stripe.billUpgrade({ tenantId, changeKey: String(s.seq), from: previous, to: tier, cycle: s.cycle!, at: now() });
    const outcome = await charge();
    if (!paidOrByTransfer(outcome)) await paymentFailed(outcome, by);
  }

  onAction(endTrialUpdate, 'endTrial', none, async (_args, by) => {
    s.trialEndsAt = now();
    s.trialReminderSent = true;
    await endTrial(by);
  });

  const reasonRequired = (a: { reason?: string }) => argumentRefusal.reason(a.reason);

  onAction(suspendUpdate, 'suspend', reasonRequired, async ({ reason }, by) => {
    await transition('suspended', 'suspended', by, { status_reason: reason }, reason);
  });

  onAction(reactivateUpdate, 'reactivate', none, async (_args, by) => {
    s.cancelledAt = null;
    s.releaseNumberAt = null;
    if (billing) billing.suspendedForPayment = false;
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
        await endTrial('system');
        return false;
      case 'cycleEnd':
        await startCycle(currentCycleIndex(), 'system', 'cycle_started', s.status);
        return true; // a new cycle, a new run: the history restarts small
      case 'paymentReminder': {
        const dunning = billing!.dunning!;
        if (await chargeAgain('system')) return false;
        const reminder = dunning.remindersSent + 1;
        billing!.dunning = { ...billing!.dunning!, remindersSent: reminder };
        await transition('payment_reminder_sent', s.status, 'system', { payment_failure: billing!.dunning.reason }, `reminder ${reminder} of ${reminderCount()}: ${billing!.dunning.reason}`);
        await email('payment_reminder', `${dunning.since}:${reminder}`, { billing: { reminder, of: reminderCount() } });
        return false;
      }
      case 'graceEnd': {
        if (await chargeAgain('system')) return false;
        billing!.suspendedForPayment = true;
        const reason = `payment overdue: ${billing!.dunning!.reason}`;
        await transition('suspended_for_nonpayment', 'suspended', 'system', { status_reason: reason }, reason);
        await email('billing_suspended', billing!.dunning!.since);
        return false;
      }
      case 'releaseNumber':
        await twilio.releaseNumber({ sid: s.phoneNumberSid! });
        s.phoneNumber = null;
        s.phoneNumberSid = null;
        s.releaseNumberAt = null;
        await transition('number_released', s.status, 'system', { phone_number: null, phone_number_sid: null }, 'grace period after cancellation ended');
        return false;
    }
  }

  /** The trial is over (its time ran out, or an operator ended it): billed on Stripe, or by an operator's confirmation before it. */
  async function endTrial(by: string): Promise<void> {
    await db.closeUsagePeriods({ tenantId, at: s.trialEndsAt! });
    if (billing || s.billingConfirmed) {
      s.cycleAnchor = s.trialEndsAt;
      await startCycle(0, by, 'trial_converted', 'active');
    } else {
      await transition('trial_expired', 'suspended', by, { status_reason: 'the trial ended without billing confirmed' });
      await email('trial_ended_suspended', s.trialEndsAt!);
    }
  }

  // A Stripe event about this tenant: Kestrel's records are brought up to Stripe's word, then the standing decides.
  setHandler(billingEventSignal, (event) => {
    if (!billing || deleted || billing.seenEvents.includes(event.eventId)) return;
    billing.seenEvents = [...billing.seenEvents, event.eventId].slice(-SEEN_EVENTS);
    void exclusive(async () => {
      const standing = await stripe.applyStripeEvent({ tenantId, type: event.type, objectId: event.objectId });
      billing.cardOnFile = standing.cardOnFile;
      const owing = billing.dunning !== null || billing.suspendedForPayment;
      if (!owing) return;
      if (standing.openInvoices === 0) await paymentReceived('stripe');
      // A new card while a payment is overdue: charge it now rather than at the next reminder.
      else if (event.type === 'checkout.session.completed' && standing.cardOnFile) await chargeAgain('stripe');
    }).catch((error: unknown) => {
      if (!(error instanceof ActivityFailure)) throw error;
      // Stripe or the database out of reach past the retries: forgotten as handled, so that a
      // redelivery of the event is taken; meanwhile each charge reads the invoices afresh.
      billing.seenEvents = billing.seenEvents.filter((id) => id !== event.eventId);
    });
  });

  // --- the life -------------------------------------------------------------------------

  if (input.registration) {
    try {
      registered = patched('registration-local-activity') ? await registering.createTenant(input.registration) : await db.createTenant(input.registration);
    } catch (error) {
      // An ordinary activity's failure comes wrapped in an ActivityFailure, a local activity's as itself.
      const cause = error instanceof ActivityFailure ? error.cause : error;
      registrationFailure = cause instanceof ApplicationFailure ? cause : ApplicationFailure.nonRetryable(failureMessage(error), 'RegistrationFailed');
      await condition(allHandlersFinished);
      return view(); // no tenant was created: this workflow ends with nothing to look after
    }
    await email('tenant_signup', 'signup', { audience: 'operators' });
    await email('welcome', 'welcome');
    if (billing) {
      try {
        await stripe.ensureBillingCustomer({ tenantId });
      } catch (error) {
        // Stripe out of reach for a while: the customer is made when the first card or bill needs it.
        if (!(error instanceof ActivityFailure)) throw error;
      }
    }
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
