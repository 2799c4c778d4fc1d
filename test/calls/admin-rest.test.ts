import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Connection } from '@temporalio/client';
import { createApp } from '../../api/app';
import { createLogger } from '../../lib/logger';
import { claimAreaCode } from '../support/area-codes';
import { eventually, OPERATOR_TOKEN, signup, startTestPlatform } from '../support/platform';
import { liveTenant, placeCall, sandboxPost, type CallPlatform, type LiveTenant } from './support';

/**
 * What an operator sees of calls, appointments and emails through the admin API, after
 * real calls through the sandbox, and the call simulator driving one from the console.
 */
describe('admin REST: calls, appointments, emails, simulator', () => {
  const areaCode = claimAreaCode();
  let p: CallPlatform;
  let booking: LiveTenant;
  let testMode: LiveTenant;
  const sids = { booked: '', question: '', test: '' };

  const admin = (path: string, init: { method?: string; body?: unknown; token?: string | null } = {}) =>
    fetch(`${p.apiUrl}/api/admin${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.token === null ? {} : { Authorization: `Bearer ${init.token ?? OPERATOR_TOKEN}` }),
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  /** A list request in react-admin's dialect: the rows and the Content-Range header. */
  const list = async (resource: string, params: { filter?: unknown; sort?: [string, string]; range?: [number, number] } = {}) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) query.set(key, JSON.stringify(value));
    const res = await admin(`/${resource}?${query}`);
    if (res.status !== 200) throw new Error(`${resource}: ${res.status} ${await res.text()}`);
    return { rows: (await body(res)) as any[], range: res.headers.get('content-range') };
  };
  const sidsOf = async (filter: Record<string, unknown>) => (await list('calls', { filter, sort: ['started_at', 'ASC'] })).rows.map((r) => r.call_sid);

  /** The call's log once the call workflow has summarised it. */
  const finishedCall = (callSid: string) =>
    eventually(async () => {
      const { rows } = await list('calls', { filter: { call_sid: callSid } });
      return rows[0]?.summary ? rows[0] : undefined;
    }, 30_000, `the call log of ${callSid}`);

  const QUESTION_SUMMARY = 'Asked whether "Chicago Comfort" services radiators, then said goodbye, politely';

  beforeAll(async () => {
    p = await startTestPlatform({ calls: true, env: { CALL_TURN_BUDGET: '5s' } });
    booking = await liveTenant(p, areaCode);
    testMode = await liveTenant(p, areaCode);
    await p.owner('tenants').where({ id: testMode.id }).update({ is_test_mode: true });

    const booked = await placeCall(p, booking.phoneNumber, [
      'Hi, my furnace is broken and I need a technician to come out',
      'Tuesday at 10am',
      'My name is Jane Smith, at 12 Oak Street, Boston',
      "No thanks, that's all. Bye",
    ]);
    sids.booked = booked.sid;
    // The summariser would take the scripted replies below if it had not run yet.
    await finishedCall(booked.sid);

    // The agent ends the call; the summary holds a comma, quotes and a would-be formula.
    await sandboxPost(p, '/sandbox/openai/replies', {
      replies: [
        { tool_calls: [{ name: 'end_call', arguments: '{}' }] },
        {
          content: JSON.stringify({
            summary: QUESTION_SUMMARY,
            outcome: 'information',
            customer_name: '=HYPERLINK("http://example.com","Jo")',
            callback_number: null,
            service_type: 'radiator repair',
            sentiment: 'positive',
          }),
        },
      ],
    });
    sids.question = (await placeCall(p, booking.phoneNumber, ['Do you service cast iron radiators on weekends?'])).sid;
    await finishedCall(sids.question);

    sids.test = (await placeCall(p, testMode.phoneNumber, ['Do you install heat pumps?', 'bye'])).sid;
    await finishedCall(sids.test);
  }, 180_000);

  afterAll(async () => {
    await p?.close();
  });

  it("lists a tenant's calls with company, outcome and structured details, newest first, the total in Content-Range", async () => {
    const { rows, range } = await list('calls', { filter: { tenant_id: booking.id } });
    expect(range).toBe('calls 0-1/2');
    expect(rows.map((r) => r.call_sid)).toEqual([sids.question, sids.booked]);
    expect(rows[1]).toMatchObject({
      tenant_id: booking.id,
      company_name: booking.body.company_name,
      from_number: '+16175550123',
      to_number: booking.phoneNumber,
      status: 'completed',
      outcome: 'appointment_booked',
      appointment_id: expect.any(String),
      over_limit: false,
      is_test: false,
      details: expect.objectContaining({ customer_name: 'Jane Smith', sentiment: expect.any(String) }),
    });
    expect(Object.keys(rows[1].details).sort()).toEqual(['callback_number', 'customer_name', 'sentiment', 'service_type']);
    expect(new Date(rows[1].started_at).toISOString()).toBe(rows[1].started_at);
    expect(rows[1].duration_seconds).toBeGreaterThan(0);
    expect(rows[1]).not.toHaveProperty('transcript');
    expect(rows[0]).toMatchObject({ outcome: 'information', summary: QUESTION_SUMMARY, appointment_id: null });

    const page = await list('calls', { filter: { tenant_id: booking.id }, sort: ['started_at', 'ASC'], range: [1, 1] });
    expect(page.range).toBe('calls 1-1/2');
    expect(page.rows.map((r) => r.call_sid)).toEqual([sids.question]);
  });

  it('filters by outcome, test calls, text said or summarised, and start time', async () => {
    const both = [booking.id, testMode.id];
    expect(await sidsOf({ tenant_id: booking.id, outcome: 'appointment_booked' })).toEqual([sids.booked]);
    expect(await sidsOf({ tenant_id: booking.id, outcome: ['information', 'other'] })).toEqual([sids.question]);
    expect(await sidsOf({ tenant_id: both, is_test: true })).toEqual([sids.test]);
    expect(await sidsOf({ tenant_id: both, is_test: false })).toEqual([sids.booked, sids.question]);
    expect(await sidsOf({ tenant_id: both, over_limit: true })).toEqual([]);

    // In the transcript only (the caller's words), in the summary only, in neither.
    expect(await sidsOf({ tenant_id: both, q: 'CAST IRON' })).toEqual([sids.question]);
    expect(await sidsOf({ tenant_id: both, q: 'furnace is broken' })).toEqual([sids.booked]);
    expect(await sidsOf({ tenant_id: both, q: 'said goodbye, politely' })).toEqual([sids.question]);
    expect(await sidsOf({ tenant_id: both, q: 'role' })).toEqual([]);
    expect(await sidsOf({ tenant_id: both, q: '%' })).toEqual([]);

    const { rows } = await list('calls', { filter: { call_sid: sids.question } });
    const startedAt = rows[0].started_at as string;
    expect(await sidsOf({ tenant_id: booking.id, started_after: startedAt })).toEqual([sids.question]);
    expect(await sidsOf({ tenant_id: booking.id, started_before: startedAt })).toEqual([sids.booked]);
    expect(await sidsOf({ tenant_id: booking.id, started_after: new Date(Date.now() + 3_600_000).toISOString() })).toEqual([]);

    const bad = await admin(`/calls?filter=${encodeURIComponent(JSON.stringify({ outcome: 'booked', started_after: 'yesterday' }))}`);
    expect(bad.status).toBe(422);
    expect((await body(bad)).errors).toEqual({ 'query.filter.outcome': expect.any(String), 'query.filter.started_after': expect.any(String) });
  });

  it('shows a call with its transcript as a conversation and the appointment it booked', async () => {
    const [row] = (await list('calls', { filter: { call_sid: sids.booked } })).rows;
    const res = await admin(`/calls/${row.id}`);
    expect(res.status).toBe(200);
    const call = await body(res);
    expect(call.transcript.map((t: { role: string }) => t.role)).toEqual(['agent', 'caller', 'agent', 'caller', 'agent', 'caller', 'agent', 'caller', 'agent']);
    expect(call.transcript[0]).toEqual({ role: 'agent', text: `Thank you for calling ${booking.body.company_name}. How can I help you today?`, at: expect.any(String) });
    expect(call.transcript[5]).toMatchObject({ role: 'caller', text: 'My name is Jane Smith, at 12 Oak Street, Boston' });
    expect(call.appointment).toMatchObject({
      id: row.appointment_id,
      tenant_id: booking.id,
      company_name: booking.body.company_name,
      call_sid: sids.booked,
      customer_name: 'Jane Smith',
      status: 'scheduled',
    });

    const [question] = (await list('calls', { filter: { call_sid: sids.question } })).rows;
    expect((await body(await admin(`/calls/${question.id}`))).appointment).toBeNull();
    expect((await admin('/calls/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('exports the filtered calls as a CSV download that a spreadsheet reads back intact', async () => {
    // A company whose name a spreadsheet would run as a formula.
    const formulaName = '=1+2 Heating & Air';
    expect((await admin(`/tenants/${testMode.id}`, { method: 'PUT', body: { company_name: formulaName } })).status).toBe(200);
    const query = new URLSearchParams({ filter: JSON.stringify({ tenant_id: [booking.id, testMode.id] }), sort: JSON.stringify(['started_at', 'ASC']) });
    const res = await admin(`/calls/export.csv?${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="calls.csv"');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual([
      'call_sid',
      'company_name',
      'started_at',
      'ended_at',
      'duration_seconds',
      'from_number',
      'to_number',
      'status',
      'outcome',
      'summary',
      'customer_name',
      'callback_number',
      'service_type',
      'sentiment',
      'transferred_to',
      'over_limit',
      'is_test',
    ]);
    const records = rows.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]])));
    expect(records.map((r) => r.call_sid)).toEqual([sids.booked, sids.question, sids.test]);
    // Every text cell is spreadsheet-safe: a phone number's + would make it a formula.
    expect(records[0]).toMatchObject({ company_name: booking.body.company_name, outcome: 'appointment_booked', customer_name: 'Jane Smith', from_number: "'+16175550123", to_number: `'${booking.phoneNumber}`, is_test: 'false' });
    expect(new Date(records[0]!.started_at!).toISOString()).toBe(records[0]!.started_at);
    expect(records[1]).toMatchObject({ summary: QUESTION_SUMMARY, service_type: 'radiator repair', sentiment: 'positive', transferred_to: '' });
    // A formula spoken into a call stays text in a spreadsheet.
    expect(records[1]!.customer_name).toBe(`'=HYPERLINK("http://example.com","Jo")`);
    expect(records[2]).toMatchObject({ company_name: `'${formulaName}`, is_test: 'true', over_limit: 'false' });
    expect((await admin(`/tenants/${testMode.id}`, { method: 'PUT', body: { company_name: testMode.body.company_name } })).status).toBe(200);

    const none = await admin(`/calls/export.csv?${new URLSearchParams({ filter: JSON.stringify({ tenant_id: booking.id, q: 'no such words' }) })}`);
    expect(parseCsv(await none.text())).toEqual([header]);
  });

  it('exports a long history whole, in order', async () => {
    const onboarded = await fetch(`${p.apiUrl}/api/onboarding`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(signup()) });
    const { tenant } = await body(onboarded);
    const first = Date.parse('2024-01-01T00:00:00Z');
    const history = Array.from({ length: 1234 }, (_, i) => ({
      tenant_id: tenant.id,
      call_sid: `CA${tenant.id.replace(/-/g, '').slice(0, 24)}${i.toString(16).padStart(8, '0')}`,
      status: 'completed',
      started_at: new Date(first + i * 60_000),
      summary: `Call number ${i}`,
      outcome: 'information',
    }));
    for (let i = 0; i < history.length; i += 500) await p.owner('call_logs').insert(history.slice(i, i + 500));

    const res = await admin(`/calls/export.csv?${new URLSearchParams({ filter: JSON.stringify({ tenant_id: tenant.id }), sort: JSON.stringify(['started_at', 'DESC']) })}`);
    const [, ...rows] = parseCsv(await res.text());
    expect(rows.map((cells) => cells[9])).toEqual(history.map((h) => h.summary).reverse());
    expect(rows[0]![2]).toBe(new Date(first + 1233 * 60_000).toISOString());
  });

  it('lists, filters and updates appointments; a status the database does not allow is refused by field', async () => {
    const { rows, range } = await list('appointments', { filter: { tenant_id: booking.id } });
    expect(range).toBe('appointments 0-0/1');
    const [appointment] = rows;
    expect(appointment).toMatchObject({
      tenant_id: booking.id,
      company_name: booking.body.company_name,
      call_sid: sids.booked,
      customer_name: 'Jane Smith',
      callback_number: '+16175550123',
      service_address: { street: '12 Oak Street', city: 'Boston', postal_code: null },
      status: 'scheduled',
      duration_minutes: expect.any(Number),
      tenant_timezone: 'America/New_York',
    });
    expect(new Date(appointment.starts_at).toISOString()).toBe(appointment.starts_at);

    const ids = async (filter: Record<string, unknown>) => (await list('appointments', { filter: { tenant_id: booking.id, ...filter } })).rows.map((r) => r.id);
    expect(await ids({ q: 'jane' })).toEqual([appointment.id]);
    expect(await ids({ q: '5550123' })).toEqual([appointment.id]);
    expect(await ids({ call_sid: sids.booked })).toEqual([appointment.id]);
    expect(await ids({ status: 'cancelled' })).toEqual([]);
    expect(await ids({ starts_after: appointment.starts_at })).toEqual([appointment.id]);
    expect(await ids({ starts_before: appointment.starts_at })).toEqual([]);

    // react-admin sends the whole record back; only status, starts_at, notes and the address are taken.
    const startsAt = new Date(new Date(appointment.starts_at).getTime() + 3_600_000).toISOString();
    const put = await admin(`/appointments/${appointment.id}`, {
      method: 'PUT',
      body: { ...appointment, status: 'confirmed', starts_at: startsAt, notes: 'Side door, dog is friendly', customer_name: 'Someone Else' },
    });
    expect(put.status).toBe(200);
    const updated = await body(put);
    expect(updated).toMatchObject({ id: appointment.id, company_name: booking.body.company_name, status: 'confirmed', starts_at: startsAt, notes: 'Side door, dog is friendly', customer_name: 'Jane Smith' });
    expect(await ids({ status: ['confirmed', 'completed'] })).toEqual([appointment.id]);
    expect(await body(await admin(`/appointments/${appointment.id}`))).toEqual(updated);
    const [audit] = await p.owner('audit_log').where({ target_type: 'appointment', target_id: appointment.id });
    expect(audit).toMatchObject({ tenant_id: booking.id, actor_type: 'operator', action: 'appointment.updated' });
    expect(audit.details).toMatchObject({ before: { status: 'scheduled' }, after: { status: 'confirmed', starts_at: startsAt } });

    const bad = await admin(`/appointments/${appointment.id}`, { method: 'PUT', body: { status: 'rescheduled', starts_at: 'next Tuesday' } });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = await body(bad);
    expect(problem.errors).toEqual({ status: expect.stringContaining('scheduled, confirmed, completed, cancelled'), starts_at: expect.any(String) });

    const missing = await admin('/appointments/00000000-0000-4000-8000-000000000000', { method: 'PUT', body: { status: 'cancelled' } });
    expect(missing.status).toBe(404);
  });

  it("logs the signup's emails: the welcome to the owner, the signup notice to the operators", async () => {
    const welcome = await eventually(async () => {
      const { rows } = await list('emails', { filter: { tenant_id: booking.id, template: 'welcome' } });
      return rows[0]?.status === 'sent' && rows;
    }, 30_000, 'the welcome email sent');
    expect(welcome).toHaveLength(1);
    expect(welcome[0]).toMatchObject({
      tenant_id: booking.id,
      company_name: booking.body.company_name,
      channel: 'email',
      template: 'welcome',
      recipient: booking.body.owner_email,
      subject: `Welcome to Kestrel, ${booking.body.company_name}`,
      provider_id: expect.any(String),
      error: null,
    });
    expect(new Date(welcome[0].sent_at).toISOString()).toBe(welcome[0].sent_at);

    const own = await eventually(async () => {
      const { rows } = await list('emails', { filter: { tenant_id: booking.id }, sort: ['created_at', 'ASC'] });
      return rows.length >= 2 && rows;
    }, 30_000, "the owner's emails");
    expect(own.map((r) => r.template)).toEqual(['welcome', 'activated']);
    expect(own.every((r) => r.recipient === booking.body.owner_email)).toBe(true);

    const notice = await eventually(async () => (await list('emails', { filter: { q: `New tenant signup: ${booking.body.company_name}` } })).rows[0], 30_000, 'the signup notice');
    expect(notice).toMatchObject({ tenant_id: null, company_name: null, template: 'tenant_signup', recipient: p.config.OPERATOR_EMAIL });

    const detail = await body(await admin(`/emails/${welcome[0].id}`));
    expect(detail).toMatchObject({ id: welcome[0].id, template: 'welcome', payload: expect.any(Object) });
    expect((await admin('/emails/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('places a call from the console simulator: the greeting, an answer to typed speech, the hang-up, then the log', async () => {
    const placed = await admin('/simulator/calls', { body: { tenant_id: booking.id } });
    expect(placed.status).toBe(201);
    const call = await body(placed);
    expect(call).toMatchObject({ sid: expect.stringMatching(/^CA/), state: 'waiting' });
    expect(call.transcript).toEqual([{ speaker: 'agent', text: `Thank you for calling ${booking.body.company_name}. How can I help you today?` }]);

    const said = await admin(`/simulator/calls/${call.sid}/speech`, { body: { text: 'What are your hours on Saturday?' } });
    expect(said.status).toBe(200);
    const reply = await body(said);
    expect(reply.state).toBe('waiting');
    expect(reply.transcript.slice(1, 2)).toEqual([{ speaker: 'caller', text: 'What are your hours on Saturday?' }]);
    expect(reply.transcript).toHaveLength(3);
    expect(reply.transcript[2]).toMatchObject({ speaker: 'agent', text: expect.stringMatching(/\w/) });

    expect(await body(await admin(`/simulator/calls/${call.sid}`))).toMatchObject({ sid: call.sid, state: 'waiting', transcript: reply.transcript });

    const hungUp = await admin(`/simulator/calls/${call.sid}/hangup`, { body: {} });
    expect(hungUp.status).toBe(200);
    expect(await body(hungUp)).toMatchObject({ sid: call.sid, state: 'ended' });

    const late = await admin(`/simulator/calls/${call.sid}/speech`, { body: { text: 'Hello?' } });
    expect(late.status).toBe(409);
    expect(late.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await body(late)).toMatchObject({ status: 409, detail: 'The call is not waiting for the caller' });

    const log = await finishedCall(call.sid);
    expect(log).toMatchObject({ tenant_id: booking.id, from_number: '+12025550100', to_number: booking.phoneNumber });
    const detail = await body(await admin(`/calls/${log.id}`));
    expect(detail.transcript.filter((t: { role: string }) => t.role === 'caller').map((t: { text: string }) => t.text)).toEqual(['What are your hours on Saturday?']);

    expect((await admin(`/simulator/calls/CA${'0'.repeat(32)}`)).status).toBe(404);
  });

  it('refuses to simulate a call to a tenant without a number (409), or to no tenant (404)', async () => {
    const res = await fetch(`${p.apiUrl}/api/onboarding`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(signup()) });
    const { tenant } = await body(res);
    const refused = await admin('/simulator/calls', { body: { tenant_id: tenant.id } });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await body(refused)).toMatchObject({ status: 409, detail: expect.stringMatching(/no phone number/) });
    expect((await admin('/simulator/calls', { body: { tenant_id: '00000000-0000-4000-8000-000000000000' } })).status).toBe(404);
    expect((await admin('/simulator/calls', { body: {} })).status).toBe(422);
  });

  it('has no call simulator where Twilio is the real one', async () => {
    const config = { ...p.config, TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'a-real-looking-auth-token' };
    const temporalHealth = Connection.lazy({ address: process.env.TEMPORAL_ADDRESS! });
    const app = createApp({ config, logger: createLogger({ name: 'no-sandbox', level: 'silent' }), db: p.owner, temporal: p.temporal, temporalHealth });
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/admin/simulator/calls`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${OPERATOR_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ tenant_id: booking.id }),
      });
      expect(res.status).toBe(404);
      expect(await body(res)).toMatchObject({ status: 404, detail: 'The call simulator needs the provider sandbox' });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await temporalHealth.close();
    }
  });

  it('answers 401 without the operator token', async () => {
    for (const [path, body] of [['/calls', undefined], ['/calls/export.csv', undefined], ['/appointments', undefined], ['/emails', undefined], ['/simulator/calls', { tenant_id: booking.id }]] as const) {
      const res = await admin(path, { body, token: null });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect((await admin('/calls', { token: 'not-the-operator-token-at-all' })).status).toBe(401);
  });
});

const body = (res: Response): Promise<any> => res.json();

/** RFC 4180, as a spreadsheet reads it: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) cell += c;
    else if (c === ',') endCell();
    else if (c === '\n') endRow();
    else if (c !== '\r') cell += c;
  }
  if (cell || row.length) endRow();
  return rows;
}
