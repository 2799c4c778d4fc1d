import type { CustomerInvoiceStatus } from '../../../../domain/customer-invoices';
import { httpClient } from '../../http/httpClient';

const API = '/api/v1';

/** An invoice of the company to one of its customers (`GET /api/v1/customer-invoices/:id`), not Kestrel's invoice to the company. */
export interface CustomerInvoiceRecord {
  id: string;
  tenant_id: string;
  contact_id: string;
  number: string;
  amount_cents: number;
  currency: string;
  /** YYYY-MM-DD, in the company's zone. */
  due_date: string;
  due_at: string | null;
  pay_link: string | null;
  status: CustomerInvoiceStatus;
  overdue_at: string | null;
  paid_at: string | null;
  voided_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface NewCustomerInvoice {
  contact_id?: string;
  phone?: string;
  name?: string;
  number: string;
  amount_cents: number;
  currency: string;
  due_date: string;
  pay_link: string | null;
}

/** Adds an invoice; its payment reminders are scheduled at once. */
export async function createCustomerInvoice(fields: NewCustomerInvoice): Promise<CustomerInvoiceRecord> {
  return (await httpClient(`${API}/customer-invoices`, { method: 'POST', body: JSON.stringify(fields) })).json as CustomerInvoiceRecord;
}

/** Marks an invoice paid or void: its reminders stop at once, and it no longer changes. */
export async function settleCustomerInvoice(id: string, status: 'paid' | 'void'): Promise<CustomerInvoiceRecord> {
  return (await httpClient(`${API}/customer-invoices/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify({ status }) })).json as CustomerInvoiceRecord;
}
