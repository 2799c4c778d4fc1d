import { Typography } from '@mui/material';
import { useTranslate } from 'react-admin';
import type { BillingView } from './billingRecord';

/** Card brands as their owners write them; Stripe names them in lower case (`visa`, `amex`). */
const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
};

export const brandName = (brand: string): string => BRANDS[brand.toLowerCase()] ?? brand.charAt(0).toUpperCase() + brand.slice(1);

/** "Visa •••• 4242", and under it "Expires 12/2030"; or that no card is on file. */
export function PaymentMethodLine({ method }: { method: BillingView['payment_method'] }) {
  const translate = useTranslate();
  if (!method) {
    return (
      <Typography color="text.secondary" data-testid="payment-method" data-card="none">
        {translate('kestrel.billing.no_card')}
      </Typography>
    );
  }
  return (
    <div data-testid="payment-method" data-card={method.last4}>
      <Typography variant="body1" sx={{ fontVariantNumeric: 'tabular-nums' }}>
        {translate('kestrel.billing.card', { brand: brandName(method.brand), last4: method.last4 })}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {translate('kestrel.billing.card_expires', { month: String(method.exp_month).padStart(2, '0'), year: method.exp_year })}
      </Typography>
    </div>
  );
}
