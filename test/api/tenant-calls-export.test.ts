import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { signup, startTestPlatform, type Platform } from '../support/platform';
import { caller, json, type Call, signedUpOwner, type Owner } from './support/accounts';

/**
 * A company exports its own call list as operators do (GET /api/v1/calls/export.csv): the
 * list's filters, its own calls only (a test key: its test calls only), newest first, and
 * spreadsheet-safe cells.
 */
describe("the company's own call export", () => {
  let platform: Platform;
  let db: Knex;
  let api: Call;
  let owner: Owner;
  const sid = () => `CA${randomBytes(16).toString('hex')}`;
  const calls: Record<string, string> = {};

  beforeAll(async () => {
    platform = await startTestPlatform({ lifecycleInSeconds: true });
    db = platform.owner;
    api = caller(platform.api.url);
    owner = await signedUpOwner(platform);
    const rival = (await json(await platform.post('/api/onboarding', signup()), 201)).tenant.id as string;
    // Call logs are written by the call workflow; here they are laid down directly, as history.
    const row = (tenantId: string, name: string, started: string, extra: Record<string, unknown> = {}) => {
      calls[name] = sid();
      return { tenant_id: tenantId, call_sid: calls[name], status: 'completed', started_at: new Date(started), from_number: '+16175550123', to_number: '+16175550100', ...extra };
    };
    await db('call_logs').insert([
      row(owner.tenantId, 'booked', '2025-03-01T10:00:00Z', { outcome: 'appointment_booked', summary: 'Furnace repair booked', details: JSON.stringify({ customer_name: 'Jane Smith', service_type: 'furnace' }) }),
      row(owner.tenantId, 'formula', '2025-03-02T10:00:00Z', { outcome: 'information', summary: '=HYPERLINK("http://example.com","click")', details: JSON.stringify({ customer_name: '@SUM(A1)' }) }),
      row(owner.tenantId, 'test', '2025-03-03T10:00:00Z', { outcome: 'information', is_test: true, summary: 'A test-mode call' }),
      row(rival, 'rival', '2025-03-02T12:00:00Z', { outcome: 'information', summary: 'Another company' }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await platform?.close();
  });

  const exported = async (token: string, query: Record<string, string | string[]> = {}) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) for (const value of ([] as string[]).concat(v)) params.append(k, value);
    const res = await api(`/api/v1/calls/export.csv?${params}`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="calls.csv"');
    const [header, ...rows] = parseCsv(await res.text());
    return rows.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]])));
  };

  it("gives a signed-in user their company's live calls, newest first, spreadsheet-safe, with the list's filters", async () => {
    const all = await exported(owner.session.access_token);
    expect(all.map((r) => r.call_sid)).toEqual([calls.formula, calls.booked]);
    expect(all[1]).toMatchObject({ company_name: owner.signup.company_name, outcome: 'appointment_booked', summary: 'Furnace repair booked', customer_name: 'Jane Smith', service_type: 'furnace', from_number: "'+16175550123", is_test: 'false', started_at: '2025-03-01T10:00:00.000Z' });
    // What a caller said never runs as a formula.
    expect(all[0]).toMatchObject({ summary: `'=HYPERLINK("http://example.com","click")`, customer_name: "'@SUM(A1)" });

    expect((await exported(owner.session.access_token, { outcome: 'appointment_booked' })).map((r) => r.call_sid)).toEqual([calls.booked]);
    expect((await exported(owner.session.access_token, { started_after: '2025-03-02T00:00:00Z' })).map((r) => r.call_sid)).toEqual([calls.formula]);
    expect(await exported(owner.session.access_token, { started_before: '2025-02-01T00:00:00Z' })).toEqual([]);
    const bad = await api('/api/v1/calls/export.csv?outcome=nonsense', { token: owner.session.access_token });
    expect(await json(bad, 422)).toMatchObject({ errors: { 'query.outcome': expect.any(String) } });
  });

  it('serves API keys with calls:read (a test key: the test calls), and refuses keys without it', async () => {
    const make = async (body: Record<string, unknown>) =>
      (await json(await api(`/api/admin/tenants/${owner.tenantId}/api-keys`, { token: owner.session.access_token, body: { name: 'export', ...body } }), 201)).key as string;
    const live = await make({ scopes: ['calls:read'] });
    const test = await make({ scopes: ['calls:read'], mode: 'test' });
    const usage = await make({ scopes: ['usage:read'] });
    expect((await exported(live)).map((r) => r.call_sid)).toEqual([calls.formula, calls.booked]);
    expect((await exported(test)).map((r) => [r.call_sid, r.is_test])).toEqual([[calls.test, 'true']]);
    expect((await api('/api/v1/calls/export.csv', { token: usage })).status).toBe(403);
    expect((await api('/api/v1/calls/export.csv')).status).toBe(401);
  });
});

/** RFC 4180, as a spreadsheet reads it: quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (quoted) cell += c;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else if (c !== '\r') cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}
