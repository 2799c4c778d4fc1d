import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { customerInvoiceReminderKey, customerInvoiceSteps, type CustomerInvoiceDue } from '../domain/customer-invoices';
import { sendableAt } from '../domain/messaging';
import { sendWhenAllowed } from './customer-messages';

// As for a job's texts: a reminder is retried for about an hour, then given up so the sequence goes on.
const messaging = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 16 },
});

export interface CustomerInvoiceRemindersInput {
  tenantId: string;
  invoiceId: string;
  /** The contact the invoice is for (their time zone decides quiet hours). */
  contactId: string;
  due: CustomerInvoiceDue;
  /** CUSTOMER_INVOICE_REMINDERS: offsets from the due anchor, negative before it. */
  remindersMs: number[];
}

/** The invoice was paid or voided: nothing more is sent. */
export const customerInvoiceSettledSignal = defineSignal<[{ status: 'paid' | 'void' }]>('customerInvoiceSettled');
/** The due date moved: the reminders and the overdue moment follow it. */
export const customerInvoiceDueChangedSignal = defineSignal<[CustomerInvoiceDue]>('customerInvoiceDueChanged');

/** One per customer invoice. */
export const customerInvoiceRemindersWorkflowId = (invoiceId: string) => `customer-invoice-reminders-${invoiceId}`;

/**
 * The payment reminders of one customer invoice: a text at each offset from its due date
 * (moved out of the contact's quiet hours), the invoice marked overdue once the due date has
 * passed, and all of it stopped the moment the invoice is marked paid or void. Reminders
 * whose time had passed when the workflow learned of the due date are not sent late; the
 * overdue mark always is. Each reminder is keyed by invoice, offset and due date, so a
 * retried step never sends twice.
 */
export async function customerInvoiceReminders(input: CustomerInvoiceRemindersInput): Promise<void> {
  const { tenantId, invoiceId } = input;
  let due = input.due;
  let learnedAt = Date.now();
  let settled = false;
  let changes = 0;
  const done = new Set<string>();

  setHandler(customerInvoiceSettledSignal, () => {
    settled = true;
  });
  setHandler(customerInvoiceDueChangedSignal, (moved) => {
    if (moved.anchor === due.anchor && moved.overdueAt === due.overdueAt) return;
    due = moved;
    learnedAt = Date.now();
    changes++;
  });

  const context = await messaging.messagingContext({ tenantId, to: input.contactId });
  const stepName = (step: ReturnType<typeof customerInvoiceSteps>[number]) => (step.kind === 'overdue' ? `overdue:${due.overdueAt}` : customerInvoiceReminderKey(invoiceId, step.offsetMs, due));

  while (!settled) {
    const seen = changes;
    const next = customerInvoiceSteps(due, input.remindersMs).find((step) => !done.has(stepName(step)) && (step.kind === 'overdue' || step.at >= learnedAt));
    if (!next) return;
    const at = next.kind === 'reminder' ? sendableAt(new Date(next.at), context.timeZone, context.quietHours).getTime() : next.at;
    const woke = await condition(() => settled || changes !== seen, Math.max(1, at - Date.now()));
    if (woke) continue;
    const name = stepName(next);
    if (next.kind === 'overdue') {
      await messaging.markCustomerInvoiceOverdue({ tenantId, invoiceId, overdueAt: due.overdueAt });
    } else {
      await sendWhenAllowed(() => messaging.sendCustomerInvoiceReminder({ tenantId, invoiceId, key: name }));
    }
    done.add(name);
  }
}
