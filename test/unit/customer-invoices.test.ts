import {
  customerInvoiceDue,
  customerInvoiceReminderKey,
  customerInvoiceStatusRefusal,
  customerInvoiceSteps,
  formatAmount,
  formatDueDate,
  isCurrency,
  localDate,
} from '../../domain/customer-invoices';

const NEW_YORK = 'America/New_York';
const DAY = 86_400_000;

describe('customer invoices', () => {
  it('is due through its due date in the company zone, or at a due moment when one is given', () => {
    expect(customerInvoiceDue({ date: '2025-03-15', at: null }, NEW_YORK)).toEqual({ anchor: '2025-03-15T04:00:00.000Z', overdueAt: '2025-03-16T04:00:00.000Z' });
    // The clocks change overnight: the day still ends at local midnight.
    expect(customerInvoiceDue({ date: '2025-03-08', at: null }, NEW_YORK)).toEqual({ anchor: '2025-03-08T05:00:00.000Z', overdueAt: '2025-03-09T05:00:00.000Z' });
    expect(customerInvoiceDue({ date: '2025-03-31', at: null }, NEW_YORK).overdueAt).toBe('2025-04-01T04:00:00.000Z');
    expect(customerInvoiceDue({ date: '2025-03-15', at: '2025-03-15T21:00:00Z' }, NEW_YORK)).toEqual({ anchor: '2025-03-15T21:00:00.000Z', overdueAt: '2025-03-15T21:00:00.000Z' });
    expect(localDate(new Date('2025-03-16T02:00:00Z'), NEW_YORK)).toBe('2025-03-15');
  });

  it('orders reminders and the overdue turn in time, each offset once', () => {
    const due = customerInvoiceDue({ date: '2025-03-15', at: null }, NEW_YORK);
    const steps = customerInvoiceSteps(due, [3 * DAY, -3 * DAY, 0, 7 * DAY, 0]);
    expect(steps.map((s) => (s.kind === 'overdue' ? 'overdue' : s.offsetMs / DAY))).toEqual([-3, 0, 'overdue', 3, 7]);
    expect(new Date(steps[0]!.at).toISOString()).toBe('2025-03-12T04:00:00.000Z');
    // Due at a moment: a reminder at that moment comes after the invoice turns overdue.
    const moment = customerInvoiceDue({ date: '2025-03-15', at: '2025-03-15T17:00:00Z' }, NEW_YORK);
    expect(customerInvoiceSteps(moment, [0]).map((s) => s.kind)).toEqual(['overdue', 'reminder']);
  });

  it('keys a reminder by invoice, offset and due date', () => {
    const due = customerInvoiceDue({ date: '2025-03-15', at: null }, NEW_YORK);
    expect(customerInvoiceReminderKey('i1', -3 * DAY, due)).toBe(`customer-invoice:i1:reminder:${-3 * DAY}:2025-03-15T04:00:00.000Z`);
    const moved = customerInvoiceDue({ date: '2025-03-20', at: null }, NEW_YORK);
    expect(customerInvoiceReminderKey('i1', -3 * DAY, moved)).not.toBe(customerInvoiceReminderKey('i1', -3 * DAY, due));
  });

  it('lets the company mark an open invoice paid or void, and nothing after', () => {
    expect(customerInvoiceStatusRefusal('pending', 'paid')).toBeUndefined();
    expect(customerInvoiceStatusRefusal('overdue', 'paid')).toBeUndefined();
    expect(customerInvoiceStatusRefusal('pending', 'void')).toBeUndefined();
    expect(customerInvoiceStatusRefusal('pending', 'overdue')).toMatch(/set by Kestrel/);
    expect(customerInvoiceStatusRefusal('overdue', 'pending')).toMatch(/due date is moved/);
    expect(customerInvoiceStatusRefusal('paid', 'pending')).toMatch(/paid/);
    expect(customerInvoiceStatusRefusal('void', 'paid')).toMatch(/void/);
    expect(customerInvoiceStatusRefusal('paid', 'paid')).toBeUndefined();
  });

  it('writes amounts in the currency minor unit and knows currencies', () => {
    expect(formatAmount(24_000, 'USD')).toBe('$240.00');
    expect(formatAmount(1_200, 'JPY')).toBe('¥1,200');
    expect(formatAmount(1_500, 'EUR')).toBe('€15.00');
    expect(isCurrency('USD')).toBe(true);
    expect(isCurrency('usd')).toBe(false);
    expect(isCurrency('XYZ')).toBe(false);
    expect(formatDueDate('2025-03-15', new Date('2025-01-02T00:00:00Z'))).toBe('March 15');
    expect(formatDueDate('2026-01-05', new Date('2025-12-20T00:00:00Z'))).toBe('January 5, 2026');
  });
});
