import { liveTenant, operator, placeCall, startCallPlatform, type CallPlatform, type LiveTenant } from '../calls/support';
import { claimAreaCode } from '../support/area-codes';
import { eventually } from '../support/platform';

const SCOPES = ['contacts:read', 'contacts:write', 'appointments:write', 'messages:read'];
const BOOKING = ['Hi, my furnace is broken and I need a technician to come out', 'Tuesday at 10am', 'My name is Jane Smith, at 12 Oak Street, Boston', "No thanks, that's all. Bye"];

/**
 * A company's contacts through the real API: made or matched by phone from its calls and
 * appointments, added and changed through the tenant API, imported from CSV with a report
 * of the rows refused, and never another company's.
 */
describe('contacts', () => {
  const areaA = claimAreaCode();
  const areaB = claimAreaCode();
  let p: CallPlatform;
  let a: LiveTenant;
  let b: LiveTenant;
  const keys = { a: '', b: '', test: '' };
  const number = (line: string) => `+1${areaA}555${line}`;

  const v1 = (path: string, key: string, init: { method?: string; body?: unknown; contentType?: string } = {}) =>
    fetch(`${p.apiUrl}/api/v1${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        Authorization: `Bearer ${key}`,
        ...(init.body === undefined ? {} : { 'Content-Type': init.contentType ?? 'application/json' }),
      },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
  const json = async (res: Response, status: number): Promise<any> => {
    const body = await res.json();
    if (res.status !== status) throw new Error(`${res.url}: ${res.status}, expected ${status}: ${JSON.stringify(body)}`);
    return body;
  };
  const contactBy = async (phone: string, key = keys.a) => (await json(await v1(`/contacts?q=${encodeURIComponent(phone)}`, key), 200)).data as any[];

  beforeAll(async () => {
    p = await startCallPlatform({ CALL_TURN_BUDGET: '5s' });
    [a, b] = await Promise.all([liveTenant(p, areaA), liveTenant(p, areaB)]);
    const key = async (tenantId: string, extra: Record<string, unknown> = {}) =>
      (await operator(p, `/api/admin/tenants/${tenantId}/api-keys`, { name: 'crm', scopes: SCOPES, ...extra })).key as string;
    [keys.a, keys.b, keys.test] = await Promise.all([key(a.id), key(b.id), key(a.id, { mode: 'test' })]);
  }, 120_000);
  afterAll(() => p?.close());

  it('makes a contact of a caller, and matches the same caller when they book', async () => {
    const caller = number('0123');
    await placeCall(p, a.phoneNumber, ["Hi, what are your opening hours?", "Thanks, bye"], { from: caller });
    const [fromCall] = await eventually(async () => {
      const found = await contactBy(caller);
      return found.length > 0 && found;
    }, 60_000, "the caller's contact");
    expect(fromCall).toMatchObject({ phone: caller, source: 'call', preferred_channel: 'sms', sms_consent: true, sms_opted_out_at: null });

    await placeCall(p, a.phoneNumber, BOOKING, { from: caller });
    // The same contact, now with the name the caller gave.
    const [named] = await eventually(async () => {
      const found = await contactBy(caller);
      return found[0]?.name && found;
    }, 60_000, 'the name from the booking');
    expect(named).toMatchObject({ id: fromCall.id, name: 'Jane Smith', source: 'call' });
    expect(await contactBy(caller, keys.b)).toEqual([]);
  }, 150_000);

  it('makes a contact of the customer of an appointment booked through the API', async () => {
    const customer = number('0124');
    await json(await v1('/appointments', keys.a, { body: { customer_name: 'Pat Jones', callback_number: customer, starts_at: '2031-03-04T15:00:00Z' } }), 201);
    const [contact] = await contactBy(customer);
    expect(contact).toMatchObject({ phone: customer, name: 'Pat Jones', source: 'appointment' });
  });

  it('adds, reads and changes contacts; one per number; field-by-field refusals', async () => {
    const created = await json(await v1('/contacts', keys.a, { body: { phone: `(${areaA}) 555-0130`, name: '  Sam Lee ', email: 'sam@example.com' } }), 201);
    expect(created).toMatchObject({ phone: number('0130'), name: 'Sam Lee', email: 'sam@example.com', source: 'api', whatsapp_consent: false });
    expect(await json(await v1(`/contacts/${created.id}`, keys.a), 200)).toEqual(created);

    const twice = await json(await v1('/contacts', keys.a, { body: { phone: number('0130') } }), 409);
    expect(twice.contact_id).toBe(created.id);

    const invalid = await json(await v1('/contacts', keys.a, { body: { phone: '12', email: 'nope', preferred_channel: 'fax', time_zone: 'Mars/Olympus' } }), 422);
    expect(Object.keys(invalid.errors).sort()).toEqual(['email', 'phone', 'preferred_channel', 'time_zone']);

    const changed = await json(
      await v1(`/contacts/${created.id}`, keys.a, { method: 'PATCH', body: { preferred_channel: 'whatsapp', whatsapp_consent: true, time_zone: 'America/Chicago', name: null } }),
      200,
    );
    expect(changed).toMatchObject({ id: created.id, preferred_channel: 'whatsapp', whatsapp_consent: true, time_zone: 'America/Chicago', name: null });
    const audit = await p.owner('audit_log').where({ tenant_id: a.id, target_id: created.id }).orderBy('id').pluck('action');
    expect(audit).toEqual(['contact.created', 'contact.updated']);

    // Another company's key finds nothing of it; a test key reaches no contacts, which are live data.
    expect((await v1(`/contacts/${created.id}`, keys.b)).status).toBe(404);
    expect((await v1(`/contacts/${created.id}`, keys.b, { method: 'PATCH', body: { name: 'Intruder' } })).status).toBe(404);
    expect((await v1('/contacts', keys.test)).status).toBe(403);
  });

  it('pages through contacts, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const pageOf: any = await json(await v1(`/contacts?limit=2${cursor ? `&cursor=${cursor}` : ''}`, keys.a), 200);
      expect(pageOf.data.length).toBeLessThanOrEqual(2);
      seen.push(...pageOf.data.map((c: any) => c.created_at as string));
      cursor = pageOf.next_cursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it('imports a CSV row by row: a report of the rows refused with their reasons, nothing half-imported', async () => {
    const csv = [
      'phone,name,email,preferred_channel,sms_consent',
      `${number('0140')},Ann Avery,ann@example.com,sms,yes`,
      `${number('0130')},Sam Lee,,,`, // the company has this number: updated
      `${number('0141')},Bad Email,not-an-email,,`,
      `,No Number,,,`,
      `${number('0142')},"Chris, the plumber",,whatsapp,no`,
      `${number('0140')},Ann Again,,,`,
    ].join('\n');
    const report = await json(await v1('/contacts/import', keys.a, { body: csv, contentType: 'text/csv' }), 200);
    expect(report).toEqual({
      created: 2,
      updated: 1,
      refused: [
        { line: 4, errors: { email: '"not-an-email" is not an e-mail address' } },
        { line: 5, errors: { phone: 'expected a phone number' } },
        { line: 7, errors: { phone: `${number('0140')} is on line 2 already` } },
      ],
    });
    expect(await contactBy(number('0141'))).toEqual([]);
    expect((await contactBy(number('0140')))[0]).toMatchObject({ name: 'Ann Avery', source: 'import' });
    expect((await contactBy(number('0142')))[0]).toMatchObject({ name: 'Chris, the plumber', preferred_channel: 'whatsapp', sms_consent: false });
    expect((await contactBy(number('0130')))[0]).toMatchObject({ name: 'Sam Lee', source: 'api' });

    // The same as JSON; a file without a phone column is refused as a whole.
    const again = await json(await v1('/contacts/import', keys.a, { body: { csv: `Phone,Name\n${number('0143')},Dee` } }), 200);
    expect(again).toEqual({ created: 1, updated: 0, refused: [] });
    const unreadable = await json(await v1('/contacts/import', keys.a, { body: { csv: 'name\nDee' } }), 422);
    expect(unreadable.errors.csv).toMatch(/no phone column/);
  });
});
