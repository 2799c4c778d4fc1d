import { randomUUID } from 'node:crypto';
import { messagingActivities } from '../../activities/messaging';
import { localParts } from '../../domain/local-time';
import { liveTenant, operator, startCallPlatform, type CallPlatform, type LiveTenant } from '../calls/support';
import { claimAreaCode } from '../support/area-codes';
import { OPERATOR_ID, OPERATOR_TOKEN } from '../support/platform';

const SCOPES = ['settings:read', 'settings:write', 'messages:read', 'messages:write'];

const pad = (n: number) => String(n).padStart(2, '0');
/** `HH:MM` of the clock in `timeZone`, `hours` from now. */
function clockIn(timeZone: string, hours: number): string {
  const { hour, minute } = localParts(new Date(Date.now() + hours * 3600_000), timeZone);
  return `${pad(hour)}:${pad(minute)}`;
}

/**
 * A company's quiet hours and send rate for texts, as settings: the company sets them on
 * the tenant API, an operator on the admin API, each field checked on its own and each
 * change audited; what Kestrel starts during quiet hours waits for their end, and texts
 * past the rate are refused until the minute is over.
 */
describe('messaging settings: quiet hours and send rate', () => {
  const area = claimAreaCode();
  let p: CallPlatform;
  let company: LiveTenant;
  let key: string;

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
  const settingsAudit = async () => {
    const filter = encodeURIComponent(JSON.stringify({ tenant_id: company.id, action: 'tenant.settings_updated' }));
    return (await operator(p, `/api/admin/audit-log?filter=${filter}&sort=${encodeURIComponent('["created_at","DESC"]')}`)) as any[];
  };

  beforeAll(async () => {
    p = await startCallPlatform();
    company = await liveTenant(p, area);
    key = (await operator(p, `/api/admin/tenants/${company.id}/api-keys`, { name: 'office', scopes: SCOPES })).key;
  }, 120_000);
  afterAll(() => p?.close());

  it('starts at 21:00–08:00 and 60 texts a minute, and the company changes them, audited', async () => {
    expect(await json(await v1('/settings'), 200)).toMatchObject({ quiet_hours_start: '21:00', quiet_hours_end: '08:00', message_rate_per_minute: 60 });

    const saved = await json(await v1('/settings', { method: 'PATCH', body: { quiet_hours_start: '20:30', quiet_hours_end: '07:45', message_rate_per_minute: 120 } }), 200);
    expect(saved).toMatchObject({ quiet_hours_start: '20:30', quiet_hours_end: '07:45', message_rate_per_minute: 120 });
    expect(await json(await v1('/settings'), 200)).toMatchObject({ quiet_hours_start: '20:30', quiet_hours_end: '07:45', message_rate_per_minute: 120 });

    const [entry] = await settingsAudit();
    expect(entry).toMatchObject({ actor_type: 'api_key', target_id: company.id });
    expect(entry.details).toEqual({
      before: { quiet_hours_start: '21:00', quiet_hours_end: '08:00', message_rate_per_minute: 60 },
      after: { quiet_hours_start: '20:30', quiet_hours_end: '07:45', message_rate_per_minute: 120 },
    });

    // The same values again change nothing, and are not audited again.
    await json(await v1('/settings', { method: 'PATCH', body: { quiet_hours_start: '20:30', message_rate_per_minute: 120 } }), 200);
    expect(await settingsAudit()).toHaveLength(1);
  });

  it('refuses a bad time or rate field by field, and keeps what was there', async () => {
    const before = await json(await v1('/settings'), 200);
    const problem = await json(await v1('/settings', { method: 'PATCH', body: { quiet_hours_start: '24:00', quiet_hours_end: '7:00', message_rate_per_minute: 0 } }), 422);
    expect(problem.errors).toEqual({
      quiet_hours_start: 'expected a time of day as HH:MM, from 00:00 to 23:59',
      quiet_hours_end: 'expected a time of day as HH:MM, from 00:00 to 23:59',
      message_rate_per_minute: 'expected at least 1 text a minute',
    });
    for (const [rate, reason] of [
      [601, 'expected at most 600 texts a minute'],
      [2.5, 'expected a whole number of texts a minute'],
      ['60', 'expected a whole number of texts a minute'],
    ] as const) {
      expect((await json(await v1('/settings', { method: 'PATCH', body: { message_rate_per_minute: rate } }), 422)).errors).toEqual({ message_rate_per_minute: reason });
    }
    expect((await json(await v1('/settings', { method: 'PATCH', body: { quiet_hours_end: '' } }), 422)).errors).toEqual({ quiet_hours_end: 'cannot be empty' });
    expect(await json(await v1('/settings'), 200)).toEqual(before);
  });

  it('lets an operator set them in the tenant settings, as the operator', async () => {
    const res = await fetch(`${p.apiUrl}/api/admin/tenants/${company.id}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${OPERATOR_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ quiet_hours_start: '22:00', quiet_hours_end: '06:00', message_rate_per_minute: 30 }),
    });
    expect(await json(res, 200)).toMatchObject({ quiet_hours_start: '22:00', quiet_hours_end: '06:00', message_rate_per_minute: 30 });
    expect(await operator(p, `/api/admin/tenants/${company.id}`)).toMatchObject({ quiet_hours_start: '22:00', quiet_hours_end: '06:00', message_rate_per_minute: 30 });
    const [entry] = await settingsAudit();
    expect(entry).toMatchObject({ actor_type: 'operator', actor_id: OPERATOR_ID });
    expect(entry.details.after).toEqual({ quiet_hours_start: '22:00', quiet_hours_end: '06:00', message_rate_per_minute: 30 });
  });

  it("holds what Kestrel starts until the company's quiet hours end", async () => {
    const zone = (await json(await v1('/settings'), 200)).timezone as string;
    // Quiet from an hour ago until two hours from now, on the company's clock: whenever the test runs, it is quiet now.
    const end = clockIn(zone, 2);
    await json(await v1('/settings', { method: 'PATCH', body: { quiet_hours_start: clockIn(zone, -1), quiet_hours_end: end } }), 200);

    const { sendCustomerMessage } = messagingActivities(p.config, p.twilio);
    const outcome = await sendCustomerMessage({ tenantId: company.id, key: `reminder-${randomUUID()}`, kind: 'appointment_reminder', to: `+1${area}5550161`, variables: {} });
    expect(outcome.status).toBe('held');
    const { hour, minute } = localParts(new Date(outcome.sendAfter!), zone);
    expect(`${pad(hour)}:${pad(minute)}`).toBe(end);
    expect(new Date(outcome.sendAfter!).getTime()).toBeGreaterThan(Date.now());

    // A reply the company writes is an answer to the customer: it goes at once, quiet or not.
    const reply = await json(await v1('/messages', { body: { to: `+1${area}5550162`, body: 'Yes, we can come on Friday.' } }), 201);
    expect(['queued', 'sent', 'delivered']).toContain(reply.status);

    // Equal bounds: never quiet.
    await json(await v1('/settings', { method: 'PATCH', body: { quiet_hours_start: '00:00', quiet_hours_end: '00:00' } }), 200);
    const now = await sendCustomerMessage({ tenantId: company.id, key: `reminder-${randomUUID()}`, kind: 'appointment_reminder', to: `+1${area}5550163`, variables: {} });
    expect(now.status).toBe('queued');
  });

  it('refuses texts past the send rate until the minute is over', async () => {
    await json(await v1('/settings', { method: 'PATCH', body: { message_rate_per_minute: 1 } }), 200);
    // The earlier texts of this minute count: send until the rate refuses one.
    const statuses: number[] = [];
    for (let i = 0; i < 4 && !statuses.includes(429); i++) {
      const res = await v1('/messages', { body: { to: `+1${area}555017${i}`, body: `Text ${i}` } });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(((await res.json()) as { detail: string }).detail).toMatch(/1 messages a minute/);
      }
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(1);
  });
});
