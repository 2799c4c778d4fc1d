import { Alert, Card, CardContent, CardHeader, Grid, LinearProgress, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { Title, usePermissions, useTranslate } from 'react-admin';
import type { Permissions } from '../../auth/authProvider';
import { LoadErrorAlert } from '../../feedback/LoadError';
import { SupportReadOnlyNotice } from '../../support/SupportReadOnlyNotice';
import { useSupportSession } from '../../support/useSupportSession';
import type { BillingView } from '../../tenants/billing/billingRecord';
import { useBillingDates } from '../../tenants/billing/billingFormat';
import { UsageHistoryChart } from '../../tenants/billing/UsageHistoryChart';
import { UsageBar } from '../../tenants/UsageBar';
import { PortalTimeZone } from '../companyTimeZone';
import { usePortalBilling } from './billingApi';
import { PaymentMethodCard } from './PaymentMethodCard';
import { PlanCard } from './PlanCard';
import { PlanChoices } from './PlanChoices';
import { PortalInvoices } from './PortalInvoices';
import { useCardReturn, type CardReturn } from './useCardReturn';

/** Stripe tells Kestrel of a saved card a moment after the browser is back: the page asks again meanwhile, for so long. */
const CARD_WAIT_MS = 20_000;
const CARD_POLL_MS = 1_500;

/** Owners and admins change the card and the plan; members read; a support session only once write is granted. */
function mayChange(me: Permissions | undefined): boolean {
  if (!me) return false;
  return me.kind === 'tenant_user' ? me.role !== 'member' : Boolean(me.support_session?.can_write);
}

function UsageCard({ billing }: { billing: BillingView }) {
  const translate = useTranslate();
  const dates = useBillingDates();
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="billing-usage">
      <CardHeader title={translate('kestrel.portal.calls_this_period')} />
      <CardContent sx={{ pt: 0 }}>
        <Stack spacing={2}>
          <UsageBar usage={billing.usage} />
          <Typography variant="body2" color="text.secondary">
            {billing.period ? translate('kestrel.billing.period', { period: dates.period(billing.period.start, billing.period.end) }) : translate('kestrel.portal.no_period')}
          </Typography>
        </Stack>
      </CardContent>
    </Card>
  );
}

/** Back from Stripe's card page: saved (the card shows once Stripe has told Kestrel), or left without one. */
function CardReturnNotice({ cardReturn, cardShown, onClose }: { cardReturn: CardReturn; cardShown: boolean; onClose: () => void }) {
  const translate = useTranslate();
  if (!cardReturn) return null;
  return cardReturn === 'saved' ? (
    <Alert severity="success" onClose={onClose} data-testid="card-saved">
      {translate(cardShown ? 'kestrel.billing.card_saved' : 'kestrel.billing.card_saved_waiting')}
    </Alert>
  ) : (
    <Alert severity="info" onClose={onClose} data-testid="card-cancelled">
      {translate('kestrel.billing.card_cancelled')}
    </Alert>
  );
}

/**
 * The company's billing: its plan and price, this period's calls and the last periods',
 * the card on file, the plans it may move to, and its invoices. Owners and admins add a
 * card on Stripe's hosted page and change the plan; members read it all.
 */
export function PortalBilling() {
  const translate = useTranslate();
  const { permissions } = usePermissions<Permissions>();
  const { readOnly } = useSupportSession();
  const { cardReturn, dismiss } = useCardReturn();
  const [waitForCardUntil] = useState(() => Date.now() + CARD_WAIT_MS);
  const { data: billing, isPending, error, refetch } = usePortalBilling({
    refetchInterval: (query) => (cardReturn === 'saved' && !query.state.data?.payment_method && Date.now() < waitForCardUntil ? CARD_POLL_MS : false),
  });
  const writer = !readOnly && mayChange(permissions);
  return (
    <PortalTimeZone>
      <Stack spacing={2} sx={{ mt: 2, mb: 4 }} data-testid="portal-billing">
        <Title title={translate('kestrel.portal.billing')} />
        <CardReturnNotice cardReturn={cardReturn} cardShown={!!billing?.payment_method} onClose={dismiss} />
        <SupportReadOnlyNotice />
        {!readOnly && permissions && !mayChange(permissions) && (
          <Alert severity="info" data-testid="read-only-billing">
            {translate('kestrel.billing.read_only')}
          </Alert>
        )}
        {error ? (
          <LoadErrorAlert error={error} retry={() => void refetch()} />
        ) : isPending || !billing ? (
          <LinearProgress />
        ) : (
          <>
            <Grid container spacing={2}>
              <Grid size={{ xs: 12, md: 6 }}>
                <PlanCard billing={billing} />
              </Grid>
              <Grid size={{ xs: 12, md: 6 }}>
                <PaymentMethodCard billing={billing} mayChange={writer} />
              </Grid>
              <Grid size={{ xs: 12, md: 5 }}>
                <UsageCard billing={billing} />
              </Grid>
              <Grid size={{ xs: 12, md: 7 }}>
                <UsageHistoryChart history={billing.usage_history} />
              </Grid>
            </Grid>
            <PlanChoices billing={billing} mayChange={writer} />
            <PortalInvoices />
          </>
        )}
      </Stack>
    </PortalTimeZone>
  );
}
