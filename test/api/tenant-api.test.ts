import { generateApiKey } from '../../lib/api-keys';
import { freePort } from '../../runtime/ports';
import { startExtraApi, liveTenant, placeCall, type CallPlatform, type ExtraApi, type LiveTenant } from '../calls/support';
import { startApi } from '../support/api';
import { claimAreaCode } from '../support/area-codes';
import { OPERATOR_ID, eventually, OPERATOR_TOKEN, signup, startTestPlatform } from '../support/platform';

const ALL_SCOPES = ['calls:read', 'appointments:read', 'appointments:write', 'usage:read', 'settings:read', 'settings:write'];

const BOOKING = ['Hi, my furnace is broken and I need a technician to come out', 'Tuesday at 10am', 'My name is Jane Smith, at 12 Oak Street, Boston', "No thanks, that's all. Bye"];

interface CreatedKey {
  id: string;
  key: string;
  display_prefix: string;
  name: string;
  scopes: string[];
  mode: string;
  expires_at: string | null;
  created_at: string;
}

/**
 * The tenant API as a company's own systems use it, on calls that really went through the
 * platform: keys created and revoked by an operator, each /api/v1 route refusing whatever
 * is not its tenant's, its scope's or its mode's, and the rate limits.
 */
describe('tenant API', () => {
  /** Company A's numbers, its people's included, and company B's. */
  const areaA = claimAreaCode();
  const areaB = claimAreaCode();
  let p: CallPlatform;
  let a: LiveTenant;
  let b: LiveTenant;
  const ids = { aLiveCall: '', aTestCall: '', bCall: '', aLiveAppointment: '', aTestAppointment: '', bAppointment: '' };
  const keys = {} as Record<'full' | 'test' | 'usageOnly' | 'callsOnly' | 'revoked' | 'expired' | 'b', CreatedKey>;

  const admin = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${p.apiUrl}/api/admin${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { Authorization: `Bearer ${OPERATOR_TOKEN}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const adminJson = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await admin(path, init);
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as any;
  };
  const createKey = async (tenantId: string, body: Record<string, unknown>): Promise<CreatedKey> =>
    adminJson(`/tenants/${tenantId}/api-keys`, { body: { name: 'integration', scopes: ALL_SCOPES, ...body } });
  const listKeys = (tenantId: string) => adminJson(`/tenants/${tenantId}/api-keys`);

  const v1 = (path: string, key: string | null, init: { method?: string; body?: unknown; base?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${init.base ?? p.apiUrl}/api/v1${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(key === null ? {} : { Authorization: `Bearer ${key}` }),
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const v1Json = async (path: string, key: string, init: { method?: string; body?: unknown } = {}) => {
    const res = await v1(path, key, init);
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as any;
  };

  /** The call's log once its workflow has summarised it. */
  const finishedCall = (callSid: string) =>
    eventually(async () => {
      const [row] = await adminJson(`/calls?filter=${encodeURIComponent(JSON.stringify({ call_sid: callSid }))}`);
      return row?.summary ? row : undefined;
    }, 60_000, `the call log of ${callSid}`);

  const setTestMode = (tenantId: string, on: boolean) => adminJson(`/tenants/${tenantId}`, { method: 'PUT', body: { is_test_mode: on } });

  const expectProblem = async (res: Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    return (await res.json()) as any;
  };

  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    p = await startTestPlatform({ calls: true, env: { CALL_TURN_BUDGET: '5s' } });
    [a, b] = await Promise.all([liveTenant(p, areaA), liveTenant(p, areaB)]);

    // A live booking in each company, then one booked by A in test mode.
    const [aLive, bLive] = await Promise.all([placeCall(p, a.phoneNumber, BOOKING), placeCall(p, b.phoneNumber, BOOKING)]);
    const [aLiveLog, bLog] = await Promise.all([finishedCall(aLive.sid), finishedCall(bLive.sid)]);
    await setTestMode(a.id, true);
    const aTest = await placeCall(p, a.phoneNumber, [BOOKING[0]!, 'Wednesday at 2pm', 'My name is Sam Test, at 7 Birch Road, Somerville', "No thanks, that's all. Bye"]);
    const aTestLog = await finishedCall(aTest.sid);
    await setTestMode(a.id, false);
    Object.assign(ids, {
      aLiveCall: aLiveLog.id,
      aTestCall: aTestLog.id,
      bCall: bLog.id,
      aLiveAppointment: aLiveLog.appointment_id,
      aTestAppointment: aTestLog.appointment_id,
      bAppointment: bLog.appointment_id,
    });
    expect(aTestLog.is_test).toBe(true);
    expect(Object.values(ids).every(Boolean)).toBe(true);

    keys.full = await createKey(a.id, { name: 'CRM sync' });
    keys.test = await createKey(a.id, { name: 'staging', mode: 'test' });
    keys.usageOnly = await createKey(a.id, { name: 'billing dashboard', scopes: ['usage:read'] });
    keys.callsOnly = await createKey(a.id, { name: 'call export', scopes: ['calls:read'] });
    keys.revoked = await createKey(a.id, { name: 'leaked' });
    keys.expired = await createKey(a.id, { name: 'short-lived', expires_at: new Date(Date.now() + 2_000).toISOString() });
    keys.b = await createKey(b.id, { name: 'other company' });

    expect((await v1('/usage', keys.expired.key)).status).toBe(200);
    expect((await admin(`/api-keys/${keys.revoked.id}`, { method: 'DELETE' })).status).toBe(204);
    await eventually(async () => (await v1('/usage', keys.expired.key)).status === 401, 10_000, 'the key to expire');
  }, 240_000);

  afterAll(() => p?.close());

  describe('keys', () => {
    it('are shown once, on creation, with their prefix, scopes and mode', async () => {
      expect(keys.full.key).toMatch(/^kst_live_[0-9A-Za-z]{38}$/);
      expect(keys.test.key).toMatch(/^kst_test_[0-9A-Za-z]{38}$/);
      expect(keys.full).toMatchObject({ name: 'CRM sync', scopes: ALL_SCOPES, mode: 'live', expires_at: null, display_prefix: keys.full.key.slice(0, 13) });

      const listed = await listKeys(a.id);
      const text = JSON.stringify(listed);
      for (const k of Object.values(keys)) expect(text).not.toContain(k.key);
      expect(text).not.toMatch(/[0-9a-f]{64}/); // no HMAC either
      expect(listed.map((k: any) => k.name)).toEqual(['short-lived', 'leaked', 'call export', 'billing dashboard', 'staging', 'CRM sync']);
      expect(listed.find((k: any) => k.id === keys.revoked.id).revoked_at).not.toBeNull();
      expect(Object.keys(listed[0]).sort()).toEqual(
        ['created_at', 'created_by', 'display_prefix', 'expires_at', 'id', 'last_used_at', 'mode', 'name', 'revoked_at', 'scopes', 'tenant_id'].sort(),
      );
    });

    it('are audited when created and revoked, with the operator as actor', async () => {
      const filter = encodeURIComponent(JSON.stringify({ tenant_id: a.id, action: ['api_key.created', 'api_key.revoked'] }));
      const entries = await adminJson(`/audit-log?filter=${filter}&range=[0,99]`);
      const revoked = entries.filter((e: any) => e.action === 'api_key.revoked');
      expect(revoked).toEqual([expect.objectContaining({ actor_type: 'operator', actor_id: OPERATOR_ID, target_id: keys.revoked.id })]);
      expect(entries.filter((e: any) => e.action === 'api_key.created').map((e: any) => e.target_id).sort()).toEqual(
        [keys.full, keys.test, keys.usageOnly, keys.callsOnly, keys.revoked, keys.expired].map((k) => k.id).sort(),
      );
      expect(JSON.stringify(entries)).not.toContain(keys.full.key);
    });

    it('refuse unknown scopes, naming the entry, and a past expiry', async () => {
      const res = await admin(`/tenants/${a.id}/api-keys`, { body: { name: 'x', scopes: ['calls:read', 'calls:write'] } });
      expect((await expectProblem(res, 422)).errors).toEqual({ 'scopes.1': expect.stringContaining('calls:read') });

      const past = await admin(`/tenants/${a.id}/api-keys`, { body: { name: 'x', scopes: ['calls:read'], expires_at: '2020-01-01T00:00:00Z' } });
      expect((await expectProblem(past, 422)).errors).toEqual({ expires_at: 'expected a time in the future' });

      const none = await admin(`/tenants/${a.id}/api-keys`, { body: { name: '', scopes: [], mode: 'sandbox' } });
      expect(Object.keys((await expectProblem(none, 422)).errors).sort()).toEqual(['mode', 'name', 'scopes']);
    });

    it('cannot be made for a tenant that does not exist, nor revoked twice into a new audit entry', async () => {
      expect((await admin('/tenants/00000000-0000-4000-8000-000000000000/api-keys', { body: { name: 'x', scopes: ['calls:read'] } })).status).toBe(404);
      expect((await admin('/api-keys/00000000-0000-4000-8000-000000000000', { method: 'DELETE' })).status).toBe(404);
      expect((await admin(`/api-keys/${keys.revoked.id}`, { method: 'DELETE' })).status).toBe(204);
      const filter = encodeURIComponent(JSON.stringify({ tenant_id: a.id, action: 'api_key.revoked' }));
      expect(await adminJson(`/audit-log?filter=${filter}`)).toHaveLength(1);
    });

    it('record their last use, at most once a minute', async () => {
      const fresh = await createKey(a.id, { name: 'last used', scopes: ['usage:read'] });
      expect((await listKeys(a.id)).find((k: any) => k.id === fresh.id).last_used_at).toBeNull();
      expect((await v1('/usage', fresh.key)).status).toBe(200);
      const first = await eventually(async () => (await listKeys(a.id)).find((k: any) => k.id === fresh.id).last_used_at, 10_000, 'last_used_at');
      for (let i = 0; i < 3; i++) expect((await v1('/usage', fresh.key)).status).toBe(200);
      expect((await listKeys(a.id)).find((k: any) => k.id === fresh.id).last_used_at).toBe(first);
    });
  });

  /** Every /api/v1 route: its scope, and (for one record) how to name another company's. */
  const ROUTES: Array<{ route: string; scope: string; path: () => string; method?: string; body?: () => unknown; othersPath?: () => string }> = [
    { route: 'GET /calls', scope: 'calls:read', path: () => '/calls' },
    { route: 'GET /calls/:id', scope: 'calls:read', path: () => `/calls/${ids.aLiveCall}`, othersPath: () => `/calls/${ids.bCall}` },
    { route: 'GET /appointments', scope: 'appointments:read', path: () => '/appointments' },
    {
      route: 'GET /appointments/:id',
      scope: 'appointments:read',
      path: () => `/appointments/${ids.aLiveAppointment}`,
      othersPath: () => `/appointments/${ids.bAppointment}`,
    },
    {
      route: 'POST /appointments',
      scope: 'appointments:write',
      method: 'POST',
      path: () => '/appointments',
      body: () => ({ customer_name: 'Pat Lee', starts_at: inAnHour() }),
    },
    {
      route: 'PATCH /appointments/:id',
      scope: 'appointments:write',
      method: 'PATCH',
      path: () => `/appointments/${ids.aLiveAppointment}`,
      body: () => ({ notes: 'gate code 4412' }),
      othersPath: () => `/appointments/${ids.bAppointment}`,
    },
    { route: 'GET /usage', scope: 'usage:read', path: () => '/usage' },
    { route: 'GET /settings', scope: 'settings:read', path: () => '/settings' },
    { route: 'PATCH /settings', scope: 'settings:write', method: 'PATCH', path: () => '/settings', body: () => ({ owner_name: 'Dana Integration' }) },
  ];

  describe.each(ROUTES)('$route', ({ scope, path, method, body, othersPath }) => {
    const call = (key: string | null, at = path()) => v1(at, key, { method, body: body?.() });

    it('answers a key with the scope', async () => {
      expect((await call(keys.full.key)).status).toBe(method === 'POST' ? 201 : 200);
    });

    it('refuses a request without credentials (401)', async () => {
      const res = await call(null);
      expect((await expectProblem(res, 401)).detail).toMatch(/API key is required/);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('refuses a revoked key (401)', async () => {
      expect((await expectProblem(await call(keys.revoked.key), 401)).detail).toMatch(/revoked/);
    });

    it('refuses an expired key (401)', async () => {
      expect((await expectProblem(await call(keys.expired.key), 401)).detail).toMatch(/expired/);
    });

    it('refuses a key it never issued, and a string that is no key (401)', async () => {
      await expectProblem(await call(generateApiKey('live')), 401);
      // One character changed: the checksum no longer matches (the last character was already an x one time in 62).
      const last = keys.full.key.at(-1) === 'x' ? 'y' : 'x';
      await expectProblem(await call(`${keys.full.key.slice(0, -1)}${last}`), 401);
      await expectProblem(await call('not-a-key-at-all-0123456789abcdef'), 401);
    });

    it('refuses a key without its scope (403), naming the scope', async () => {
      const other = scope === 'usage:read' ? keys.callsOnly : keys.usageOnly;
      const problem = await expectProblem(await call(other.key), 403);
      expect(problem).toMatchObject({ required_scope: scope });
      expect(problem.detail).toContain(scope);
    });

    if (othersPath) {
      it("does not find another company's record (404)", async () => {
        await expectProblem(await call(keys.full.key, othersPath()), 404);
        // Nor does the other company's own key find this one.
        await expectProblem(await call(keys.b.key), 404);
      });
    }
  });

  describe('lists', () => {
    it("hold only the key's company's records", async () => {
      const calls = await v1Json('/calls', keys.full.key);
      expect(calls.data.map((c: any) => c.id)).toEqual([ids.aLiveCall]);
      const appointments = await v1Json('/appointments?limit=100', keys.full.key);
      expect(appointments.data.every((x: any) => x.tenant_id === a.id)).toBe(true);
      expect(appointments.data.map((x: any) => x.id)).toContain(ids.aLiveAppointment);
      expect(appointments.data.map((x: any) => x.id)).not.toContain(ids.bAppointment);
      expect((await v1Json('/calls', keys.b.key)).data.map((c: any) => c.id)).toEqual([ids.bCall]);
    });

    it('page by cursor, soonest first, and say where the last page is', async () => {
      const paging = await createKey(a.id, { name: 'paging', mode: 'test', scopes: ['appointments:read', 'appointments:write'] });
      const starts = [3, 1, 2, 5, 4].map((days) => new Date(Date.UTC(2031, 0, days, 15)).toISOString());
      for (const [i, starts_at] of starts.entries()) {
        expect((await v1('/appointments', paging.key, { body: { customer_name: `Paging ${i}`, starts_at } })).status).toBe(201);
      }
      const after = encodeURIComponent('2030-12-31T00:00:00Z');
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page: any = await v1Json(`/appointments?starts_after=${after}&limit=2${cursor ? `&cursor=${cursor}` : ''}`, paging.key);
        expect(page.data.length).toBeLessThanOrEqual(2);
        seen.push(...page.data.map((x: any) => x.starts_at));
        cursor = page.next_cursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([...starts].sort());
    });

    it('refuse a bad limit or cursor, naming the parameter', async () => {
      const res = await v1('/calls?limit=0&cursor=not-a-cursor&outcome=maybe', keys.full.key);
      expect(Object.keys((await expectProblem(res, 422)).errors).sort()).toEqual(['query.cursor', 'query.limit', 'query.outcome']);
    });

    it('filter calls by outcome and time', async () => {
      const call = await v1Json(`/calls/${ids.aLiveCall}`, keys.full.key);
      const at = encodeURIComponent(call.started_at);
      expect((await v1Json(`/calls?outcome=${call.outcome}&started_after=${at}`, keys.full.key)).data).toHaveLength(1);
      expect((await v1Json(`/calls?started_before=${at}`, keys.full.key)).data).toHaveLength(0);
      const other = call.outcome === 'information' ? 'spam' : 'information';
      expect((await v1Json(`/calls?outcome=${other}`, keys.full.key)).data).toHaveLength(0);
    });
  });

  describe('one call', () => {
    it('comes with its transcript and the appointment it booked', async () => {
      const call = await v1Json(`/calls/${ids.aLiveCall}`, keys.full.key);
      expect(call).toMatchObject({ id: ids.aLiveCall, tenant_id: a.id, is_test: false, appointment_id: ids.aLiveAppointment });
      expect(call.transcript.length).toBeGreaterThanOrEqual(4);
      expect(call.transcript[0]).toEqual({ role: expect.stringMatching(/caller|agent/), text: expect.any(String), at: expect.any(String) });
      expect(call.appointment).toMatchObject({ id: ids.aLiveAppointment, customer_name: 'Jane Smith', is_test: false });
    });
  });

  describe('test keys', () => {
    it('see the calls taken in test mode, and only those', async () => {
      expect((await v1Json('/calls', keys.test.key)).data.map((c: any) => c.id)).toEqual([ids.aTestCall]);
      expect((await v1Json(`/calls/${ids.aTestCall}`, keys.test.key)).transcript.length).toBeGreaterThan(0);
      await expectProblem(await v1(`/calls/${ids.aLiveCall}`, keys.test.key), 404);
      await expectProblem(await v1(`/calls/${ids.aTestCall}`, keys.full.key), 404);
    });

    it('see sandbox appointments only: those booked in test mode and those made with a test key', async () => {
      const made = await v1Json('/appointments', keys.test.key, { body: { customer_name: 'Sandbox Sue', starts_at: inAnHour(), notes: 'try-out' } });
      expect(made).toMatchObject({ is_test: true, tenant_id: a.id, status: 'scheduled', duration_minutes: 60 });

      const sandbox = (await v1Json('/appointments?limit=100', keys.test.key)).data.map((x: any) => x.id);
      expect(sandbox).toEqual(expect.arrayContaining([ids.aTestAppointment, made.id]));
      expect(sandbox).not.toContain(ids.aLiveAppointment);
      const live = (await v1Json('/appointments?limit=100', keys.full.key)).data.map((x: any) => x.id);
      expect(live).toContain(ids.aLiveAppointment);
      expect(live).not.toContain(ids.aTestAppointment);
      expect(live).not.toContain(made.id);

      await expectProblem(await v1(`/appointments/${ids.aLiveAppointment}`, keys.test.key, { method: 'PATCH', body: { status: 'cancelled' } }), 404);
      await expectProblem(await v1(`/appointments/${made.id}`, keys.full.key, { method: 'PATCH', body: { status: 'cancelled' } }), 404);
      expect((await v1Json(`/appointments/${made.id}`, keys.test.key, { method: 'PATCH', body: { status: 'confirmed' } })).status).toBe('confirmed');
    });

    it('cannot read the activity log, which is live data', async () => {
      const problem = await expectProblem(await v1('/activity', keys.test.key), 403);
      expect(problem.detail).toBe('A test key cannot read the activity log, which is live data. Use a live key.');
      expect((await v1Json('/activity', keys.full.key)).data.length).toBeGreaterThan(0);
    });

    it('read the settings but cannot change them', async () => {
      expect((await v1Json('/settings', keys.test.key)).id).toBe(a.id);
      const problem = await expectProblem(await v1('/settings', keys.test.key, { method: 'PATCH', body: { owner_name: 'Sandbox' } }), 403);
      expect(problem.detail).toMatch(/test key/);
    });

    it('count the test-mode calls of the period as usage', async () => {
      const live = await v1Json('/usage', keys.full.key);
      const test = await v1Json('/usage', keys.test.key);
      expect(live).toMatchObject({ plan_tier: 'starter', plan_name: 'Starter', included: 500, used: 1, mode: 'live' });
      expect(test).toMatchObject({ plan_tier: 'starter', included: 500, used: 1, mode: 'test' });
      expect(new Date(live.period_end).getTime()).toBeGreaterThan(new Date(live.period_start).getTime());
    });
  });

  describe('appointments', () => {
    it('are booked and changed, each change audited with the key as actor', async () => {
      const made = await v1Json('/appointments', keys.full.key, {
        body: { customer_name: '  Chris Doe ', callback_number: `(${areaA}) 555-0123`, service_type: 'AC tune-up', starts_at: '2031-05-01T16:00:00Z', duration_minutes: 90 },
      });
      expect(made).toMatchObject({ customer_name: 'Chris Doe', callback_number: `+1${areaA}5550123`, duration_minutes: 90, is_test: false, call_sid: null });
      const moved = await v1Json(`/appointments/${made.id}`, keys.full.key, { method: 'PATCH', body: { starts_at: '2031-05-02T16:00:00Z', status: 'confirmed' } });
      expect(moved).toMatchObject({ id: made.id, status: 'confirmed', starts_at: '2031-05-02T16:00:00.000Z' });

      const filter = encodeURIComponent(JSON.stringify({ tenant_id: a.id, action: ['appointment.created', 'appointment.updated'] }));
      const entries = (await adminJson(`/audit-log?filter=${filter}&range=[0,99]`)).filter((e: any) => e.target_id === made.id);
      expect(entries.map((e: any) => [e.action, e.actor_type, e.actor_id])).toEqual([
        ['appointment.updated', 'api_key', keys.full.id],
        ['appointment.created', 'api_key', keys.full.id],
      ]);
    });

    it('refuse invalid fields, naming each', async () => {
      const res = await v1('/appointments', keys.full.key, { body: { customer_name: ' ', callback_number: 'call me', starts_at: 'tomorrow', duration_minutes: 5 } });
      expect(Object.keys((await expectProblem(res, 422)).errors).sort()).toEqual(['callback_number', 'customer_name', 'duration_minutes', 'starts_at']);
    });
  });

  describe('settings', () => {
    it('change with the validation the console has, audited with the key as actor', async () => {
      const invalid = await v1('/settings', keys.full.key, { method: 'PATCH', body: { forward_to_number: 'nope', ai_settings: { voice: 'Robot.Bob' } } });
      expect(Object.keys((await expectProblem(invalid, 422)).errors).sort()).toEqual(['ai_settings.voice', 'forward_to_number']);

      const changed = await v1Json('/settings', keys.full.key, { method: 'PATCH', body: { emergency_phone: `${areaA} 555 0199`, ai_settings: { greeting: 'Hello from the API' } } });
      expect(changed).toMatchObject({ id: a.id, emergency_phone: `+1${areaA}5550199`, ai_settings: expect.objectContaining({ greeting: 'Hello from the API' }) });
      expect(changed).not.toHaveProperty('workflow_id');
      expect((await v1Json('/settings', keys.full.key)).emergency_phone).toBe(`+1${areaA}5550199`);

      const filter = encodeURIComponent(JSON.stringify({ tenant_id: a.id, action: 'tenant.settings_updated' }));
      const [latest] = await adminJson(`/audit-log?filter=${filter}`);
      expect(latest).toMatchObject({ actor_type: 'api_key', actor_id: keys.full.id, details: { after: { emergency_phone: `+1${areaA}5550199`, ai_settings: { greeting: 'Hello from the API' } } } });
    });

    it('cannot switch its own metering off: test mode is for operators, and the refusal says so', async () => {
      const before = await v1Json('/settings', keys.full.key);
      const refused = await expectProblem(await v1('/settings', keys.full.key, { method: 'PATCH', body: { is_test_mode: true, owner_name: 'Mode Changer' } }), 422);
      expect(refused.errors).toEqual({ is_test_mode: "only Kestrel's operators switch test mode (test calls are not metered): ask support" });
      // Nothing of the refused request was kept.
      expect(await v1Json('/settings', keys.full.key)).toMatchObject({ is_test_mode: before.is_test_mode, owner_name: before.owner_name });
    });
  });

  describe('documentation', () => {
    it('lists every /api/v1 route under tenant-api, with the schemes (a key, or a person\'s session) and the scope it needs', async () => {
      const doc = (await (await fetch(`${p.apiUrl}/docs/openapi.json`)).json()) as any;
      expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
      for (const { route, scope } of ROUTES) {
        const [method, path] = route.split(' ');
        const op = doc.paths[`/api/v1${path!.replace(':id', '{id}')}`]?.[method!.toLowerCase()];
        expect(op).toMatchObject({ tags: ['tenant-api'], security: [{ apiKey: [scope] }, { session: [scope] }] });
      }
    });
  });

  describe('rate limits', () => {
    let limited: ExtraApi;
    let tenantId: string;

    beforeAll(async () => {
      limited = await startExtraApi(p, process.env.TEMPORAL_ADDRESS!, {
        env: { RATE_LIMIT_API_KEY: '5/1m', RATE_LIMIT_TENANT_API: '8/1m', RATE_LIMIT_ONBOARDING: '2/1m' },
      });
      // A company of its own, so that no other test's requests count against its limit.
      const res = await fetch(`${p.apiUrl}/api/onboarding`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(signup()) });
      tenantId = ((await res.json()) as any).tenant.id;
    });
    afterAll(() => limited?.close());

    it('let the request at the limit of a key through, and answer the next with 429 and Retry-After', async () => {
      const first = await createKey(tenantId, { name: 'busy', scopes: ['usage:read'] });
      for (let i = 1; i <= 5; i++) {
        const res = await v1('/usage', first.key, { base: limited.url });
        expect(res.status).toBe(200);
        expect(res.headers.get('ratelimit-policy')).toBe('"api-key";q=5;w=60, "tenant";q=8;w=60');
        expect(res.headers.get('ratelimit')).toMatch(new RegExp(`^"api-key";r=${5 - i};t=\\d+, "tenant";r=${8 - i};t=\\d+$`));
      }
      const over = await v1('/usage', first.key, { base: limited.url });
      const problem = await expectProblem(over, 429);
      expect(problem).toMatchObject({ title: 'Too Many Requests', type: '/docs#rate-limited' });
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(over.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(over.headers.get('ratelimit')).toMatch(/^"api-key";r=0;t=\d+$/);

      // The tenant's other keys share what is left of its limit: 3 more requests.
      const second = await createKey(tenantId, { name: 'also busy', scopes: ['usage:read'] });
      for (let i = 6; i <= 8; i++) expect((await v1('/usage', second.key, { base: limited.url })).status).toBe(200);
      const tenantOver = await v1('/usage', second.key, { base: limited.url });
      expect((await expectProblem(tenantOver, 429)).detail).toMatch(/tenant limit is 8 requests per 60 s/);
      expect(tenantOver.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(tenantOver.headers.get('ratelimit')).toMatch(/^"api-key";r=1;t=\d+, "tenant";r=0;t=\d+$/);
    });

    it('limit sign-ups per client address', async () => {
      const from = { 'X-Forwarded-For': '203.0.113.77' };
      const signUp = () =>
        fetch(`${limited.url}/api/onboarding`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...from }, body: JSON.stringify({}) });
      for (let i = 0; i < 2; i++) {
        const res = await signUp();
        expect(res.status).toBe(422);
        expect(res.headers.get('ratelimit-policy')).toBe('"onboarding";q=2;w=60');
      }
      const over = await signUp();
      await expectProblem(over, 429);
      expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
      // Another address has its own count.
      const elsewhere = await fetch(`${limited.url}/api/onboarding`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '203.0.113.78' },
        body: JSON.stringify({}),
      });
      expect(elsewhere.status).toBe(422);
    });

    it("let a company's requests through while the counters cannot be reached, but not sign-ups", async () => {
      // The limiter's database is an address where nothing listens; the rest of the API is up.
      const cut = await startApi({ databaseUrl: `postgres://kestrel_app:x@127.0.0.1:${await freePort()}/kestrel`, env: { RATE_LIMIT_ONBOARDING: '1/1m' } });
      try {
        for (let i = 0; i < 3; i++) {
          const res = await fetch(`${cut.url}/api/v1/usage`, { headers: { Authorization: `Bearer ${keys.full.key}` } });
          expect(res.status).toBe(200);
          expect(res.headers.get('ratelimit')).toBeNull();
        }
        // Unauthenticated work that the limits protect fails closed instead.
        const signUp = await fetch(`${cut.url}/api/onboarding`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
        await expectProblem(signUp, 503);
      } finally {
        await cut.close();
      }
    });
  });
});
