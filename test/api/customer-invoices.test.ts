import { formatDueDate, localDate } from '../../domain/customer-invoices';
import { customerInvoiceRemindersWorkflowId } from '../../workflows/customer-invoice-reminders';
import { liveTenant, operator, startCallPlatform, type CallPlatform, type LiveTenant } from '../calls/support';
import { claimAreaCode } from '../support/area-codes';
import { daytimeZone } from '../support/daytime-zone';
import { keepHistory } from '../support/histories';
import { eventually } from '../support/platform';
import { phoneTexts } from '../support/phone';

const SCOPES = ['customer-invoices:read', 'customer-invoices:write', 'contacts:read', 'messages:read'];
/** Reminders 6 s before the due moment, at it, 6 s and 20 s after (CUSTOMER_INVOICE_REMINDERS, in seconds rather than days). */
const REMINDERS = '-6s,0s,6s,20s';
const SECOND = 1000;

/**
 * A company's invoices to its customers through the real API, Temporal, Postgres and the
 * sandbox's phone: reminders at their (shortened) times before and after the due date, the
 * invoice marked overdue once it has passed, nothing more once it is marked paid; bad input
 * refused field by field. The company is in a zone where it is daytime now, so quiet hours
 * do not hold the reminders.
 */
describe('customer invoices', () => {
  const area = claimAreaCode();
  let p: CallPlatform;
  let company: LiveTenant;
  let key: string;
  let zone: string;
  const customer = (line: string) => `+1${area}555${line}`;

  const v1 = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${p.apiUrl}/api/v1${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { Authorization: `Bearer ${key}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const json = async (res: Response, status: number): Promise<any> => {
    const body = await res.json();
    if (res.status !== status) throw new Error(`${res.url}: ${res.status}, expected ${status}: ${JSON.stringify(body)}`);
    return body;
  };
  /** The customer's phone: what the company's number texted it, oldest first. */
  const phone = async (number: string) => (await phoneTexts(p, number, company.phoneNumber)).reverse();
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    p = await startCallPlatform({ CUSTOMER_INVOICE_REMINDERS: REMINDERS });
    zone = daytimeZone();
    company = await liveTenant(p, area, { timezone: zone });
    key = (await operator(p, `/api/admin/tenants/${company.id}/api-keys`, { name: 'accounts', scopes: SCOPES })).key;
  }, 120_000);
  afterAll(() => p?.close());

  it('reminds before and after the due moment, marks the invoice overdue, and stops the moment it is paid', async () => {
    const to = customer('0401');
    const due = new Date(Date.now() + 10 * SECOND);
    const invoice = await json(
      await v1('/customer-invoices', {
        body: { phone: to, name: 'Jane Smith', number: 'INV-1042', amount_cents: 24_000, currency: 'usd', due_date: due.toISOString(), pay_link: 'https://pay.example.com/inv-1042' },
      }),
      201,
    );
    expect(invoice).toMatchObject({ number: 'INV-1042', amount_cents: 24_000, currency: 'USD', status: 'pending', due_date: localDate(due, zone), pay_link: 'https://pay.example.com/inv-1042' });
    expect(Date.parse(invoice.due_at)).toBe(due.getTime());

    const reminder = `${company.body.company_name}: invoice INV-1042 for $240.00 is due ${formatDueDate(invoice.due_date, new Date())}. Pay here: https://pay.example.com/inv-1042`;
    const texts = await eventually(async () => {
      const got = await phone(to);
      return got.length >= 3 && got;
    }, 60_000, 'three reminders');
    expect(texts.map((m) => m.body)).toEqual([reminder, reminder, reminder]);

    // Each went at its time, not before: 6 s before the due moment, at it, 6 s after.
    const log = await json(await v1(`/messages?contact_id=${invoice.contact_id}&kind=customer_invoice_reminder`), 200);
    const sentAt = log.data.map((m: { created_at: string }) => Date.parse(m.created_at)).sort((a: number, b: number) => a - b);
    const dueAt = due.getTime();
    expect(sentAt).toHaveLength(3);
    [dueAt - 6 * SECOND, dueAt, dueAt + 6 * SECOND].forEach((at, i) => expect(sentAt[i]).toBeGreaterThanOrEqual(at - 500));

    const overdue = await json(await v1(`/customer-invoices/${invoice.id}`), 200);
    expect(overdue).toMatchObject({ status: 'overdue', overdue_at: expect.any(String) });
    expect(Date.parse(overdue.overdue_at)).toBeGreaterThanOrEqual(dueAt - 500);

    const paid = await json(await v1(`/customer-invoices/${invoice.id}`, { method: 'PATCH', body: { status: 'paid' } }), 200);
    expect(paid).toMatchObject({ status: 'paid', paid_at: expect.any(String) });
    const handle = p.temporal.workflow.getHandle(customerInvoiceRemindersWorkflowId(invoice.id));
    await handle.result();
    // Past the time of the last reminder (20 s after the due moment), none came.
    await sleep(Math.max(0, dueAt + 23 * SECOND - Date.now()));
    expect(await phone(to)).toHaveLength(3);
    keepHistory('customerInvoiceReminders-0', await handle.fetchHistory());

    const changed = await json(await v1(`/customer-invoices/${invoice.id}`, { method: 'PATCH', body: { amount_cents: 100 } }), 422);
    expect(changed.errors).toEqual({ status: expect.stringMatching(/paid/) });
  }, 120_000);

  it('marks an invoice past its due date overdue at once, without late reminders, and pending again when the date moves', async () => {
    const to = customer('0402');
    const yesterday = localDate(new Date(Date.now() - 86_400_000), zone);
    const invoice = await json(await v1('/customer-invoices', { body: { phone: to, number: 'INV-1043', amount_cents: 5_000, due_date: yesterday } }), 201);
    expect(invoice).toMatchObject({ due_date: yesterday, due_at: null, currency: 'USD', pay_link: null });
    await eventually(async () => (await json(await v1(`/customer-invoices/${invoice.id}`), 200)).status === 'overdue', 20_000, 'the overdue mark');
    const listed = await json(await v1('/customer-invoices?status=overdue'), 200);
    expect(listed.data.map((i: { id: string }) => i.id)).toContain(invoice.id);

    const nextWeek = localDate(new Date(Date.now() + 7 * 86_400_000), zone);
    const moved = await json(await v1(`/customer-invoices/${invoice.id}`, { method: 'PATCH', body: { due_date: nextWeek } }), 200);
    expect(moved).toMatchObject({ status: 'pending', due_date: nextWeek, overdue_at: null });
    const voided = await json(await v1(`/customer-invoices/${invoice.id}`, { method: 'PATCH', body: { status: 'void' } }), 200);
    expect(voided).toMatchObject({ status: 'void', voided_at: expect.any(String) });
    await p.temporal.workflow.getHandle(customerInvoiceRemindersWorkflowId(invoice.id)).result();
    expect(await phone(to)).toEqual([]);
  }, 60_000);

  it('refuses bad input field by field, a number the company has used, and a status that is not the company to set', async () => {
    const bad = await json(
      await v1('/customer-invoices', { body: { number: ' ', amount_cents: -5, currency: 'dollars', due_date: '15/03/2025', pay_link: 'ftp://pay.example.com' } }),
      422,
    );
    expect(Object.keys(bad.errors).sort()).toEqual(['amount_cents', 'contact_id', 'currency', 'due_date', 'number', 'pay_link']);
    expect(bad.errors.currency).toMatch(/ISO 4217/);
    expect(bad.errors.due_date).toMatch(/2025-03-15/);
    expect(bad.errors.pay_link).toMatch(/http/);
    const impossible = await json(await v1('/customer-invoices', { body: { phone: customer('0403'), number: 'X-1', amount_cents: 100, due_date: '2025-02-30' } }), 422);
    expect(Object.keys(impossible.errors)).toEqual(['due_date']);

    const later = localDate(new Date(Date.now() + 30 * 86_400_000), zone);
    const invoice = await json(await v1('/customer-invoices', { body: { phone: customer('0403'), number: 'INV-2001', amount_cents: 9_900, currency: 'EUR', due_date: later } }), 201);
    const taken = await json(await v1('/customer-invoices', { body: { phone: customer('0404'), number: 'INV-2001', amount_cents: 100, due_date: later } }), 409);
    expect(taken.detail).toMatch(/INV-2001/);
    const overdue = await json(await v1(`/customer-invoices/${invoice.id}`, { method: 'PATCH', body: { status: 'overdue' } }), 422);
    expect(overdue.errors).toEqual({ status: expect.stringMatching(/set by Kestrel/) });
    await json(await v1('/customer-invoices/00000000-0000-4000-8000-000000000000'), 404);
  });
});
