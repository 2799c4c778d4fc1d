import { ValueChip, type ChipColour } from '../../fields/ValueChip';
import type { InvoiceStatus } from './billingRecord';

/** Paid is settled; open waits on a payment (and is what dunning chases); void and uncollectible are closed without one. */
const STATUS_COLOURS: Record<InvoiceStatus, ChipColour> = { draft: 'default', open: 'warning', paid: 'success', void: 'default', uncollectible: 'error' };

export function InvoiceStatusChip({ status }: { status: InvoiceStatus | string }) {
  return <ValueChip value={status} prefix="kestrel.billing.invoice_status" colours={STATUS_COLOURS} outlined={['void']} testId="invoice-status" />;
}
