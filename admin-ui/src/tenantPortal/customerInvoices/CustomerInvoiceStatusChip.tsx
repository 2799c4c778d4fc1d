import { useRecordContext } from 'react-admin';
import type { CustomerInvoiceStatus } from '../../../../domain/customer-invoices';
import { ValueChip, type ChipColour } from '../../fields/ValueChip';
import type { CustomerInvoiceRecord } from './customerInvoicesApi';

/** Overdue wants the office; paid is done; void is set aside. */
const STATUS_COLOURS: Record<CustomerInvoiceStatus, ChipColour> = { pending: 'info', paid: 'success', overdue: 'error', void: 'default' };

export function CustomerInvoiceStatusChip({ status }: { status: CustomerInvoiceStatus }) {
  return <ValueChip value={status} prefix="kestrel.customer_invoice_status" colours={STATUS_COLOURS} outlined={['pending', 'void']} testId="customer-invoice-status" />;
}

export function CustomerInvoiceStatusField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<CustomerInvoiceRecord>();
  return record ? <CustomerInvoiceStatusChip status={record.status} /> : null;
}
