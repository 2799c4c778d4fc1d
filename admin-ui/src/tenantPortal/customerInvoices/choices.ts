import { CUSTOMER_INVOICE_STATUSES } from '../../../../domain/customer-invoices';

export const customerInvoiceStatusChoices = CUSTOMER_INVOICE_STATUSES.map((id) => ({ id, name: `kestrel.customer_invoice_status.${id}` }));
