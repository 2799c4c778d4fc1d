import { Alert, Button } from '@mui/material';
import { useGetList, usePermissions, useTranslate } from 'react-admin';
import { Link as RouterLink, useLocation } from 'react-router-dom';
import type { Permissions } from '../../auth/authProvider';
import { tenantOf } from '../../auth/session';
import { formatDate } from '../../format';
import type { Dunning, Invoice } from '../../tenants/billing/billingRecord';
import { usePortalTimeZone } from '../companyTimeZone';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import { usePortalBilling } from './billingApi';

/** The banner looks again now and then: a payment made in another tab, or Stripe's retry, ends it. */
const RECHECK_MS = 60_000;

const bannerSx = { borderRadius: 0, alignItems: 'center', '& .MuiAlert-action': { pt: 0 } } as const;

/** While suspended for non-payment: the open invoice, whose page takes the payment. */
function useOpenInvoice(): Invoice | undefined {
  const { data } = useGetList<Invoice>(PORTAL_RESOURCES.invoices, { pagination: { page: 1, perPage: 10 } });
  return data?.find((invoice) => invoice.status === 'open' && invoice.hosted_invoice_url);
}

/** Grace has run out: calls go to the company's own line until the open invoice is paid. */
function SuspendedBanner() {
  const translate = useTranslate();
  const invoice = useOpenInvoice();
  return (
    <Alert
      severity="error"
      role="status"
      data-testid="payment-suspended-banner"
      sx={bannerSx}
      action={
        invoice?.hosted_invoice_url && (
          <Button color="inherit" size="small" variant="outlined" href={invoice.hosted_invoice_url} target="_blank" rel="noopener noreferrer" sx={{ whiteSpace: 'nowrap' }}>
            {translate('kestrel.billing.pay_invoice')}
          </Button>
        )
      }
    >
      {translate('kestrel.billing.banner_suspended')}
    </Alert>
  );
}

/** During the grace: the days left, and the day until which calls are still answered (the company's). */
function GraceBanner({ dunning }: { dunning: Dunning }) {
  const translate = useTranslate();
  const { pathname } = useLocation();
  const { timeZone, isPending } = usePortalTimeZone();
  const onBillingPage = pathname.startsWith(`/${PORTAL_RESOURCES.billing}`);
  return (
    <Alert
      severity="warning"
      role="status"
      data-testid="payment-failed-banner"
      sx={bannerSx}
      action={
        !onBillingPage && (
          <Button color="inherit" size="small" component={RouterLink} to={`/${PORTAL_RESOURCES.billing}`} sx={{ whiteSpace: 'nowrap' }}>
            {translate('kestrel.billing.banner_open_billing')}
          </Button>
        )
      }
    >
      {dunning.grace_ends_at
        ? translate('kestrel.billing.banner_grace', { smart_count: dunning.grace_days_left, until: isPending ? '…' : formatDate(dunning.grace_ends_at, timeZone) })
        : translate('kestrel.billing.banner_failed')}
    </Alert>
  );
}

function CompanyPaymentBanner() {
  const { data: billing } = usePortalBilling({ refetchInterval: RECHECK_MS });
  const dunning = billing?.dunning;
  if (!dunning) return null;
  return dunning.suspended ? <SuspendedBanner /> : <GraceBanner dunning={dunning} />;
}

/**
 * On every page of the company's while a payment has failed: during the grace, how many
 * days are left and until when calls are still answered, with the way to the Billing page;
 * once the grace has run out, that calls go to the company's own line until the open
 * invoice is paid, with its pay link. Operators' own pages have no such banner.
 */
export function PaymentBanner() {
  const { permissions } = usePermissions<Permissions>();
  return tenantOf(permissions ?? null) ? <CompanyPaymentBanner /> : null;
}
