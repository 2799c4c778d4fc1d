import { DateInput, TextInput, required, useNotify } from 'react-admin';
import type { FieldValues } from 'react-hook-form';
import { FormDialog } from '../../dialogs/FormDialog';
import { CustomerInputs, customerOf } from '../customers/CustomerInputs';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import { useReadAgain } from '../useReadAgain';
import { createCustomerInvoice } from './customerInvoicesApi';

const NEW_INVOICE = { contact_id: null, phone: '', name: '', number: '', amount: '', currency: 'USD', due_date: null, pay_link: '' };

/** "240", "240.5", "1,240.00": the amount in cents; NaN when it is not an amount. */
export function centsOf(typed: unknown): number {
  const text = String(typed ?? '').replace(/[,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return Number.NaN;
  return Math.round(Number(text) * 100);
}

const amount = (value: unknown) => (value === '' || value === undefined || value === null ? undefined : Number.isNaN(centsOf(value)) ? 'kestrel.customer_invoices.amount_invalid' : undefined);

/** Adds an invoice to a customer: its payment reminders start at once, before and after its due date. */
export function CustomerInvoiceDialog({ onClose }: { onClose: () => void }) {
  const notify = useNotify();
  const readAgain = useReadAgain(PORTAL_RESOURCES.customerInvoices);
  const save = async (values: FieldValues) => {
    const payLink = String(values.pay_link ?? '').trim();
    try {
      await createCustomerInvoice({
        ...customerOf(values),
        number: String(values.number ?? '').trim(),
        amount_cents: centsOf(values.amount),
        currency: String(values.currency ?? 'USD').trim(),
        due_date: values.due_date,
        pay_link: payLink || null,
      });
    } catch (error) {
      // The API names the amount in cents; the form holds it in the currency's units.
      const body = (error as { body?: { errors?: Record<string, string> } }).body;
      if (body?.errors?.amount_cents) body.errors.amount = body.errors.amount_cents;
      throw error;
    }
    notify('kestrel.customer_invoices.added', { type: 'success' });
    await readAgain();
    onClose();
  };
  return (
    <FormDialog
      name="add-customer-invoice"
      title="kestrel.customer_invoices.add_title"
      intro="kestrel.customer_invoices.add_intro"
      submitLabel="kestrel.customer_invoices.add"
      defaultValues={NEW_INVOICE}
      maxWidth="sm"
      onClose={onClose}
      onSubmit={save}
    >
      <CustomerInputs />
      <TextInput source="number" label="resources.my-customer-invoices.fields.number" validate={required()} helperText="kestrel.customer_invoices.number_help" fullWidth />
      <TextInput source="amount" label="resources.my-customer-invoices.fields.amount" validate={[required(), amount]} helperText="kestrel.customer_invoices.amount_help" inputMode="decimal" fullWidth />
      <TextInput source="currency" label="resources.my-customer-invoices.fields.currency" validate={required()} helperText={false} fullWidth />
      <DateInput source="due_date" label="resources.my-customer-invoices.fields.due_date" validate={required()} helperText="kestrel.customer_invoices.due_help" fullWidth />
      <TextInput source="pay_link" label="resources.my-customer-invoices.fields.pay_link" type="url" helperText="kestrel.customer_invoices.pay_link_help" fullWidth />
    </FormDialog>
  );
}
