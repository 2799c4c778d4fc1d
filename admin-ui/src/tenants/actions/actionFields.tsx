import { Alert, Box, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link, maxLength, NumberInput, regex, required, SelectInput, TextInput, useTranslate, type Validator } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { cycleAt } from '../../../../domain/billing-cycle';
import type { TenantStateAnswer } from '../../../../workflows/tenant-messages';
import { ACTION_ARGUMENTS, PLANS, type LifecycleAction, type PlanTier } from '../../catalogue';
import type { ActionBodies } from '../../dataProvider';
import { formatCents, formatCount, formatDateTime, formatPhone } from '../../format';
import { CheckboxInput } from '../../inputs/CheckboxInput';
import { planChoices } from '../choices';
import { provisionPath } from '../provision/provisionPath';
import { useOpenUsage } from '../subscription/useOpenUsage';
import type { TenantRecord } from '../tenantRecord';

/** What a dialog knows when it says what an action will do: the tenant, and its workflow's state. */
export interface ActionContext {
  tenant: TenantRecord;
  state: TenantStateAnswer | undefined;
}

export interface ActionForm<A extends LifecycleAction> {
  /** What the action will do, and the inputs it asks for. */
  fields?: (context: ActionContext) => ReactNode;
  defaults?: Partial<ActionBodies[A]>;
  /** Actions that end service are shown in red, apart from the others. */
  destructive?: boolean;
}

const DAY_MS = 86_400_000;
const TRIAL_DAYS = ACTION_ARGUMENTS.trialDays;

/** A configured length in words: "14 days", "36 hours", "6 seconds". */
function useSpan() {
  const translate = useTranslate();
  return (ms: number) => {
    for (const [unit, size] of [['days', DAY_MS], ['hours', 3_600_000], ['minutes', 60_000]] as const) {
      if (ms >= size && ms % size === 0) return translate(`kestrel.actions.span.${unit}`, { smart_count: ms / size });
    }
    return translate('kestrel.actions.span.seconds', { smart_count: Math.round(ms / 1000) });
  };
}

/** One statement of what will happen, with a label a test (or a person) can find it by. */
function Fact({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <Typography variant="body2" data-testid={testId}>
      {children}
    </Typography>
  );
}

/** "Premium — $2,497 / month, 5,000 calls / month" */
function usePlanTerms() {
  const translate = useTranslate();
  return (tier: string) => {
    const plan = PLANS[tier as PlanTier];
    const name = translate(`kestrel.plans.${tier}`, { _: tier });
    if (!plan) return name;
    const price = plan.priceCents === null ? translate('kestrel.signup.plan_custom_price') : translate('kestrel.signup.plan_price', { price: formatCents(plan.priceCents) });
    const calls = plan.callsPerMonth === null ? translate('kestrel.actions.changePlan.custom_calls') : translate('kestrel.signup.plan_calls', { calls: formatCount(plan.callsPerMonth) });
    return `${name} — ${price}, ${calls}`;
  };
}

/** The dialog buys in an area code at once; the provision page shows the numbers on offer first. */
function ProvisionPageLink({ tenantId }: { tenantId: string }) {
  const translate = useTranslate();
  return (
    <Link to={provisionPath(tenantId)} data-testid="provision-page-link">
      {translate('kestrel.provision.dialog_link')}
    </Link>
  );
}

function ActivateFields({ tenant, state }: ActionContext) {
  const translate = useTranslate();
  const span = useSpan();
  const skipTrial = useWatch({ name: 'skipTrial' }) as boolean | undefined;
  const now = Date.now();
  const plan = PLANS[tenant.plan_tier as PlanTier];
  const price = plan?.priceCents == null ? translate('kestrel.signup.plan_custom_price') : translate('kestrel.signup.plan_price', { price: formatCents(plan.priceCents) });
  return (
    <>
      {tenant.phone_number && <Fact>{translate('kestrel.actions.activate.answers', { number: formatPhone(tenant.phone_number) })}</Fact>}
      {state &&
        (skipTrial ? (
          <Fact testId="activate-outcome">
            {translate('kestrel.actions.activate.billing_now', {
              plan: translate(`kestrel.plans.${tenant.plan_tier}`, { _: tenant.plan_tier }),
              price,
              end: formatDateTime(cycleAt(new Date(now), 0, state.durations.cycle).end),
            })}
          </Fact>
        ) : (
          <Fact testId="activate-outcome">
            {translate('kestrel.actions.activate.trial', { length: span(state.durations.trialMs), end: formatDateTime(new Date(now + state.durations.trialMs).toISOString()) })}
          </Fact>
        ))}
      <CheckboxInput source="skipTrial" label="kestrel.actions.fields.skipTrial" />
    </>
  );
}

