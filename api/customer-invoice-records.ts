import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit, type AuditActor } from '../db/audit';
import {
  CUSTOMER_INVOICE_STATUSES,
  customerInvoiceDue,
  customerInvoiceStatusRefusal,
  isCurrency,
  localDate,
  type CustomerInvoiceStatus,
} from '../domain/customer-invoices';
import { customerInvoiceRemindersMs, type Config } from '../lib/config';
import {
  customerInvoiceDueChangedSignal,
  customerInvoiceReminders,
  customerInvoiceRemindersWorkflowId,
  customerInvoiceSettledSignal,
} from '../workflows/customer-invoice-reminders';
import { isoDateTime } from './admin/list-query';
import { Problem } from './http/problem';
import { reachingTemporal } from './http/temporal-errors';
import { contactReference, resolveContact, withContactReference } from './job-records';
import { text } from './storable-fields';

/**
 * A company's invoices to its own customers (not Kestrel's invoices to the company) as the
 * tenant API shows them: the columns, the schemas, the writes (each one audited) and the
 * word to each invoice's reminder workflow.
 */

export const customerInvoiceStatus = z.enum(CUSTOMER_INVOICE_STATUSES, { message: `expected one of ${CUSTOMER_INVOICE_STATUSES.join(', ')}` });

export const customerInvoiceSchema = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  contact_id: z.uuid(),
  number: z.string().describe("The company's invoice number, unique in the company"),
  amount_cents: z.number().int().describe("The amount in the currency's minor unit (cents)"),
  currency: z.string().describe('ISO 4217, upper case'),
  due_date: z.string().describe('YYYY-MM-DD, in the company\'s time zone'),
  due_at: z.string().nullable().describe('The due moment, when one was given; else the invoice is due through its due date'),
  pay_link: z.string().nullable(),
  status: customerInvoiceStatus,
  overdue_at: z.string().nullable().describe('When Kestrel marked it overdue'),
  paid_at: z.string().nullable(),
  voided_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const CUSTOMER_INVOICE_COLUMNS = [
  'id',
  'tenant_id',
  'contact_id',
  'number',
  'amount_cents',
  'currency',
  'due_date',
  'due_at',
  'pay_link',
  'status',
  'overdue_at',
  'paid_at',
  'voided_at',
  'created_at',
  'updated_at',
];

/** The columns, the due date as `YYYY-MM-DD` (a date column would come back as a JavaScript date at midnight somewhere). */
const selectColumns = (trx: Knex.Transaction) => CUSTOMER_INVOICE_COLUMNS.map((column) => (column === 'due_date' ? trx.raw('due_date::text as due_date') : column));

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A due date (`YYYY-MM-DD`: due through that day in the company's zone) or a due moment (an ISO date-time with its zone). */
export const dueDate = z.string().superRefine((value, ctx) => {
  if (DATE.test(value)) {
    if (!z.iso.date().safeParse(value).success || value.startsWith('0000')) ctx.addIssue({ code: 'custom', message: 'expected a date such as 2025-03-15' });
  } else if (!isoDateTime.safeParse(value).success) {
    ctx.addIssue({ code: 'custom', message: 'expected a date such as 2025-03-15, or an ISO date-time such as 2025-03-15T17:00:00Z' });
  }
});

const currency = z
  .string({ message: 'expected an ISO 4217 currency code such as USD' })
  .transform((value) => value.trim().toUpperCase())
  .refine(isCurrency, 'expected an ISO 4217 currency code such as USD');
const amount = z
  .number({ message: 'expected the amount in cents, a whole number above 0' })
  .int('expected the amount in cents, a whole number above 0')
  .min(1, 'expected the amount in cents, a whole number above 0')
  .max(100_000_000_000, 'expected at most 100000000000 (a billion in a two-decimal currency)');
const payLink = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).max(2000, 'expected at most 2000 characters');
const invoiceNumber = text(64).transform((value) => value.trim()).pipe(z.string().min(1, 'expected the invoice number'));

/** The fields of an invoice a company may change (`overdue` is Kestrel's to set). */
export const customerInvoiceChanges = z.object({
  number: invoiceNumber.optional(),
  amount_cents: amount.optional(),
  currency: currency.optional(),
  due_date: dueDate.optional(),
  pay_link: payLink.nullable().optional(),
  status: customerInvoiceStatus.optional(),
});

