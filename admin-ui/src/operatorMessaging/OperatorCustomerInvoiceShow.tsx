import { Box, Link as MuiLink, Stack, Typography } from '@mui/material';
import { Show, TextField, TopToolbar, useRecordContext, useShowContext, useTranslate } from 'react-admin';
import { RecordLoadError } from '../feedback/LoadError';
import { useCompanyDateTime } from '../fields/companyTimeZone';
import { CompanyTime } from './CompanyTime';
import { Parts } from '../fields/Parts';
import { PhoneNumber } from '../fields/PhoneField';
import { TenantLink } from '../fields/TenantLink';
import { formatMoney } from '../format';
import { Fact, FactsCard } from '../sections/Facts';
import { CustomerInvoiceStatusField } from '../tenantPortal/customerInvoices/CustomerInvoiceStatusChip';
import { formatDueDate } from '../tenantPortal/customerInvoices/PortalCustomerInvoiceList';
import type { OperatorCustomerInvoiceRecord } from './records';
import { TextsToCustomer } from './TextsToCustomer';

function InvoiceTitle() {
  const translate = useTranslate();
  const { record } = useShowContext<OperatorCustomerInvoiceRecord>();
  if (!record) return null;
  return <>{translate('kestrel.operator_customer_invoices.title', { number: record.number, company: record.company_name })}</>;
}

function Actions() {
  const translate = useTranslate();
  const invoice = useRecordContext<OperatorCustomerInvoiceRecord>();
  if (!invoice) return null;
  return (
    <TopToolbar>
      <TextsToCustomer tenantId={invoice.tenant_id} contactId={invoice.contact_id} kind="customer_invoice_reminder" label={translate('kestrel.operator_customer_invoices.reminders')} />
    </TopToolbar>
  );
}

/** When it was settled or fell overdue, in the company's time; nothing while it is simply pending. */
function Settlement({ invoice }: { invoice: OperatorCustomerInvoiceRecord }) {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  const facts = [
    invoice.overdue_at && translate('kestrel.customer_invoices.overdue_since', { at: companyTime(invoice.overdue_at, invoice) }),
    invoice.paid_at && translate('kestrel.customer_invoices.paid_on', { at: companyTime(invoice.paid_at, invoice) }),
    invoice.voided_at && translate('kestrel.customer_invoices.voided_on', { at: companyTime(invoice.voided_at, invoice) }),
  ];
  return (
    <Typography variant="body2" component="span" data-testid="invoice-settlement">
      {facts.some(Boolean) ? <Parts>{facts}</Parts> : '—'}
    </Typography>
  );
}

function InvoiceBody() {
  const invoice = useRecordContext<OperatorCustomerInvoiceRecord>();
  const companyTime = useCompanyDateTime();
  if (!invoice) return null;
  return (
    <Stack spacing={2} sx={{ mt: 1, mb: 4 }}>
      <FactsCard>
        <Fact label="resources.customer-invoices.fields.company_name">
          <TenantLink tenantId={invoice.tenant_id} companyName={invoice.company_name} />
        </Fact>
        <Fact label="resources.customer-invoices.fields.contact_name">
          <Typography variant="body2" component="span">
            <Parts>{[invoice.contact_name, <PhoneNumber key="phone" value={invoice.contact_phone} />]}</Parts>
          </Typography>
        </Fact>
        <Fact label="resources.customer-invoices.fields.status">
          <CustomerInvoiceStatusField />
        </Fact>
        <Fact>
          <TextField source="number" />
        </Fact>
        <Fact label="resources.customer-invoices.fields.amount_cents">
          <Typography variant="body2" component="span" sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid="invoice-amount">
            {formatMoney(invoice.amount_cents, invoice.currency)}
          </Typography>
        </Fact>
        <Fact label="resources.customer-invoices.fields.due_date">
          <Typography variant="body2" component="span">
            {invoice.due_at ? companyTime(invoice.due_at, invoice) : formatDueDate(invoice.due_date)}
          </Typography>
        </Fact>
        <Fact label="resources.customer-invoices.fields.pay_link" size={{ xs: 12, md: 8 }}>
          {invoice.pay_link ? (
            <MuiLink href={invoice.pay_link} target="_blank" rel="noreferrer" variant="body2" sx={{ overflowWrap: 'anywhere' }}>
              {invoice.pay_link}
            </MuiLink>
          ) : (
            <Typography variant="body2" component="span">
              —
            </Typography>
          )}
        </Fact>
        <Fact label="resources.customer-invoices.fields.settled">
          <Settlement invoice={invoice} />
        </Fact>
        <Fact label="resources.customer-invoices.fields.created_at">
          <CompanyTime source="created_at" />
        </Fact>
      </FactsCard>
    </Stack>
  );
}

/** One company's invoice to its customer: what is owed, by when, and whether it was paid. */
export function OperatorCustomerInvoiceShow() {
  return (
    <Show<OperatorCustomerInvoiceRecord> title={<InvoiceTitle />} error={<RecordLoadError />} actions={<Actions />} component={Box}>
      <InvoiceBody />
    </Show>
  );
}
