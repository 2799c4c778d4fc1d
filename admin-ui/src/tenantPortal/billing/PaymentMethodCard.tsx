import CreditCardIcon from '@mui/icons-material/CreditCard';
import { Alert, AlertTitle, Button, Card, CardContent, CardHeader, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { useNotify, useTranslate } from 'react-admin';
import type { BillingView } from '../../tenants/billing/billingRecord';
import { useBillingDates } from '../../tenants/billing/billingFormat';
import { PaymentMethodLine } from '../../tenants/billing/PaymentMethodLine';
import { startAddingCard } from './billingApi';

/** Why the last charge failed, in words, and what happens next: Stripe tries again, reminders go out, until the grace ends. */
function PaymentFailed({ dunning }: { dunning: NonNullable<BillingView['dunning']> }) {
  const translate = useTranslate();
  const dates = useBillingDates();
  return (
    <Alert severity={dunning.suspended ? 'error' : 'warning'} data-testid="payment-failed">
      <AlertTitle>{translate('kestrel.billing.payment_failed_since', { at: dates.date(dunning.since) })}</AlertTitle>
      {dunning.reason && <Typography variant="body2" data-testid="payment-failed-reason">{dunning.reason}</Typography>}
      <Typography variant="body2">
        {dunning.suspended
          ? translate('kestrel.billing.suspended_until_paid')
          : dunning.grace_ends_at
            ? translate('kestrel.billing.grace_until', { at: dates.dateTime(dunning.grace_ends_at) })
            : translate('kestrel.billing.grace_retrying')}
      </Typography>
    </Alert>
  );
}

/**
 * The card on file (brand, last four, expiry), and the button to add or change it: the
 * browser goes to Stripe's hosted page, which comes back here with `?card=saved`.
 */
export function PaymentMethodCard({ billing, mayChange }: { billing: BillingView; mayChange: boolean }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [leaving, setLeaving] = useState(false);
  const addCard = async () => {
    setLeaving(true);
    try {
      window.location.assign(await startAddingCard());
    } catch (error) {
      setLeaving(false);
      notify('kestrel.billing.card_page_failed', { type: 'error', messageArgs: { reason: (error as Error).message } });
    }
  };
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="billing-payment-method">
      <CardHeader title={translate('kestrel.billing.payment_method')} />
      <CardContent sx={{ pt: 0 }}>
        <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
          {billing.dunning && <PaymentFailed dunning={billing.dunning} />}
          <PaymentMethodLine method={billing.payment_method} />
          {mayChange && (
            <Button variant={billing.payment_method && !billing.dunning ? 'outlined' : 'contained'} startIcon={<CreditCardIcon />} onClick={() => void addCard()} disabled={leaving}>
              {translate(leaving ? 'kestrel.billing.opening_card_page' : billing.payment_method ? 'kestrel.billing.change_card' : 'kestrel.billing.add_card')}
            </Button>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}
