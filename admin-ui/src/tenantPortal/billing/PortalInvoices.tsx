import { Card, CardContent, CardHeader, LinearProgress } from '@mui/material';
import { ListBase, useListContext, useTranslate } from 'react-admin';
import { LoadErrorAlert } from '../../feedback/LoadError';
import type { Invoice } from '../../tenants/billing/billingRecord';
import { InvoiceTable } from '../../tenants/billing/InvoiceTable';
import { CursorPagination } from '../CursorPagination';
import { PORTAL_RESOURCES } from '../tenantDataProvider';

const PER_PAGE = 12;

function Invoices() {
  const { data, isPending, error, refetch } = useListContext<Invoice>();
  if (error) return <LoadErrorAlert error={error} retry={() => void refetch()} />;
  if (isPending) return <LinearProgress />;
  return <InvoiceTable invoices={data ?? []} />;
}

/** The company's invoices from Kestrel, newest first, a year to a page (`GET /api/v1/invoices`). */
export function PortalInvoices() {
  const translate = useTranslate();
  return (
    <Card variant="outlined" data-testid="billing-invoices">
      <CardHeader title={translate('kestrel.billing.invoices')} />
      <CardContent sx={{ pt: 0 }}>
        {/* The page's address holds the card page's answer, not this list's page. */}
        <ListBase resource={PORTAL_RESOURCES.invoices} perPage={PER_PAGE} disableSyncWithLocation storeKey={false}>
          <Invoices />
          <CursorPagination />
        </ListBase>
      </CardContent>
    </Card>
  );
}
