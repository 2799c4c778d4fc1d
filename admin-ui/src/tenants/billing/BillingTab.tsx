import { Alert, AlertTitle, Card, CardContent, CardHeader, Grid, LinearProgress, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { usePermissions, useRecordContext, useTranslate } from 'react-admin';
import type { Permissions } from '../../auth/authProvider';
import { operatorHolds } from '../../auth/session';
import { LoadErrorAlert } from '../../feedback/LoadError';
import { CompanyTimeZoneContext } from '../../fields/companyTimeZone';
import { formatCount, formatMoney } from '../../format';
import { StatusChip } from '../StatusChip';
import type { TenantRecord } from '../tenantRecord';
import { UsageBar } from '../UsageBar';
import type { Dunning, OperatorBillingView } from './billingRecord';
import { useBillingDates } from './billingFormat';
import { EnterpriseTermsForm } from './EnterpriseTermsForm';
import { InvoiceTable } from './InvoiceTable';
import { PaymentAttempts } from './PaymentAttempts';
import { PaymentMethodLine } from './PaymentMethodLine';
import { useTenantBilling } from './tenantBillingApi';
import { UsageHistoryChart } from './UsageHistoryChart';

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const translate = useTranslate();
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={{ xs: 0.25, sm: 2 }} sx={{ alignItems: { sm: 'baseline' }, minHeight: 32 }} data-testid={testId}>
      <Typography variant="body2" color="text.secondary" sx={{ width: { sm: 160 }, flexShrink: 0 }}>
        {translate(label)}
      </Typography>
      <div style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{children}</div>
    </Stack>
  );
}

function Titled({ title, subheader, children, testId }: { title: string; subheader?: string; children: ReactNode; testId?: string }) {
  const translate = useTranslate();
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid={testId}>
      <CardHeader title={translate(title)} subheader={subheader} />
      <CardContent sx={{ pt: 0 }}>{children}</CardContent>
    </Card>
  );
}

/** Where a tenant is in dunning: since when, why, the grace's end, the reminders sent and the next one. */
function DunningState({ dunning }: { dunning: Dunning }) {
  const translate = useTranslate();
  const dates = useBillingDates();
  return (
    <Alert severity={dunning.suspended ? 'error' : 'warning'} data-testid="dunning-state">
      <AlertTitle>
        {translate(dunning.suspended ? 'kestrel.billing.dunning_suspended' : 'kestrel.billing.dunning_grace', {
          since: dates.dateTime(dunning.since),
          smart_count: dunning.grace_days_left,
        })}
      </AlertTitle>
      {dunning.reason && <Typography variant="body2">{dunning.reason}</Typography>}
      {dunning.grace_ends_at && <Typography variant="body2">{translate('kestrel.billing.dunning_grace_ends', { at: dates.dateTime(dunning.grace_ends_at) })}</Typography>}
      <Typography variant="body2" data-testid="reminders-sent">
        {translate('kestrel.billing.dunning_reminders', { smart_count: dunning.reminders_sent })}
        {dunning.next_reminder_at && ` ${translate('kestrel.billing.dunning_next_reminder', { at: dates.dateTime(dunning.next_reminder_at) })}`}
      </Typography>
    </Alert>
  );
}

function Summary({ billing }: { billing: OperatorBillingView }) {
  const translate = useTranslate();
  const dates = useBillingDates();
  const { plan, next_bill: nextBill, scheduled_plan: scheduled } = billing;
  return (
    <Stack spacing={0.5}>
      <Row label="resources.tenants.fields.status">
        <StatusChip status={billing.status} />
      </Row>
      <Row label="kestrel.portal.plan" testId="billing-tab-plan">
        <Typography>
          {plan.name} — {translate('kestrel.billing.price_a_month', { price: formatMoney(plan.price_cents, plan.currency) })}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {[
            plan.calls_included === null ? translate('kestrel.billing.no_call_limit') : translate('kestrel.billing.calls_included_count', { calls: formatCount(plan.calls_included) }),
            plan.overage_cents > 0 ? translate('kestrel.billing.overage_each', { price: formatMoney(plan.overage_cents, plan.currency) }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Typography>
      </Row>
      {scheduled && (
        <Row label="kestrel.billing.scheduled">
          <Typography>
            {scheduled.applies_at
              ? translate('kestrel.billing.scheduled_plan_operator', { plan: scheduled.name, at: dates.date(scheduled.applies_at) })
              : translate('kestrel.billing.scheduled_plan_operator_next', { plan: scheduled.name })}
          </Typography>
        </Row>
      )}
      <Row label="kestrel.billing.next_bill_label" testId="billing-tab-next-bill">
        <Typography>{nextBill ? translate('kestrel.billing.amount_on', { amount: formatMoney(nextBill.amount_cents, nextBill.currency), at: dates.date(nextBill.date) }) : '—'}</Typography>
      </Row>
      <Row label="kestrel.billing.payment_method" testId="billing-tab-card">
        <PaymentMethodLine method={billing.payment_method} />
      </Row>
      <Row label="kestrel.portal.calls_this_period">
        <UsageBar usage={billing.usage} minWidth={200} />
      </Row>
      <Row label="kestrel.billing.stripe_customer">
        <Typography sx={{ fontFamily: 'monospace' }}>{billing.customer_id ?? '—'}</Typography>
      </Row>
    </Stack>
  );
}

/**
 * The tenant's billing as Stripe and the lifecycle hold it: the plan and next bill, the
 * card, where dunning stands, the invoices and every charge tried; super_admins set a
 * contract's own terms here.
 */
export function BillingTab() {
  const record = useRecordContext<TenantRecord>();
  const { permissions } = usePermissions<Permissions>();
  const { data: billing, error, isPending, refetch } = useTenantBilling(record?.id);
  if (!record) return null;
  if (error) return <LoadErrorAlert error={error} retry={() => void refetch()} />;
  if (isPending || !billing) return <LinearProgress sx={{ my: 2 }} />;
  const setsTerms = operatorHolds(permissions, 'billing:terms');
  return (
    // Billing dates are the company's, as its invoices and reminders state them.
    <CompanyTimeZoneContext.Provider value={{ timeZone: record.timezone, isPending: false }}>
      <Grid container spacing={2} sx={{ py: 1 }} data-testid="billing-tab">
        {billing.dunning && (
          <Grid size={12}>
            <DunningState dunning={billing.dunning} />
          </Grid>
        )}
        <Grid size={{ xs: 12, md: 6 }}>
          <Titled title="kestrel.billing.subscription">
            <Summary billing={billing} />
          </Titled>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <UsageHistoryChart history={billing.usage_history} />
        </Grid>
        <Grid size={12}>
          <Titled title="kestrel.billing.invoices" testId="billing-tab-invoices">
            <InvoiceTable invoices={billing.invoices} />
          </Titled>
        </Grid>
        <Grid size={12}>
          <Titled title="kestrel.billing.payment_attempts">
            <PaymentAttempts attempts={billing.payment_attempts} />
          </Titled>
        </Grid>
        {setsTerms && (
          <Grid size={12}>
            <Titled title="kestrel.billing.terms">
              <EnterpriseTermsForm tenantId={record.id} terms={billing.terms} />
            </Titled>
          </Grid>
        )}
      </Grid>
    </CompanyTimeZoneContext.Provider>
  );
}
