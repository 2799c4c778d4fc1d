import AddIcon from '@mui/icons-material/Add';
import { Box, useMediaQuery, type Theme } from '@mui/material';
import { useState } from 'react';
import { Button, DataTable, SelectArrayInput, SimpleList, TextInput, useRecordContext } from 'react-admin';
import { EmptyList } from '../../feedback/EmptyList';
import { Parts } from '../../fields/Parts';
import { formatDate, formatMoney } from '../../format';
import { ContactField, ContactName } from '../customers/ContactName';
import { useMessagingWriter } from '../messaging/messagingApi';
import { PortalList } from '../PortalList';
import { customerInvoiceStatusChoices } from './choices';
import { CustomerInvoiceDialog } from './CustomerInvoiceDialog';
import type { CustomerInvoiceRecord } from './customerInvoicesApi';
import { CustomerInvoiceStatusChip, CustomerInvoiceStatusField } from './CustomerInvoiceStatusChip';
import { SettleButtons } from './SettleButtons';

const filters = [
  <SelectArrayInput key="status" source="status" choices={customerInvoiceStatusChoices} alwaysOn sx={{ minWidth: 200 }} />,
  <TextInput key="number" source="number" />,
];

/** A due date is a calendar day in the company's zone: shown as that day, in no zone. */
export const formatDueDate = (day: string) => formatDate(day);

function AmountField(_props: { label?: string }) {
  const record = useRecordContext<CustomerInvoiceRecord>();
  return record ? <Box component="span" sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{formatMoney(record.amount_cents, record.currency)}</Box> : null;
}

function DueDateField(_props: { label?: string }) {
  const record = useRecordContext<CustomerInvoiceRecord>();
  return record ? <Box component="span" sx={{ whiteSpace: 'nowrap' }}>{formatDueDate(record.due_date)}</Box> : null;
}

function ActionsField(_props: { label?: string }) {
  const record = useRecordContext<CustomerInvoiceRecord>();
  return record ? <SettleButtons invoice={record} /> : null;
}

function AddInvoice({ open }: { open: () => void }) {
  if (!useMessagingWriter()) return null;
  return (
    <Button label="kestrel.customer_invoices.add" onClick={open} data-testid="add-customer-invoice">
      <AddIcon />
    </Button>
  );
}

function Invoices() {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const writer = useMessagingWriter();
  return isSmall ? (
    <SimpleList<CustomerInvoiceRecord>
      primaryText={(r) => `${r.number} · ${formatMoney(r.amount_cents, r.currency)}`}
      secondaryText={(r) => <Parts>{[<ContactName key="contact" id={r.contact_id} />, formatDueDate(r.due_date)]}</Parts>}
      tertiaryText={(r) => <CustomerInvoiceStatusChip status={r.status} />}
      linkType="show"
    />
  ) : (
    <DataTable<CustomerInvoiceRecord> rowClick="show" bulkActionButtons={false} data-testid="customer-invoices">
      <DataTable.Col source="number" disableSort />
      <DataTable.Col source="contact_id" disableSort field={ContactField} />
      <DataTable.Col source="amount" disableSort field={AmountField} />
      <DataTable.Col source="due_date" disableSort field={DueDateField} />
      <DataTable.Col source="status" disableSort field={CustomerInvoiceStatusField} />
      {writer && <DataTable.Col source="settle" label=" " disableSort field={ActionsField} />}
    </DataTable>
  );
}

/**
 * The company's invoices to its own customers (not Kestrel's invoices to the company, under
 * Billing), newest first: each pending one gets payment reminders by text before and after
 * its due date until it is marked paid or void.
 */
export function PortalCustomerInvoiceList() {
  const [adding, setAdding] = useState(false);
  const writer = useMessagingWriter();
  const empty = (
    <EmptyList title="kestrel.customer_invoices.empty" hint="kestrel.customer_invoices.empty_hint" testId="no-customer-invoices">
      {writer && (
        <Button label="kestrel.customer_invoices.add" variant="outlined" onClick={() => setAdding(true)} data-testid="add-customer-invoice">
          <AddIcon />
        </Button>
      )}
    </EmptyList>
  );
  return (
    <>
      <PortalList filters={filters} actions={<AddInvoice open={() => setAdding(true)} />} empty={empty}>
        <Invoices />
      </PortalList>
      {adding && <CustomerInvoiceDialog onClose={() => setAdding(false)} />}
    </>
  );
}