/** The workflow bills the new price from the next cycle, or from the first bill when billing has not started. */
function whenPriceChanges(state: TenantStateAnswer | undefined): [string, Record<string, string>?] {
  if (state?.nextTimer?.kind === 'cycleEnd') return ['kestrel.actions.changePlan.when_billed', { next: formatDateTime(state.nextTimer.at) }];
  // Billed before, paused now (suspended): the next cycle starts when the tenant is reactivated.
  if (state?.cycle) return ['kestrel.actions.changePlan.when_paused'];
  return ['kestrel.actions.changePlan.when_not_billed'];
}

function ChangePlanFields({ tenant, state }: ActionContext) {
  const translate = useTranslate();
  const terms = usePlanTerms();
  const tier = useWatch({ name: 'tier' }) as string | undefined;
  const { usage } = useOpenUsage(tenant.id);
  const plan = tier ? PLANS[tier as PlanTier] : undefined;
  const limit = plan?.callsPerMonth ?? null;
  const over = usage != null && limit !== null && usage.used >= limit;
  return (
    <>
      <Fact testId="current-plan">{translate('kestrel.actions.changePlan.current', { plan: terms(tenant.plan_tier) })}</Fact>
      <SelectInput
        source="tier"
        label="kestrel.actions.fields.tier"
        choices={planChoices.filter((c) => c.id !== tenant.plan_tier)}
        validate={required()}
        fullWidth
      />
      {plan && (
        <Box data-testid="new-plan">
          <Fact>{translate('kestrel.actions.changePlan.new', { plan: terms(plan.tier) })}</Fact>
          <Fact>{translate(...whenPriceChanges(state))}</Fact>
        </Box>
      )}
      {over && (
        <Alert severity="warning" data-testid="over-new-limit">
          {translate('kestrel.actions.changePlan.over_limit', {
            used: formatCount(usage.used),
            limit: formatCount(limit),
            plan: translate(`kestrel.plans.${plan!.tier}`),
          })}
        </Alert>
      )}
    </>
  );
}

/** Whole days within the range the workflow accepts, said under the field (not in the browser's bubble). */
const trialDays: Validator = (value: unknown) => {
  const days = typeof value === 'number' ? value : Number(value);
  if (value === '' || value == null) return undefined; // required() says so
  return Number.isInteger(days) && days >= TRIAL_DAYS.min && days <= TRIAL_DAYS.max ? undefined : { message: 'kestrel.actions.fields.days_range', args: TRIAL_DAYS };
};

function ExtendTrialFields({ tenant, state }: ActionContext) {
  const translate = useTranslate();
  const days = useWatch({ name: 'days' }) as number | null | undefined;
  const currentEnd = state?.trialEndsAt ?? tenant.trial_ends_at;
  const valid = typeof days === 'number' && Number.isInteger(days) && days >= TRIAL_DAYS.min && days <= TRIAL_DAYS.max;
  return (
    <>
      {currentEnd && <Fact testId="trial-ends-now">{translate('kestrel.actions.extendTrial.ends_now', { end: formatDateTime(currentEnd) })}</Fact>}
      <NumberInput
        source="days"
        label="kestrel.actions.fields.days"
        validate={[required(), trialDays]}
        helperText={translate('kestrel.actions.fields.days_help', TRIAL_DAYS)}
        autoFocus
      />
      {currentEnd && (
        <Fact testId="trial-ends-new">
          {valid
            ? translate('kestrel.actions.extendTrial.ends_new', { end: formatDateTime(new Date(Date.parse(currentEnd) + days * DAY_MS).toISOString()) })
            : translate('kestrel.actions.extendTrial.ends_new_unknown', TRIAL_DAYS)}
        </Fact>
      )}
    </>
  );
}

