import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yauzl from 'yauzl';
import { caller, json, type Call } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { eventually, OPERATOR_TOKEN, startTestPlatform } from '../support/platform';
import { liveTenant, sandboxPost, type CallPlatform, type LiveTenant } from './support';

/** Not the sign-up's default zone, so a record's zone is seen to be its company's. */
const ZONE = 'America/Chicago';
const AT_ELM_STREET = { street: '42 Elm Street', city: 'Cambridge', postal_code: '02139' };

/**
 * The address of the visit: the caller says it, the agent asks for it when it was not
 * said and reads it back, the appointment keeps it, the admin and tenant APIs show it
 * (operators with the company's time zone), edit it field by field, and the company's
 * data export carries it.
 */
describe('the address of the visit', () => {
  const areaCode = claimAreaCode();
  let p: CallPlatform;
  let api: Call;
  const exportDir = mkdtempSync(path.join(tmpdir(), 'kestrel-address-export-'));

  beforeAll(async () => {
    p = await startTestPlatform({ calls: true, env: { CALL_TURN_BUDGET: '5s', EXPORT_DIR: exportDir } });
    api = caller(p.apiUrl);
  });
  afterAll(async () => {
    await p?.close();
    rmSync(exportDir, { recursive: true, force: true });
  });

  const admin = (path: string, init: { method?: string; body?: unknown } = {}) => api(`/api/admin${path}`, { ...init, token: OPERATOR_TOKEN });
  const company = () => liveTenant(p, areaCode, { timezone: ZONE });
  /** A key of the company's own, for the tenant API. */
  const keyOf = async (tenant: LiveTenant): Promise<string> =>
    (await json(await admin(`/tenants/${tenant.id}/api-keys`, { body: { name: 'booking tool', scopes: ['appointments:read', 'appointments:write', 'calls:read'] } }), 201)).key;

  const sandbox = async (path: string, body: unknown): Promise<any> => {
    const res = await fetch(`${p.sandbox.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  /** A call the test talks through turn by turn: each turn answers with what the agent said to it. */
  const interactiveCall = async (tenant: LiveTenant) => {
    const { sid } = await sandbox('/sandbox/calls', { from: '+16175550123', to: tenant.phoneNumber, interactive: true });
    return {
      sid,
      say: async (text: string): Promise<string> => {
        const answer = await sandbox(`/sandbox/calls/${sid}/speech`, { text });
        return answer.transcript.filter((l: { speaker: string }) => l.speaker === 'agent').at(-1).text;
      },
      hangUp: () => sandbox(`/sandbox/calls/${sid}/hangup`, {}),
    };
  };

  /** The appointments an operator sees for a call. */
  const appointmentsOfCall = async (callSid: string): Promise<any[]> =>
    json(await admin(`/appointments?${new URLSearchParams({ filter: JSON.stringify({ call_sid: callSid }) })}`), 200);

  /** The day after today in the zone, as YYYY-MM-DD. */
  const tomorrowIn = (zone: string) => {
    const [y, m, d] = new Date().toLocaleDateString('en-CA', { timeZone: zone }).split('-').map(Number);
    return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10);
  };
  /** An instant as the company reads it: "2026-12-07 09:00". */
  const companyTime = (instant: string, zone: string) => {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(instant));
    const part = (type: string) => parts.find((x) => x.type === type)!.value;
    return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
  };

  it("books the visit at the address the caller gives, reads it back, and shows it in both APIs with the company's time zone", async () => {
    const tenant = await company();
    const call = await interactiveCall(tenant);
    await call.say('Hi, my furnace is broken, can you send a technician tomorrow at 9am?');
    const confirmation = await call.say('My name is Ann Lee, the address is 42 Elm Street, Cambridge, MA 02139');
    expect(confirmation).toMatch(/all set for tomorrow at 9:00 AM, at 42 Elm Street, Cambridge, MA 02139/i);
    await call.say("No thanks, that's all. Bye");
    await call.hangUp();

    const [appointment] = await appointmentsOfCall(call.sid);
    expect(appointment).toMatchObject({ tenant_id: tenant.id, customer_name: 'Ann Lee', service_address: AT_ELM_STREET, tenant_timezone: ZONE });
    // The visit is at 9 in the morning of tomorrow where the company is.
    expect(companyTime(appointment.starts_at, appointment.tenant_timezone)).toBe(`${tomorrowIn(ZONE)} 09:00`);
    expect(await json(await admin(`/appointments/${appointment.id}`), 200)).toEqual(appointment);

    // The call's records carry the zone too, and its detail the booked address.
    const log = await eventually(async () => {
      const [row] = await json(await admin(`/calls?${new URLSearchParams({ filter: JSON.stringify({ call_sid: call.sid }) })}`), 200);
      return row?.summary ? row : undefined;
    }, 30_000, 'the call log');
    expect(log).toMatchObject({ appointment_id: appointment.id, tenant_timezone: ZONE });
    const detail = await json(await admin(`/calls/${log.id}`), 200);
    expect(detail).toMatchObject({ tenant_timezone: ZONE, appointment: { id: appointment.id, service_address: AT_ELM_STREET, tenant_timezone: ZONE } });
    // The agent read the address back, as the transcript shows.
    expect(detail.transcript.filter((t: { role: string }) => t.role === 'agent').map((t: { text: string }) => t.text)).toContainEqual(
      expect.stringMatching(/42 Elm Street, Cambridge/),
    );

    // The company's own API.
    const key = await keyOf(tenant);
    const own = await json(await api(`/api/v1/appointments/${appointment.id}`, { token: key }), 200);
    expect(own).toMatchObject({ id: appointment.id, starts_at: appointment.starts_at, service_address: AT_ELM_STREET });
    const listed = await json(await api('/api/v1/appointments', { token: key }), 200);
    expect(listed.data).toEqual([own]);
    expect((await json(await api(`/api/v1/calls/${log.id}`, { token: key }), 200)).appointment).toMatchObject({ service_address: AT_ELM_STREET });
  });

  it('asks a caller who gave no address for it before booking, then books it there', async () => {
    const tenant = await company();
    const call = await interactiveCall(tenant);
    await call.say('My water heater is not working, could someone come tomorrow at 2pm?');
    const askedName = await call.say('This is Ben Ortiz');
    expect(askedName).toMatch(/what's the address where you need the visit\?/i);
    expect(await appointmentsOfCall(call.sid)).toEqual([]);

    // A street without its town: the town is asked for, and the answer is the town alone.
    expect(await call.say('7 Birch Road')).toMatch(/which city or town is 7 Birch Road in\?/i);
    expect(await appointmentsOfCall(call.sid)).toEqual([]);
    expect(await call.say('Somerville')).toMatch(/all set for tomorrow at 2:00 PM, at 7 Birch Road, Somerville\./i);
    await call.hangUp();

    const [appointment] = await appointmentsOfCall(call.sid);
    expect(appointment).toMatchObject({ customer_name: 'Ben Ortiz', service_address: { street: '7 Birch Road', city: 'Somerville', postal_code: null } });
  });

  it('refuses a booking the model makes without an address, and the model asks the caller for it', async () => {
    const tenant = await company();
    const call = await interactiveCall(tenant);
    // The model books at once, before anyone said where.
    await sandboxPost(p, '/sandbox/openai/replies', {
      replies: [{ tool_calls: [{ name: 'book_appointment', arguments: { customer_name: 'Cara Diaz', service_type: 'furnace repair', date: 'tomorrow', time: '11am' } }] }],
    });
    const asked = await call.say('This is Cara Diaz, my furnace is broken, can someone come tomorrow at 11am?');
    expect(asked).toMatch(/before I book that, what's the address where you need the visit\?/i);
    expect(await appointmentsOfCall(call.sid)).toEqual([]);

    const confirmed = await call.say("It's 5 Pine Lane in Newton, 02458");
    expect(confirmed).toMatch(/all set for tomorrow at 11:00 AM, at 5 Pine Lane, Newton 02458/i);
    await call.hangUp();
    const [appointment] = await appointmentsOfCall(call.sid);
    expect(appointment.service_address).toEqual({ street: '5 Pine Lane', city: 'Newton', postal_code: '02458' });
  });

  it('creates and edits the address through both APIs, refusing a bad one field by field', async () => {
    const tenant = await company();
    const key = await keyOf(tenant);
    const startsAt = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();

    // Made by the company: at its own shop (no address), and at a customer's.
    const atShop = await json(await api('/api/v1/appointments', { token: key, body: { customer_name: 'Dee Walk-in', starts_at: startsAt } }), 201);
    expect(atShop.service_address).toBeNull();
    const visit = await json(
      await api('/api/v1/appointments', { token: key, body: { customer_name: 'Eve Park', starts_at: startsAt, service_address: { street: ' 9  Maple Avenue ', city: 'Quincy' } } }),
      201,
    );
    expect(visit.service_address).toEqual({ street: '9 Maple Avenue', city: 'Quincy', postal_code: null });

    const problem = async (res: Response) => {
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      return ((await res.json()) as { errors: Record<string, string> }).errors;
    };
    const bad = { service_address: { street: '   ', city: 'C'.repeat(101), postal_code: 'not a ZIP!' } };
    const expected = {
      'service_address.street': 'expected a street, e.g. 42 Elm Street',
      'service_address.city': 'expected at most 100 characters',
      'service_address.postal_code': 'expected a postal code such as 02139',
    };
    expect(await problem(await api(`/api/v1/appointments/${visit.id}`, { token: key, method: 'PATCH', body: bad }))).toEqual(expected);
    expect(await problem(await admin(`/appointments/${visit.id}`, { method: 'PUT', body: bad }))).toEqual(expected);
    expect(await problem(await api('/api/v1/appointments', { token: key, body: { customer_name: 'Eve Park', starts_at: startsAt, ...bad } }))).toEqual(expected);
    expect(Object.keys(await problem(await admin(`/appointments/${visit.id}`, { method: 'PUT', body: { service_address: '42 Elm Street, Cambridge' } })))).toEqual([
      'service_address',
    ]);
    // Nothing of a refused edit was kept.
    expect((await json(await api(`/api/v1/appointments/${visit.id}`, { token: key }), 200)).service_address).toEqual(visit.service_address);

    const moved = await json(await api(`/api/v1/appointments/${visit.id}`, { token: key, method: 'PATCH', body: { service_address: AT_ELM_STREET } }), 200);
    expect(moved.service_address).toEqual(AT_ELM_STREET);
    // An operator edits the whole record, as the console sends it back.
    const byOperator = await json(await admin(`/appointments/${visit.id}`, { method: 'PUT', body: { ...moved, service_address: { street: '10 Main St', city: 'Boston', postal_code: '02108' } } }), 200);
    expect(byOperator).toMatchObject({ service_address: { street: '10 Main St', city: 'Boston', postal_code: '02108' }, tenant_timezone: ZONE });
    const cleared = await json(await admin(`/appointments/${visit.id}`, { method: 'PUT', body: { service_address: null } }), 200);
    expect(cleared.service_address).toBeNull();
  });

  it("carries the address in the company's data export", async () => {
    const tenant = await company();
    const key = await keyOf(tenant);
    const startsAt = new Date(Date.now() + 4 * 24 * 3600_000).toISOString();
    const made = await json(await api('/api/v1/appointments', { token: key, body: { customer_name: 'Fay Lin', starts_at: startsAt, service_address: AT_ELM_STREET } }), 201);

    const started = await json(await admin(`/tenants/${tenant.id}/actions/export`, { body: {} }), 202);
    const done = await eventually(
      async () => {
        const record = await json(await admin(`/exports/${started.id}`), 200);
        if (record.status === 'failed') throw new Error(`the export failed: ${record.error}`);
        return record.status === 'completed' && record;
      },
      60_000,
      'the export to complete',
    );
    const zip = Buffer.from(await (await fetch(`${p.apiUrl}${done.download_url}`)).arrayBuffer());
    const rows = (await entry(zip, 'appointments.ndjson')).split('\n').filter(Boolean).map((line) => JSON.parse(line));
    expect(rows).toEqual([expect.objectContaining({ id: made.id, service_street: '42 Elm Street', service_city: 'Cambridge', service_postal_code: '02139' })]);
  });
});

/** One entry of a zip, as text. */
async function entry(zip: Buffer, name: string): Promise<string> {
  const file = await yauzl.fromBufferPromise(zip, { lazyEntries: true });
  return new Promise<string>((resolve, reject) => {
    file.on('error', reject);
    file.on('end', () => reject(new Error(`no ${name} in the zip`)));
    file.on('entry', (found: yauzl.Entry) => {
      if (found.fileName !== name) return file.readEntry();
      file.openReadStream(found, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      });
    });
    file.readEntry();
  });
}