export const newCustomerInvoice = withContactReference(
  z.object({ ...contactReference, number: invoiceNumber, amount_cents: amount, currency: currency.default('USD'), due_date: dueDate, pay_link: payLink.nullable().optional() }),
);

/** A customer invoice as stored (its due date as `YYYY-MM-DD`). */
export interface CustomerInvoiceRow {
  id: string;
  tenant_id: string;
  contact_id: string;
  status: CustomerInvoiceStatus;
  due_date: string;
  due_at: Date | null;
  [column: string]: unknown;
}

export const findCustomerInvoice = (trx: Knex.Transaction, id: string): Promise<CustomerInvoiceRow | undefined> => trx('customer_invoices').where({ id }).first(selectColumns(trx));
export const customerInvoiceRows = (trx: Knex.Transaction) => trx('customer_invoices').select(selectColumns(trx));

/** The stored due date and moment of what the company gave, in its zone. */
function storedDue(given: string, timeZone: string): { due_date: string; due_at: Date | null } {
  if (DATE.test(given)) return { due_date: given, due_at: null };
  const at = new Date(given);
  return { due_date: localDate(at, timeZone), due_at: at };
}

export const companyZone = async (trx: Knex.Transaction, tenantId: string): Promise<string> => (await trx('tenants').where({ id: tenantId }).first('timezone')).timezone;
const numberTaken = (number: string) => Problem.conflict(`The company has an invoice numbered ${number} already.`);

/** A new invoice, pending. */
export async function createCustomerInvoice(
  trx: Knex.Transaction,
  tenantId: string,
  body: z.output<typeof newCustomerInvoice>,
  source: 'api' | 'portal',
  audit: { actor: AuditActor; requestId: string | null },
): Promise<CustomerInvoiceRow> {
  if (await trx('customer_invoices').where({ number: body.number }).first('id')) throw numberTaken(body.number);
  const contactId = await resolveContact(trx, tenantId, body, source);
  const { contact_id: _id, phone: _phone, name: _name, due_date, ...fields } = body;
  const due = storedDue(due_date, await companyZone(trx, tenantId));
  const [row] = await trx('customer_invoices')
    .insert({ ...fields, ...due, tenant_id: tenantId, contact_id: contactId })
    .returning<Array<{ id: string }>>('id');
  await recordAudit({
    tenantId,
    actor: audit.actor,
    action: 'customer_invoice.created',
    target: { type: 'customer_invoice', id: row!.id },
    requestId: audit.requestId,
    details: { after: { ...fields, ...due, contact_id: contactId } },
  });
  return (await findCustomerInvoice(trx, row!.id))!;
}

export interface CustomerInvoiceUpdate {
  invoice: CustomerInvoiceRow;
  /** The request marked the invoice paid or void (just now, or again). */
  settled: boolean;
  /** The request gave the due date of an invoice still open (moved, or the same again). */
  dueGiven: boolean;
}

/**
 * Applies the changes that differ from the stored invoice, audited before and after. Paid
 * and void stamp when; a due date moved past now makes an overdue invoice pending again.
 * Undefined when there is no such invoice; a status the company may not set is a 422.
 */