/** What the first bill is, and what becomes of a tenant without a card to charge. */
function EndTrialFields({ tenant, state }: ActionContext) {
  const translate = useTranslate();
  const plan = PLANS[tenant.plan_tier as PlanTier];
  const cents = tenant.custom_price_cents ?? plan?.priceCents ?? null;
  const cardOnFile = state?.billing?.cardOnFile;
  return (
    <>
      {cents !== null && (
        <Fact testId="end-trial-bill">
          {translate('kestrel.actions.endTrial.bill', { plan: translate(`kestrel.plans.${tenant.plan_tier}`, { _: tenant.plan_tier }), price: formatCents(cents) })}
        </Fact>
      )}
      {cardOnFile !== undefined && <Fact testId="end-trial-card">{translate(cardOnFile ? 'kestrel.actions.endTrial.card' : 'kestrel.actions.endTrial.no_card')}</Fact>}
    </>
  );
}

/** Where the tenant's callers go while it is out of service: its own line, or a goodbye when it has none. */
function CallersGo({ tenant, action }: { tenant: TenantRecord; action: 'suspend' | 'cancel' }) {
  const translate = useTranslate();
  const number = tenant.phone_number ? formatPhone(tenant.phone_number) : translate('kestrel.actions.callers.the_number');
  return (
    <Fact testId="callers-go">
      {tenant.forward_to_number
        ? translate(`kestrel.actions.${action}.callers_forwarded`, { number, forward: formatPhone(tenant.forward_to_number) })
        : translate(`kestrel.actions.${action}.callers_turned_away`, { number })}
    </Fact>
  );
}

function SuspendFields({ tenant }: ActionContext) {
  const translate = useTranslate();
  return (
    <>
      <CallersGo tenant={tenant} action="suspend" />
      <Fact>{translate('kestrel.actions.suspend.billing')}</Fact>
      {reason}
    </>
  );
}

function CancelFields({ tenant, state }: ActionContext) {
  const translate = useTranslate();
  const span = useSpan();
  const grace = state?.durations.cancelGraceMs;
  return (
    <>
      <Fact>{translate('kestrel.actions.cancel.billing')}</Fact>
      {tenant.phone_number && <CallersGo tenant={tenant} action="cancel" />}
      {tenant.phone_number && grace !== undefined && (
        <Fact testId="number-released">
          {translate('kestrel.actions.cancel.release', {
            number: formatPhone(tenant.phone_number),
            length: span(grace),
            end: formatDateTime(new Date(Date.now() + grace).toISOString()),
          })}
        </Fact>
      )}
      <Fact>{translate('kestrel.actions.cancel.reactivate')}</Fact>
      {reason}
    </>
  );
}

const reason = (
  <TextInput key="reason" source="reason" label="kestrel.actions.fields.reason" multiline minRows={2} validate={[required(), maxLength(ACTION_ARGUMENTS.reasonMaxLength)]} fullWidth autoFocus />
);

/**
 * What each lifecycle action tells the operator and asks before it runs. The same rules
 * are checked again by the API (zod) and by the workflow (its update validator).
 */
export const ACTION_FORMS: { [A in LifecycleAction]: ActionForm<A> } = {
  provisionNumber: {
    fields: ({ tenant }) => (
      <>
        <TextInput
          source="areaCode"
          label="kestrel.actions.fields.areaCode"
          helperText="kestrel.actions.fields.areaCode_help"
          validate={[required(), regex(ACTION_ARGUMENTS.areaCode, 'kestrel.actions.fields.areaCode_invalid')]}
          autoFocus
        />
        <ProvisionPageLink tenantId={tenant.id} />
      </>
    ),
  },
  activate: { fields: (context) => <ActivateFields {...context} />, defaults: { skipTrial: false } },
  confirmBilling: {},
  changePlan: { fields: (context) => <ChangePlanFields {...context} /> },
  extendTrial: { fields: (context) => <ExtendTrialFields {...context} />, defaults: { days: 7 } },
  endTrial: { fields: (context) => <EndTrialFields {...context} /> },
  suspend: { fields: (context) => <SuspendFields {...context} />, destructive: true },
  reactivate: {},
  cancel: { fields: (context) => <CancelFields {...context} />, destructive: true },
  delete: { destructive: true },
};

/** The dialog's statements and inputs, one under the other. */
export function ActionFields({ action, context }: { action: LifecycleAction; context: ActionContext }) {
  const fields = ACTION_FORMS[action].fields;
  return fields ? <Stack spacing={1.5}>{fields(context)}</Stack> : null;
}
