import type { InvoiceStatus } from '../../domain/billing';
import { TimestampedModel } from './base';

export interface InvoiceLineRecord {
  description: string;
  quantity: number;
  amount_cents: number;
}

/** A Stripe invoice as Kestrel mirrors it (written only from Stripe's answers and events). */
export class Invoice extends TimestampedModel {
  static override tableName = 'invoices';
  static override jsonAttributes = ['lines'];

  declare id: string;
  declare tenant_id: string;
  /** What it bills (`<tenant>:period:<start>`, `<tenant>:proration:<seq>`): one invoice each. */
  declare billing_key: string;
  declare stripe_invoice_id: string | null;
  declare kind: 'period' | 'proration';
  declare number: string | null;
  declare description: string | null;
  declare status: InvoiceStatus;
  declare currency: string;
  declare total_cents: number;
  declare amount_due_cents: number;
  declare amount_paid_cents: number;
  declare period_start: Date | null;
  declare period_end: Date | null;
  declare lines: InvoiceLineRecord[];
  declare due_date: Date | null;
  declare paid_at: Date | null;
  declare hosted_invoice_url: string | null;
  declare invoice_pdf: string | null;
  declare attempt_count: number;
  declare last_payment_error: string | null;
  declare paid_out_of_band: boolean;
}
