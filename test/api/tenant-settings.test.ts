import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { CALL_OUTCOMES } from '../../domain/call-summary';
import { PLAN_TIERS } from '../../domain/plans';
import { claimAreaCode } from '../support/area-codes';
import { OPERATOR_ID, signup, startTestPlatform, type Platform } from '../support/platform';

/** What an operator sees of a tenant's settings, its audit trail, numbers on offer and the dashboard figures. */
describe('tenant settings, audit log, available numbers and figures', () => {
  /** Dallas's: the numbers on offer say where they are. */
  const areaCode = claimAreaCode('214');
  let platform: Platform;
  let owner: Knex;
  /** Signed up on the professional plan, given a Dallas number and activated without a trial: paying. */
  let live: { id: string; company_name: string; phone_number: string };

  const onboard = async (overrides: Record<string, unknown> = {}) => {
    const res = await platform.post('/api/onboarding', signup(overrides));
    expect(res.status).toBe(201);
    return ((await res.json()) as any).tenant as { id: string };
  };
  const act = async (id: string, name: string, body: unknown = {}) => {
    const res = await platform.admin(`/api/admin/tenants/${id}/actions/${name}`, { body });
    expect({ name, status: res.status }).toEqual({ name, status: 200 });
    return (await res.json()) as any;
  };
  const getTenant = async (id: string) => (await (await platform.admin(`/api/admin/tenants/${id}`)).json()) as any;
  const put = (id: string, body: unknown) => platform.admin(`/api/admin/tenants/${id}`, { method: 'PUT', body });
  const list = async (resource: string, params: Record<string, unknown>) => {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, JSON.stringify(v)]));
    const res = await platform.admin(`/api/admin/${resource}?${query}`);
    expect(res.status).toBe(200);
    return { rows: (await res.json()) as any[], range: res.headers.get('content-range') };
  };
  const stats = async () => (await (await platform.admin('/api/admin/stats')).json()) as any;

  beforeAll(async () => {
    platform = await startTestPlatform({ lifecycleInSeconds: true, env: { TRIAL_DURATION: '1h', BILLING_CYCLE: '1h' } });
    owner = platform.owner;
    const { id } = await onboard({ plan_tier: 'professional' });
    await act(id, 'provision-number', { areaCode });
    // Billed by bank transfer (no card): active at once, its first invoice left open for the transfer.
    await act(id, 'confirm-billing');
    expect(await act(id, 'activate', { skipTrial: true })).toMatchObject({ status: 'active' });
    const tenant = await getTenant(id);
    live = { id, company_name: tenant.company_name, phone_number: tenant.phone_number };
  });
  afterAll(async () => {
    await platform.close();
  });

  it('puts calls through only to lines in DIAL_COUNTRIES, never at a premium rate, at sign-up and in the settings', async () => {
    const refused = async (res: Response) => {
      expect(res.status).toBe(422);
      return ((await res.json()) as { errors: Record<string, string> }).errors;
    };
    expect(await refused(await platform.post('/api/onboarding', signup({ forward_to_number: '+44 20 7183 8750' })))).toEqual({
      forward_to_number: 'calls are put through only to numbers in US, CA, not GB',
    });
    const { id } = await onboard();
    expect(await refused(await put(id, { emergency_phone: '+1 900 234 5678', forward_to_number: '+33 8 92 70 12 34' }))).toEqual({
      emergency_phone: 'calls are not put through to premium-rate numbers',
      forward_to_number: 'calls are put through only to numbers in US, CA, not FR',
    });
    // A Canadian line is one of the default countries.
    expect((await put(id, { forward_to_number: '+1 416 555 0123' })).status).toBe(200);
  });

  it('saves the edited settings normalised, ignores the rest of the record, and audits only what changed', async () => {
    const { id } = await onboard();
    const record = await getTenant(id);

    // react-admin PUTs the whole record back, read-only fields included.
    const res = await put(id, {
      ...record,
      company_name: 'Acme Heating & Air',
      timezone: 'america/chicago',
      forward_to_number: `(${areaCode}) 555-0134`,
      emergency_phone: `${areaCode}.555.0188`,
      business_hours: { ...record.business_hours, sat: { open: '09:00', close: '13:00' } },
      ai_settings: { voice: 'Polly.Matthew', greeting: 'Thanks for calling {company}!', emergency_keywords: [' sewage backup ', 'gas leak'] },
      status: 'active',
      plan_tier: 'premium',
      slug: 'someone-else',
      phone_number: `+1${areaCode}5550100`,
    });
    expect(res.status).toBe(200);
    const saved = await getTenant(id);
    expect(await res.json()).toEqual(saved);
    expect(saved).toMatchObject({
      company_name: 'Acme Heating & Air',
      timezone: 'America/Chicago',
      forward_to_number: `+1${areaCode}5550134`,
      emergency_phone: `+1${areaCode}5550188`,
      business_hours: { mon: { open: '08:00', close: '17:00' }, sat: { open: '09:00', close: '13:00' } },
      ai_settings: { voice: 'Polly.Matthew', greeting: 'Thanks for calling {company}!', emergency_keywords: ['sewage backup', 'gas leak'] },
      // untouched: neither edited nor editable
      owner_name: record.owner_name,
      owner_email: record.owner_email,
      owner_phone: '+16175550142',
      status: 'pending',
      plan_tier: 'starter',
      slug: record.slug,
      phone_number: null,
    });

    const audit = await list('audit-log', { filter: { tenant_id: id, action: 'tenant.settings_updated' } });
    expect(audit.range).toBe('audit-log 0-0/1');
    expect(audit.rows[0]).toMatchObject({
      tenant_id: id,
      actor_type: 'operator',
      actor_id: OPERATOR_ID,
      action: 'tenant.settings_updated',
      target_type: 'tenant',
      target_id: id,
    });
    expect(audit.rows[0].details).toEqual({
      before: {
        company_name: record.company_name,
        timezone: 'America/New_York',
        forward_to_number: '+16175550199',
        emergency_phone: null,
        business_hours: { sat: null },
        ai_settings: { voice: null, greeting: null, emergency_keywords: null },
      },
      after: {
        company_name: 'Acme Heating & Air',
        timezone: 'America/Chicago',
        forward_to_number: `+1${areaCode}5550134`,
        emergency_phone: `+1${areaCode}5550188`,
        business_hours: { sat: { open: '09:00', close: '13:00' } },
        ai_settings: { voice: 'Polly.Matthew', greeting: 'Thanks for calling {company}!', emergency_keywords: ['sewage backup', 'gas leak'] },
      },
    });

    // Saving the same record again changes nothing and audits nothing.
    expect((await put(id, saved)).status).toBe(200);
    // A cleared AI setting goes back to the agent's default; the others stay.
    const cleared = await put(id, { ...saved, emergency_phone: '', ai_settings: { ...saved.ai_settings, voice: null } });
    expect(cleared.status).toBe(200);
    expect(await cleared.json()).toMatchObject({
      emergency_phone: null,
      ai_settings: { greeting: 'Thanks for calling {company}!', emergency_keywords: ['sewage backup', 'gas leak'] },
    });
    expect((await getTenant(id)).ai_settings).not.toHaveProperty('voice');
    const after = await list('audit-log', { filter: { tenant_id: id, action: 'tenant.settings_updated' } });
    expect(after.rows.map((r) => r.details)).toEqual([
      { before: { emergency_phone: `+1${areaCode}5550188`, ai_settings: { voice: 'Polly.Matthew' } }, after: { emergency_phone: null, ai_settings: { voice: null } } },
      audit.rows[0].details,
    ]);
  });

  it('refuses invalid settings field by field, and saves nothing', async () => {
    const { id } = await onboard();
    const record = await getTenant(id);

    const res = await put(id, {
      ...record,
      timezone: 'Mars/Olympus',
      owner_phone: '12',
      forward_to_number: 'call me',
      company_name: '',
      business_hours: { mon: { open: '18:00', close: '08:00' } },
      ai_settings: { voice: 'Robot', language: 'en-US', emergency_keywords: ['gas leak', ''] },
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await res.json()) as any;
    expect(Object.keys(problem.errors).sort()).toEqual(
      ['ai_settings.emergency_keywords.1', 'ai_settings.voice', 'business_hours.mon', 'company_name', 'forward_to_number', 'owner_phone', 'timezone'].sort(),
    );
    expect(problem.errors['ai_settings.voice']).toMatch(/Polly\.Joanna/);
    expect(problem.errors.timezone).toMatch(/IANA/);

    // The voice speaks the language the agent listens in.
    const mismatch = await put(id, { ai_settings: { language: 'es-US' } });
    expect(mismatch.status).toBe(422);
    expect(((await mismatch.json()) as any).errors).toEqual({ 'ai_settings.voice': expect.stringMatching(/speaks en-US, not es-US/) });

    expect(await getTenant(id)).toEqual(record);
    expect((await list('audit-log', { filter: { tenant_id: id } })).rows.map((r) => r.action)).toEqual(['tenant.created']);

    const spanish = await put(id, { ai_settings: { language: 'es-US', voice: 'Polly.Lupe' } });
    expect(spanish.status).toBe(200);
    expect(((await spanish.json()) as any).ai_settings).toEqual({ language: 'es-US', voice: 'Polly.Lupe' });

    const taken = await put(id, { owner_email: (await getTenant(live.id)).owner_email.toUpperCase() });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as any).errors).toEqual({ owner_email: 'already has a tenant' });

    expect((await put(randomUUID(), record)).status).toBe(404);
  });

  it("shows the tenant's lifecycle transitions and settings changes in its audit log, newest first", async () => {
    expect((await put(live.id, { owner_name: 'Robin Owner' })).status).toBe(200);
    const audit = await list('audit-log', { filter: { tenant_id: live.id } });
    expect(audit.range).toBe('audit-log 0-5/6');
    expect(audit.rows.map((r) => r.action)).toEqual([
      'tenant.settings_updated',
      'tenant.activated',
      'tenant.billing_confirmed',
      'tenant.number_provisioned',
      'tenant.provisioning_started',
      'tenant.created',
    ]);
    expect(audit.rows[0].details).toEqual({ before: { owner_name: 'Dana Owner' }, after: { owner_name: 'Robin Owner' } });
    expect(audit.rows[1]).toMatchObject({ actor_type: 'operator', details: { from: 'pending', to: 'active' } });

    const oldestFirst = await list('audit-log', { filter: { tenant_id: live.id, action: ['tenant.created', 'tenant.activated'] }, sort: ['created_at', 'ASC'] });
    expect(oldestFirst.rows.map((r) => r.action)).toEqual(['tenant.created', 'tenant.activated']);
  });

  it('lists the numbers on offer in an area code with their capabilities', async () => {
    const res = await platform.admin(`/api/admin/tenants/${live.id}/available-numbers?areaCode=${areaCode}`);
    expect(res.status).toBe(200);
    const numbers = (await res.json()) as any[];
    expect(numbers.length).toBeGreaterThan(0);
    for (const n of numbers) {
      expect(n).toEqual({
        phone_number: expect.stringMatching(new RegExp(`^\\+1${areaCode}\\d{7}$`)),
        friendly_name: expect.stringMatching(new RegExp(`^\\(${areaCode}\\) \\d{3}-\\d{4}$`)),
        locality: 'Dallas',
        region: 'TX',
        capabilities: { voice: true, sms: expect.any(Boolean), mms: expect.any(Boolean) },
      });
    }
    // The number this tenant bought is no longer on offer.
    expect(numbers.map((n) => n.phone_number)).not.toContain(live.phone_number);

    const malformed = await platform.admin(`/api/admin/tenants/${live.id}/available-numbers?areaCode=12`);
    expect(malformed.status).toBe(422);
    expect(((await malformed.json()) as any).errors).toEqual({ 'query.areaCode': 'expected a 3-digit US area code' });
    expect((await platform.admin(`/api/admin/tenants/${randomUUID()}/available-numbers?areaCode=${areaCode}`)).status).toBe(404);
  });

  it("shows each listed tenant's usage of its open period", async () => {
    const pending = await onboard();
    const { rows } = await list('tenants', { filter: { id: [live.id, pending.id] } });
    const usage = Object.fromEntries(rows.map((t) => [t.id, t.usage]));
    expect(usage).toEqual({ [live.id]: { used: 0, included: 1500 }, [pending.id]: null });
  });

  it('serves the dashboard figures: MRR by plan, calls per day by outcome, open dead letters', async () => {
    const dayStart = (daysAgo: number) => {
      const now = new Date();
      return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo));
    };
    const at = (daysAgo: number, hour: number) => new Date(dayStart(daysAgo).getTime() + hour * 3_600_000);
    const call = (startedAt: Date, outcome: string | null, isTest = false) => ({
      tenant_id: live.id,
      call_sid: `CA${randomUUID().replaceAll('-', '')}`,
      from_number: `+1${areaCode}5550147`,
      to_number: live.phone_number,
      status: 'completed',
      started_at: startedAt,
      ended_at: new Date(startedAt.getTime() + 90_000),
      duration_seconds: 90,
      outcome,
      is_test: isTest,
    });
    // Days no other suite places calls on, so their counts are exactly these.
    const calls = [
      call(at(17, 9), 'appointment_booked'),
      call(at(17, 14), 'appointment_booked'),
      call(at(17, 23), 'voicemail'),
      call(at(17, 10), null),
      call(at(17, 11), 'spam', true),
      call(at(23, 0), 'emergency_transferred'),
      call(at(0, 0), 'information'),
    ];
    await owner('call_logs').insert(calls);
    const [deadLetter] = await owner('dead_letters')
      .insert({ tenant_id: live.id, workflow_id: `call-${calls[0]!.call_sid}`, step: 'summariseCall', error: 'the model did not answer', attempts: 8 })
      .returning('id');

    const figures = await stats();

    expect(Object.keys(figures.mrr_by_plan).sort()).toEqual([...PLAN_TIERS].sort());
    expect(figures.mrr_by_plan.professional).toBeGreaterThanOrEqual(149_700);
    expect(figures.mrr_cents).toBe(Object.values(figures.mrr_by_plan as Record<string, number>).reduce((a, b) => a + b, 0));

    const days = figures.calls_per_day as any[];
    expect(days.map((d) => d.day)).toEqual(Array.from({ length: 30 }, (_, i) => dayStart(29 - i).toISOString().slice(0, 10)));
    for (const d of days) expect(Object.keys(d).sort()).toEqual(['day', ...CALL_OUTCOMES].sort());
    const none = Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0]));
    expect(days[29 - 17]).toEqual({ ...none, day: dayStart(17).toISOString().slice(0, 10), appointment_booked: 2, voicemail: 1, other: 1 });
    expect(days[29 - 23]).toEqual({ ...none, day: dayStart(23).toISOString().slice(0, 10), emergency_transferred: 1 });
    expect(days[29].information).toBeGreaterThanOrEqual(1);

    const monthStart = dayStart(0);
    monthStart.setUTCDate(1);
    const thisMonth = calls.filter((c) => !c.is_test && c.started_at >= monthStart).length;
    expect(figures.calls_this_month).toBeGreaterThanOrEqual(thisMonth);

    expect(figures.dead_letters_open).toBeGreaterThanOrEqual(1);
    expect(figures.recent_dead_letters).toContainEqual({
      id: deadLetter.id,
      tenant_id: live.id,
      company_name: live.company_name,
      step: 'summariseCall',
      error: 'the model did not answer',
      created_at: expect.any(String),
    });
  });
});
