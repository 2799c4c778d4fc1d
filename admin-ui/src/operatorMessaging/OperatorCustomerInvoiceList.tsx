import { Box, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, SimpleList } from 'react-admin';
import { Parts } from '../fields/Parts';
import { TenantLink } from '../fields/TenantLink';
import { CHIP_ON_THE_RIGHT } from '../fields/ValueChip';
import { formatMoney } from '../format';
import { customerInvoiceStatusChoices } from '../tenantPortal/customerInvoices/choices';
import { CustomerInvoiceStatusChip, CustomerInvoiceStatusField } from '../tenantPortal/customerInvoices/CustomerInvoiceStatusChip';
import { formatDueDate } from '../tenantPortal/customerInvoices/PortalCustomerInvoiceList';
import { CustomerName } from './CustomerName';
import { CompanyRecordList } from './CompanyRecordList';
import type { OperatorCustomerInvoiceRecord } from './records';

const nowrap = { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' } as const;

/**
 * The invoices every company sends its own customers (Kestrel's invoices to the companies
 * are on each tenant's billing), newest first: what is owed, by when, and whether it was
 * paid. Read-only: an invoice changes through its company.
 */
export function OperatorCustomerInvoiceList() {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <CompanyRecordList statusChoices={customerInvoiceStatusChoices} words="operator_customer_invoices" emptyTestId="no-customer-invoices">
      {isSmall ? (
        <SimpleList<OperatorCustomerInvoiceRecord>
          primaryText={(r) => `${r.number} · ${formatMoney(r.amount_cents, r.currency)}`}
          secondaryText={(r) => <Parts>{[r.company_name, <CustomerName key="customer" record={r} />, formatDueDate(r.due_date)]}</Parts>}
          rightIcon={(r) => <CustomerInvoiceStatusChip status={r.status} />}
          linkType="show"
          sx={CHIP_ON_THE_RIGHT}
          data-testid="customer-invoices-cards"
        />
      ) : (
        <DataTable<OperatorCustomerInvoiceRecord> rowClick="show" bulkActionButtons={false} data-testid="customer-invoices">
          <DataTable.Col source="company_name" disableSort render={(r) => <TenantLink tenantId={r.tenant_id} companyName={r.company_name} />} />
          <DataTable.Col source="number" />
          <DataTable.Col source="contact_name" disableSort render={(r) => <CustomerName record={r as OperatorCustomerInvoiceRecord} />} />
          <DataTable.Col source="amount_cents" align="right" render={(r) => <Box component="span" sx={nowrap}>{formatMoney(r.amount_cents, r.currency)}</Box>} />
          <DataTable.Col source="due_date" render={(r) => <Box component="span" sx={nowrap}>{formatDueDate(r.due_date)}</Box>} />
          <DataTable.Col source="status" field={CustomerInvoiceStatusField} />
        </DataTable>
      )}
    </CompanyRecordList>
  );
}
