import { zonedTime } from './local-time';

/**
 * Invoices a company sends its own customers (not Kestrel's invoices to the company): their
 * statuses, when each payment reminder goes and when an unpaid invoice is overdue, and how
 * an amount reads in a text. Pure: the API, the reminder workflow and its activities share them.
 */

export const CUSTOMER_INVOICE_STATUSES = ['pending', 'paid', 'overdue', 'void'] as const;
export type CustomerInvoiceStatus = (typeof CUSTOMER_INVOICE_STATUSES)[number];

/** Statuses after which nothing more is sent. */
export const SETTLED_STATUSES: readonly CustomerInvoiceStatus[] = ['paid', 'void'];
export const isSettled = (status: CustomerInvoiceStatus) => SETTLED_STATUSES.includes(status);

/**
 * Why an invoice may not be put in status `to` by the company, or undefined when it may.
 * `overdue` is Kestrel's to set, after the due date; a paid or void invoice is settled.
 */
export function customerInvoiceStatusRefusal(from: CustomerInvoiceStatus, to: CustomerInvoiceStatus): string | undefined {
  if (from === to) return undefined;
  if (to === 'overdue') return 'overdue is set by Kestrel once the due date has passed';
  if (isSettled(from)) return `the invoice is ${from}: its status can no longer change`;
  if (to === 'pending' && from === 'overdue') return 'an overdue invoice becomes pending again when its due date is moved later';
  return undefined;
}

/**
 * When an invoice is due. A due date alone (`YYYY-MM-DD`) is due through that day in the
 * company's zone: reminders count from the start of the day (quiet hours then move one at
 * midnight to the morning) and it is overdue from the next midnight. A due moment (a
 * date-time) is both: reminders count from it and it is overdue from it.
 */
export interface CustomerInvoiceDue {
  /** What reminder offsets count from (ISO 8601). */
  anchor: string;
  /** From when an unpaid invoice is overdue (ISO 8601). */
  overdueAt: string;
}

export function customerInvoiceDue(due: { date: string; at: Date | string | null }, timeZone: string): CustomerInvoiceDue {
  if (due.at) {
    const at = new Date(due.at).toISOString();
    return { anchor: at, overdueAt: at };
  }
  const [year, month, day] = due.date.split('-').map(Number) as [number, number, number];
  return { anchor: zonedTime(year, month, day, 0, 0, timeZone).toISOString(), overdueAt: zonedTime(year, month, day + 1, 0, 0, timeZone).toISOString() };
}

/** The calendar day an instant falls on in `timeZone`, as `YYYY-MM-DD`. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** One step of an invoice's sequence: a reminder at an offset from its due anchor, or the moment it turns overdue. */
export type CustomerInvoiceStep = { kind: 'reminder'; offsetMs: number; at: number } | { kind: 'overdue'; at: number };

/** The steps of an invoice's sequence, in time order (a reminder at the moment it turns overdue comes after the turn). */
export function customerInvoiceSteps(due: CustomerInvoiceDue, remindersMs: readonly number[]): CustomerInvoiceStep[] {
  const anchor = Date.parse(due.anchor);
  const steps: CustomerInvoiceStep[] = [...new Set(remindersMs)].map((offsetMs) => ({ kind: 'reminder', offsetMs, at: anchor + offsetMs }));
  steps.push({ kind: 'overdue', at: Date.parse(due.overdueAt) });
  return steps.sort((a, b) => a.at - b.at || (a.kind === 'overdue' ? -1 : b.kind === 'overdue' ? 1 : 0));
}

/**
 * The key a reminder is sent under: the invoice, the offset and the due anchor, so a
 * retried step never sends twice and a due date moved later gets its own reminders.
 */
export const customerInvoiceReminderKey = (invoiceId: string, offsetMs: number, due: CustomerInvoiceDue) =>
  `customer-invoice:${invoiceId}:reminder:${offsetMs}:${due.anchor}`;

/** ISO 4217 currencies as Intl knows them, upper case. */
export function isCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en-US', { style: 'currency', currency: code });
    return (Intl.supportedValuesOf?.('currency') ?? [code]).includes(code);
  } catch {
    return false;
  }
}

/** An amount in the currency's minor unit (cents for USD, yen for JPY) as a customer reads it: `$240.00`, `¥1,200`. */
export function formatAmount(amountMinor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** digits);
}

/** A due date as a reminder says it: `March 15`, or `March 15, 2026` outside the current year of `now`. */
export function formatDueDate(date: string, now: Date): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const at = new Date(Date.UTC(year, month - 1, day));
  return at.toLocaleDateString('en-US', { timeZone: 'UTC', month: 'long', day: 'numeric', ...(year !== now.getUTCFullYear() ? { year: 'numeric' } : {}) });
}