export async function updateCustomerInvoice(
  trx: Knex.Transaction,
  id: string,
  requested: z.output<typeof customerInvoiceChanges>,
  audit: { actor: AuditActor; requestId: string | null },
): Promise<CustomerInvoiceUpdate | undefined> {
  const before: CustomerInvoiceRow | undefined = await trx('customer_invoices').where({ id }).forUpdate().first(selectColumns(trx));
  if (!before) return undefined;
  const timeZone = await companyZone(trx, before.tenant_id);
  const { due_date: givenDue, ...rest } = requested;
  const wanted: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  if (givenDue !== undefined) Object.assign(wanted, storedDue(givenDue, timeZone));
  const same = (key: string) => (key === 'due_at' ? (before.due_at ? new Date(before.due_at).getTime() : null) === (wanted.due_at ? (wanted.due_at as Date).getTime() : null) : before[key] === wanted[key]);
  const changed = Object.fromEntries(Object.keys(wanted).filter((key) => !same(key)).map((key) => [key, wanted[key]]));
  const open = before.status === 'pending' || before.status === 'overdue';
  // Nothing changed: a request repeated (after Temporal was unreachable, say) tells the workflow again.
  if (Object.keys(changed).length === 0) return { invoice: before, settled: requested.status === 'paid' || requested.status === 'void', dueGiven: givenDue !== undefined && open };

  const status = (changed.status ?? before.status) as CustomerInvoiceStatus;
  if (changed.status) {
    const refusal = customerInvoiceStatusRefusal(before.status, status);
    if (refusal) throw Problem.validation({ status: refusal });
  } else if (before.status === 'paid' || before.status === 'void') {
    throw Problem.validation({ status: `the invoice is ${before.status}: it can no longer change` });
  }
  if (changed.number && (await trx('customer_invoices').where({ number: changed.number }).whereNot({ id }).first('id'))) throw numberTaken(changed.number as string);

  const dueMoved = 'due_date' in changed || 'due_at' in changed;
  const due = customerInvoiceDue({ date: (changed.due_date ?? before.due_date) as string, at: ('due_at' in changed ? changed.due_at : before.due_at) as Date | null }, timeZone);
  const stillDue = Date.parse(due.overdueAt) > Date.now();
  const stamps = {
    ...(status === 'paid' && changed.status ? { paid_at: trx.fn.now() } : {}),
    ...(status === 'void' && changed.status ? { voided_at: trx.fn.now() } : {}),
    ...(dueMoved && before.status === 'overdue' && !changed.status && stillDue ? { status: 'pending', overdue_at: null } : {}),
  };
  await trx('customer_invoices').where({ id }).update({ ...changed, ...stamps, updated_at: trx.fn.now() });
  await recordAudit({
    tenantId: before.tenant_id,
    actor: audit.actor,
    action: 'customer_invoice.updated',
    target: { type: 'customer_invoice', id },
    requestId: audit.requestId,
    details: { before: Object.fromEntries(Object.keys(changed).map((key) => [key, before[key]])), after: changed },
  });
  return { invoice: (await findCustomerInvoice(trx, id))!, settled: status === 'paid' || status === 'void', dueGiven: givenDue !== undefined && !(status === 'paid' || status === 'void') };
}

const remindersInput = (config: Config, invoice: CustomerInvoiceRow, timeZone: string) => ({
  tenantId: invoice.tenant_id,
  invoiceId: invoice.id,
  contactId: invoice.contact_id,
  due: customerInvoiceDue({ date: invoice.due_date, at: invoice.due_at }, timeZone),
  remindersMs: customerInvoiceRemindersMs(config),
});

/** Starts a new invoice's reminder workflow (once: a second start finds it running). */
export async function startCustomerInvoiceReminders(client: Client, config: Config, invoice: CustomerInvoiceRow, timeZone: string): Promise<void> {
  try {
    await reachingTemporal(
      client.workflow.start(customerInvoiceReminders, {
        workflowId: customerInvoiceRemindersWorkflowId(invoice.id),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [remindersInput(config, invoice, timeZone)],
      }),
      'the invoice was saved but its reminders are not scheduled yet: send its due date again (PATCH) to schedule them',
    );
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}

/**
 * Tells the invoice's reminder workflow what changed: paid or void stops it at once; a due
 * date moved reschedules its reminders (and starts it again if its sequence had ended).
 */
export async function announceCustomerInvoiceChange(client: Client, config: Config, update: CustomerInvoiceUpdate, timeZone: string): Promise<void> {
  const { invoice } = update;
  const workflowId = customerInvoiceRemindersWorkflowId(invoice.id);
  if (update.settled) {
    try {
      await reachingTemporal(client.workflow.getHandle(workflowId).signal(customerInvoiceSettledSignal, { status: invoice.status as 'paid' | 'void' }), 'the invoice was saved; its reminders stop at their next step');
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    return;
  }
  if (!update.dueGiven) return;
  const input = remindersInput(config, invoice, timeZone);
  await reachingTemporal(
    client.workflow.signalWithStart(customerInvoiceReminders, {
      workflowId,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [input],
      signal: customerInvoiceDueChangedSignal,
      signalArgs: [input.due],
    }),
    'the invoice was saved but its reminders do not follow the new due date yet: send the same request again',
  );
}

