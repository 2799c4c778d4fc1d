import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Cycle } from '../domain/billing-cycle';
import type { LifecycleDurations } from '../lib/config';
import type { BillingEventType } from '../domain/billing';
import type { LifecycleAction } from '../domain/lifecycle';
import type { PlanTier } from '../domain/plans';
import type { TenantStatus } from '../domain/tenant-status';

/**
 * The tenant lifecycle workflow's messages, defined once and imported by both the
 * workflow and the API, so no name is ever spelled twice.
 */

/** Who asked for an action, for the audit log (an operator's id, `system`, …). */
export interface Actor {
  by?: string;
}

export interface Transition {
  seq: number;
  at: string;
  action: string;
  from: TenantStatus;
  to: TenantStatus;
  by: string;
  reason?: string;
}

export interface TenantState {
  tenantId: string;
  status: TenantStatus;
  /** The plan whose call limit applies now. */
  plan: PlanTier;
  /** The plan billed this cycle; a plan change is billed from the next cycle. */
  billingPlan: PlanTier;
  billingConfirmed: boolean;
  phoneNumber: string | null;
  phoneNumberSid: string | null;
  provisioning: boolean;
  trialEndsAt: string | null;
  trialReminderSent: boolean;
  activatedAt: string | null;
  cycle: Cycle | null;
  cancelledAt: string | null;
  releaseNumberAt: string | null;
  nextTimer: { kind: TimerKind; at: string } | null;
  allowedActions: LifecycleAction[];
  transitions: Transition[];
  /** Billing on Stripe; absent for a tenant whose workflow run began before it. */
  billing?: BillingView;
}

/** A failed payment being chased: the tenant is past due until it is paid or the grace ends. */
export interface Dunning {
  since: string;
  graceEndsAt: string;
  remindersSent: number;
  /** Why the charge failed, in words. */
  reason: string;
}

export interface BillingView {
  cardOnFile: boolean;
  dunning: Dunning | null;
  /** Suspended because the grace ended unpaid: a payment reactivates the tenant. */
  suspendedForPayment: boolean;
  /** A downgrade waiting for the next period. */
  scheduledPlan: PlanTier | null;
}

/**
 * What the state query answers besides the state: why each action not allowed now is
 * refused (for the console to show beside the action), and the durations this tenant's
 * workflow runs by (so a dialog can say when a trial would end).
 */
export interface TenantStateAnswer extends TenantState {
  refusedActions: Partial<Record<LifecycleAction, string>>;
  durations: LifecycleDurations;
}

export type TimerKind = 'trialReminder' | 'trialEnd' | 'cycleEnd' | 'releaseNumber' | 'paymentReminder' | 'graceEnd';

/** The tenant record as the registration created it. */
export interface RegisteredTenant {
  id: string;
  slug: string;
  status: TenantStatus;
}

export const registrationUpdate = defineUpdate<RegisteredTenant>('registration');
export const provisionNumberUpdate = defineUpdate<TenantState, [{ areaCode: string } & Actor]>('provisionNumber');
export const activateUpdate = defineUpdate<TenantState, [{ skipTrial?: boolean } & Actor]>('activate');
/** An operator's word that the company pays outside Stripe (a bank transfer): its open invoices are marked paid. */
export const confirmBillingUpdate = defineUpdate<TenantState, [Actor]>('confirmBilling');
/** Ends a trial now: the first period is billed at once. */
export const endTrialUpdate = defineUpdate<TenantState, [Actor]>('endTrial');
export const changePlanUpdate = defineUpdate<TenantState, [{ tier: PlanTier } & Actor]>('changePlan');
export const extendTrialUpdate = defineUpdate<TenantState, [{ days: number } & Actor]>('extendTrial');
export const suspendUpdate = defineUpdate<TenantState, [{ reason: string } & Actor]>('suspend');
export const reactivateUpdate = defineUpdate<TenantState, [Actor]>('reactivate');
export const cancelUpdate = defineUpdate<TenantState, [{ reason: string } & Actor]>('cancel');
export const deleteUpdate = defineUpdate<TenantState, [Actor]>('delete');

export const stateQuery = defineQuery<TenantStateAnswer>('state');

/** A Stripe event about the tenant (ids only: the workflow asks Stripe's current word through an activity). */
export interface BillingEvent {
  eventId: string;
  type: BillingEventType;
  objectId: string;
}
export const billingEventSignal = defineSignal<[BillingEvent]>('billingEvent');

export const tenantWorkflowId = (tenantId: string) => `tenant-${tenantId}`;
