import type { CustomerInvoiceStatus } from '../../domain/customer-invoices';
import { TimestampedModel } from './base';

/** An invoice a company sends one of its customers (Kestrel's own invoices to the company are `Invoice`). */
export class CustomerInvoice extends TimestampedModel {
  static override tableName = 'customer_invoices';

  declare id: string;
  declare tenant_id: string;
  declare contact_id: string;
  /** The company's invoice number, unique in the company. */
  declare number: string;
  /** In the currency's minor unit (cents). */
  declare amount_cents: number;
  /** ISO 4217, upper case. */
  declare currency: string;
  declare due_date: string;
  /** A due moment within the due date, when the company gave one. */
  declare due_at: Date | null;
  declare pay_link: string | null;
  declare status: CustomerInvoiceStatus;
  declare overdue_at: Date | null;
  declare paid_at: Date | null;
  declare voided_at: Date | null;
}
