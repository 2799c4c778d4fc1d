import { Alert, Card, CardContent, CardHeader, Stack, Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import { formatCount, formatMoney } from '../../format';
import type { BillingView, PlanOffer } from '../../tenants/billing/billingRecord';
import { useBillingDates } from '../../tenants/billing/billingFormat';
import { StatusChip } from '../../tenants/StatusChip';

/** "$997.00 a month · 500 calls included · $2.00 a call beyond": what a plan costs this company. */
export function usePlanTerms() {
  const translate = useTranslate();
  return (plan: PlanOffer, currency: string) =>
    [
      translate('kestrel.billing.price_a_month', { price: formatMoney(plan.price_cents, currency) }),
      plan.calls_included === null ? translate('kestrel.billing.no_call_limit') : translate('kestrel.billing.calls_included_count', { calls: formatCount(plan.calls_included) }),
      plan.calls_included !== null && plan.overage_cents > 0 ? translate('kestrel.billing.overage_each', { price: formatMoney(plan.overage_cents, currency) }) : null,
    ]
      .filter(Boolean)
      .join(' · ');
}

/** The plan and its price, a change of plan waiting for the next period, and the next bill. */
export function PlanCard({ billing }: { billing: BillingView }) {
  const translate = useTranslate();
  const dates = useBillingDates();
  const terms = usePlanTerms();
  const { plan, next_bill: nextBill, scheduled_plan: scheduled } = billing;
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="billing-plan-card">
      <CardHeader title={translate('kestrel.portal.plan')} action={<StatusChip status={billing.status} />} />
      <CardContent sx={{ pt: 0 }}>
        <Stack spacing={1.5}>
          <div>
            <Typography variant="h5" component="p" data-testid="billing-plan">
              {plan.name}
            </Typography>
            <Typography variant="body2" color="text.secondary" data-testid="billing-plan-terms">
              {terms(plan, plan.currency)}
            </Typography>
          </div>
          {scheduled && (
            <Alert severity="info" data-testid="scheduled-plan">
              {scheduled.applies_at
                ? translate('kestrel.billing.scheduled_plan', { plan: scheduled.name, at: dates.date(scheduled.applies_at) })
                : translate('kestrel.billing.scheduled_plan_next', { plan: scheduled.name })}
            </Alert>
          )}
          <Typography variant="body1" data-testid="next-bill">
            {nextBill
              ? translate('kestrel.billing.next_bill', { amount: formatMoney(nextBill.amount_cents, nextBill.currency), at: dates.date(nextBill.date) })
              : translate('kestrel.billing.no_next_bill')}
          </Typography>
        </Stack>
      </CardContent>
    </Card>
  );
}
