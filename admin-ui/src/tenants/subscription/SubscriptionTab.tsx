import { Skeleton, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useRecordContext, useTranslate } from 'react-admin';
import { PLANS, type PlanTier } from '../../catalogue';
import { formatCents, formatDateTime } from '../../format';
import { StatusChip } from '../StatusChip';
import type { TenantRecord } from '../tenantRecord';
import { UsageBar } from '../UsageBar';
import { useOpenUsage } from './useOpenUsage';

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  const translate = useTranslate();
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={{ xs: 0.25, sm: 2 }} sx={{ alignItems: { sm: 'center' }, minHeight: 36 }} data-testid={testId}>
      <Typography variant="body2" color="text.secondary" sx={{ width: { sm: 200 }, flexShrink: 0 }}>
        {translate(label)}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        {children}
      </Stack>
    </Stack>
  );
}

function PlanPrice({ tier, customPriceCents }: { tier: string; customPriceCents: number | null }) {
  const translate = useTranslate();
  const cents = customPriceCents ?? PLANS[tier as PlanTier]?.priceCents ?? null;
  return (
    <Typography>
      {translate(`kestrel.plans.${tier}`, { _: tier })} —{' '}
      {cents === null ? translate('kestrel.signup.plan_custom_price') : translate('kestrel.signup.plan_price', { price: formatCents(cents) })}
    </Typography>
  );
}

/** The plan, what it costs, and how much of it this cycle has used (the open usage period). */
export function SubscriptionTab() {
  const translate = useTranslate();
  const record = useRecordContext<TenantRecord>();
  const { usage, isPending } = useOpenUsage(record?.id);
  if (!record) return null;
  const dash = <Typography color="text.secondary">—</Typography>;
  return (
    <Stack spacing={0.5} sx={{ py: 1 }} data-testid="subscription">
      <Row label="resources.tenants.fields.plan_tier">
        <PlanPrice tier={record.plan_tier} customPriceCents={record.custom_price_cents} />
      </Row>
      {record.billing_plan_tier && record.billing_plan_tier !== record.plan_tier && (
        <Row label="resources.tenants.fields.billing_plan_tier">
          <PlanPrice tier={record.billing_plan_tier} customPriceCents={record.custom_price_cents} />
        </Row>
      )}
      <Row label="resources.tenants.fields.status">
        <StatusChip status={record.status} />
      </Row>
      <Row label="kestrel.subscription.usage" testId="subscription-usage">
        {isPending ? <Skeleton width={240} /> : usage ? <UsageBar usage={usage} minWidth={240} /> : <Typography color="text.secondary">{translate('kestrel.subscription.no_period')}</Typography>}
      </Row>
      <Row label="kestrel.subscription.cycle">
        {record.current_period_start && record.current_period_end ? (
          <Typography data-testid="subscription-cycle">
            {translate('kestrel.subscription.cycle_dates', { start: formatDateTime(record.current_period_start), end: formatDateTime(record.current_period_end) })}
          </Typography>
        ) : record.status === 'trial' && record.trial_ends_at ? (
          // A trial is metered as the first period, until the trial ends.
          <Typography data-testid="subscription-cycle">{translate('kestrel.subscription.trial_cycle', { end: formatDateTime(record.trial_ends_at) })}</Typography>
        ) : (
          <Typography color="text.secondary" data-testid="subscription-cycle">
            {translate('kestrel.subscription.no_cycle')}
          </Typography>
        )}
      </Row>
      <Row label="resources.tenants.fields.trial_ends_at">{record.trial_ends_at ? <Typography>{formatDateTime(record.trial_ends_at)}</Typography> : dash}</Row>
      <Row label="resources.tenants.fields.billing_confirmed_at">
        {record.billing_confirmed_at ? <Typography>{formatDateTime(record.billing_confirmed_at)}</Typography> : <Typography color="text.secondary">{translate('kestrel.workflow.billing_unconfirmed')}</Typography>}
      </Row>
    </Stack>
  );
}
