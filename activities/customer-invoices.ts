import { raw } from 'objection';
import { recordAudit } from '../db/audit';
import { CustomerInvoice, Tenant } from '../db/models';
import { withTenant } from '../db/tenant-context';
import { customerInvoiceDue, formatAmount, formatDueDate, isSettled } from '../domain/customer-invoices';
import type { CustomerMessageRequest, SendOutcome } from './messaging';

export function customerInvoiceActivities(send: (request: CustomerMessageRequest) => Promise<SendOutcome>) {
  return {
    /**
     * Texts the invoice's customer a payment reminder: its number, amount, due date and pay
     * link as they stand now. A paid, void or deleted invoice gets nothing.
     */
    async sendCustomerInvoiceReminder(p: { tenantId: string; invoiceId: string; key: string }): Promise<SendOutcome | null> {
      const invoice = await withTenant(p.tenantId, () => CustomerInvoice.query().findById(p.invoiceId).select('*', raw('due_date::text as due_date')));
      if (!invoice || isSettled(invoice.status)) return null;
      return send({
        tenantId: p.tenantId,
        key: p.key,
        kind: 'customer_invoice_reminder',
        to: invoice.contact_id,
        variables: {
          invoice_number: invoice.number,
          amount: formatAmount(invoice.amount_cents, invoice.currency),
          due_date: formatDueDate(invoice.due_date, new Date()),
          pay_link: invoice.pay_link ?? '',
        },
      });
    },

    /**
     * Marks a pending invoice overdue once its due date has passed (as the invoice stands:
     * a due date moved later since leaves it pending), written to the company's activity log once.
     */
    async markCustomerInvoiceOverdue(p: { tenantId: string; invoiceId: string; overdueAt: string }): Promise<boolean> {
      return withTenant(p.tenantId, async (trx) => {
        const invoice = await trx('customer_invoices').where({ id: p.invoiceId }).forUpdate().first('status', 'due_at', trx.raw('due_date::text as due_date'));
        if (!invoice || invoice.status !== 'pending') return false;
        const tenant = await Tenant.query().findById(p.tenantId).select('timezone');
        const due = customerInvoiceDue({ date: invoice.due_date, at: invoice.due_at }, tenant!.timezone);
        if (Date.parse(due.overdueAt) > Date.now()) return false;
        await trx('customer_invoices').where({ id: p.invoiceId }).update({ status: 'overdue', overdue_at: trx.fn.now(), updated_at: trx.fn.now() });
        await recordAudit(
          {
            tenantId: p.tenantId,
            actor: { type: 'system', id: 'customer-invoice-reminders' },
            action: 'customer_invoice.overdue',
            target: { type: 'customer_invoice', id: p.invoiceId },
            idempotencyKey: `customer-invoice-overdue:${p.invoiceId}:${due.overdueAt}`,
            details: { due_date: invoice.due_date, due_at: invoice.due_at },
          },
          { ifNew: true },
        );
        return true;
      });
    },
  };
}
