import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Alert, Box, Button, Card, CardContent, CardHeader, Divider, LinearProgress, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Link, Title, useCreatePath, useGetOne, useTranslate } from 'react-admin';
import { useParams } from 'react-router-dom';
import { LoadErrorAlert } from '../../feedback/LoadError';
import { useCompanyDateTime } from '../../fields/companyTimeZone';
import { Parts } from '../../fields/Parts';
import { formatMoney } from '../../format';
import { MessageStatusChip } from '../../messaging/MessageStatusChip';
import { PortalTimeZone } from '../companyTimeZone';
import { ContactName } from '../customers/ContactName';
import { useContactTexts } from '../customers/useContactTexts';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import type { CustomerInvoiceRecord } from './customerInvoicesApi';
import { CustomerInvoiceStatusChip } from './CustomerInvoiceStatusChip';
import { formatDueDate } from './PortalCustomerInvoiceList';
import { SettleButtons } from './SettleButtons';

/**
 * The payment reminders the customer was sent since the invoice was written. The message
 * log does not name the invoice a reminder was for: a customer with two invoices open at
 * once sees the reminders of both here.
 */
function Reminders({ invoice }: { invoice: CustomerInvoiceRecord }) {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  const { data: texts = [], isPending } = useContactTexts(invoice.contact_id, 'customer_invoice_reminder');
  const since = Date.parse(invoice.created_at);
  const reminders = texts.filter((m) => Date.parse(m.created_at) >= since);
  return (
    <Card variant="outlined">
      <CardHeader title={translate('kestrel.customer_invoices.reminders')} subheader={translate('kestrel.customer_invoices.reminders_hint')} />
      <CardContent>
        {isPending ? (
          <LinearProgress />
        ) : reminders.length === 0 ? (
          <Typography color="text.secondary" data-testid="no-reminders">
            {translate('kestrel.customer_invoices.no_reminders')}
          </Typography>
        ) : (
          <Stack spacing={1.5} divider={<Divider flexItem />} data-testid="reminders">
            {reminders.map((m) => (
              <Stack key={m.id} spacing={0.5} data-testid="reminder" data-status={m.status}>
                <Typography variant="body2" color="text.secondary">
                  {companyTime(m.sent_at ?? m.send_after ?? m.created_at)}
                </Typography>
                <Typography sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.body}</Typography>
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                  <MessageStatusChip status={m.status} />
                  {m.error_meaning && (
                    <Typography variant="caption" color="error">
                      {m.error_meaning}
                    </Typography>
                  )}
                </Stack>
              </Stack>
            ))}
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}

function Details({ invoice }: { invoice: CustomerInvoiceRecord }) {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack spacing={1} data-testid="customer-invoice-details">
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', rowGap: 1 }}>
            <Typography variant="h6" sx={{ overflowWrap: 'anywhere' }}>
              {translate('kestrel.customer_invoices.invoice_amount', { number: invoice.number, amount: formatMoney(invoice.amount_cents, invoice.currency) })}
            </Typography>
            <CustomerInvoiceStatusChip status={invoice.status} />
          </Stack>
          <Typography variant="body2">
            <ContactName id={invoice.contact_id} />
          </Typography>
          <Typography variant="body2" color="text.secondary">
            <Parts>
              {[
                translate('kestrel.customer_invoices.due_on', { day: formatDueDate(invoice.due_date) }),
                invoice.overdue_at && translate('kestrel.customer_invoices.overdue_since', { at: companyTime(invoice.overdue_at) }),
                invoice.paid_at && translate('kestrel.customer_invoices.paid_on', { at: companyTime(invoice.paid_at) }),
                invoice.voided_at && translate('kestrel.customer_invoices.voided_on', { at: companyTime(invoice.voided_at) }),
              ]}
            </Parts>
          </Typography>
          {invoice.pay_link && (
            <MuiLink href={invoice.pay_link} target="_blank" rel="noreferrer" sx={{ overflowWrap: 'anywhere' }}>
              {invoice.pay_link}
            </MuiLink>
          )}
          <Box>
            <SettleButtons invoice={invoice} size="medium" />
          </Box>
        </Stack>
      </CardContent>
    </Card>
  );
}

/** One invoice to a customer: what is owed and by when, mark it paid or void, and the reminders it sent. */
export function CustomerInvoicePage() {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const { id } = useParams<{ id: string }>();
  const { data: invoice, isPending, error, refetch } = useGetOne<CustomerInvoiceRecord>(PORTAL_RESOURCES.customerInvoices, { id: id! }, { enabled: Boolean(id) });
  return (
    <PortalTimeZone>
      <Stack spacing={2} sx={{ mt: 2, mb: 4 }}>
        <Title title={translate('kestrel.customer_invoices.title')} />
        <Box>
          <Button component={Link} to={createPath({ resource: PORTAL_RESOURCES.customerInvoices, type: 'list' })} startIcon={<ArrowBackIcon />} size="small">
            {translate('kestrel.customer_invoices.all')}
          </Button>
        </Box>
        {error ? (
          <LoadErrorAlert error={error} retry={() => void refetch()} />
        ) : isPending || !invoice ? (
          <LinearProgress />
        ) : (
          <>
            <Details invoice={invoice} />
            {invoice.status === 'void' && <Alert severity="info">{translate('kestrel.customer_invoices.void_final')}</Alert>}
            <Reminders invoice={invoice} />
          </>
        )}
      </Stack>
    </PortalTimeZone>
  );
}
