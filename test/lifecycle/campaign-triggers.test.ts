import { randomUUID } from 'node:crypto';
import { ScheduleOverlapPolicy } from '@temporalio/client';
import { localParts } from '../../domain/local-time';
import { ensureSeasonalCampaignSchedule } from '../../worker/schedules';
import { SEASONAL_CAMPAIGN_SCHEDULE_ID, seasonalCampaignRun } from '../../workflows/seasonal-campaign-run';
import { liveTenant, operator, startCallPlatform, type CallPlatform, type LiveTenant } from '../calls/support';
import { claimAreaCode } from '../support/area-codes';
import { daytimeZone } from '../support/daytime-zone';
import { keepHistory } from '../support/histories';
import { OPERATOR_TOKEN, eventually } from '../support/platform';
import { phoneTexts, textFrom } from '../support/phone';

const SCOPES = ['contacts:read', 'contacts:write', 'messages:read', 'appointments:read', 'appointments:write', 'campaigns:read', 'campaigns:write'];
const DAY = 86_400_000;

/**
 * Campaign triggers through the real API, Temporal (its schedule too), Postgres and the
 * sandbox's Twilio: a seasonal campaign reaches the customers not seen for its months and
 * no one else, once per season however often its run is repeated; a visit marked completed
 * by an operator enrols its customer in the review request as the company's own change does.
 */
describe('campaign triggers', () => {
  const area = claimAreaCode();
  const zone = daytimeZone();
  let p: CallPlatform;
  let company: LiveTenant;
  let key: string;
  const mobile = (line: string) => `+1${area}555${line}`;

  const v1 = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${p.apiUrl}/api/v1${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { Authorization: `Bearer ${key}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const json = async (res: Response, status: number): Promise<any> => {
    const body = res.status === 204 ? null : await res.json();
    if (res.status !== status) throw new Error(`${res.url}: ${res.status}, expected ${status}: ${JSON.stringify(body)}`);
    return body;
  };
  /** What the company's number texted this phone, oldest first. */
  const phone = async (number: string): Promise<string[]> => (await phoneTexts(p, number, company.phoneNumber)).map((m) => m.body).reverse();
  const contact = async (line: string, name: string) => (await json(await v1('/contacts', { body: { phone: mobile(line), name, time_zone: zone } }), 201)) as { id: string; phone: string };
  const visit = async (who: { phone: string }, name: string, startsAt: Date, status = 'scheduled') =>
    json(await v1('/appointments', { body: { customer_name: name, callback_number: who.phone, starts_at: startsAt.toISOString(), status } }), 201);
  const campaign = (body: Record<string, unknown>) => v1('/campaigns', { body }).then((res) => json(res, 201));
  const enrolments = async (campaignId: string) => (await json(await v1(`/campaigns/${campaignId}/enrollments?limit=100`), 200)).data as any[];
  const monthsAgo = (n: number) => new Date(Date.now() - n * 31 * DAY);

  beforeAll(async () => {
    // The test polls the API for what the workflows do; the key's rate limit is not under test here.
    p = await startCallPlatform({ RATE_LIMIT_API_KEY: '100000/1m', RATE_LIMIT_TENANT_API: '100000/1m' });
    company = await liveTenant(p, area, { timezone: zone });
    key = (await operator(p, `/api/admin/tenants/${company.id}/api-keys`, { name: 'marketing', scopes: SCOPES })).key;
  }, 120_000);
  afterAll(() => p?.close());

  it('saves when and whom a seasonal campaign reaches, and refuses what does not fit field by field', async () => {
    const bad = await json(
      await v1('/campaigns', { body: { name: 'Fall', trigger: 'seasonal', trigger_settings: { months: [13], day: 31, months_since_visit: 0 } } }),
      422,
    );
    expect(bad.errors).toEqual({
      'trigger_settings.months.0': 'expected a month, 1 to 12',
      'trigger_settings.day': expect.stringMatching(/1 to 28/),
      'trigger_settings.months_since_visit': expect.stringMatching(/1 to 60/),
    });
    const notSeasonal = await json(await v1('/campaigns', { body: { name: 'Review', trigger: 'appointment_completed', trigger_settings: { day: 1, months_since_visit: 6 } } }), 422);
    expect(notSeasonal.errors).toEqual({ 'trigger_settings.day': 'only a seasonal campaign has a day', 'trigger_settings.months_since_visit': 'only a seasonal campaign has months since visit' });
    expect((await json(await v1('/campaigns', { body: { name: 'Fall', trigger: 'seasonal', trigger_settings: { months: [10], weekday: 'mon' } } }), 422)).errors).toHaveProperty('trigger_settings');

    // Only the months given: the first of the month, customers not seen for a year.
    const fall = await campaign({ name: 'Fall furnace check', trigger: 'seasonal', trigger_settings: { months: [10, 9, 10] } });
    expect(fall.trigger_settings).toEqual({ months: [9, 10], day: 1, months_since_visit: 12 });
    // A change of one setting keeps the others; a day that not every month has is refused.
    const moved = await json(await v1(`/campaigns/${fall.id}`, { method: 'PATCH', body: { trigger_settings: { day: 15 } } }), 200);
    expect(moved.trigger_settings).toEqual({ months: [9, 10], day: 15, months_since_visit: 12 });
    expect((await json(await v1(`/campaigns/${fall.id}`, { method: 'PATCH', body: { trigger_settings: { day: 30 } } }), 422)).errors).toEqual({ 'trigger_settings.day': expect.stringMatching(/1 to 28/) });
    expect((await json(await v1(`/campaigns/${fall.id}`, { method: 'PATCH', body: { trigger: 'manual' } }), 422)).errors).toHaveProperty(['trigger_settings.months']);
    const manual = await json(await v1(`/campaigns/${fall.id}`, { method: 'PATCH', body: { trigger: 'manual', trigger_settings: {} } }), 200);
    expect(manual).toMatchObject({ trigger: 'manual', trigger_settings: {} });
  });

  it('enrols, once per season, the customers whose last completed visit is old enough: not one booked since, not one who opted out', async () => {
    const now = localParts(new Date(), zone);
    const tuneUp = await campaign({
      name: 'Furnace tune-up season',
      status: 'active',
      trigger: 'seasonal',
      // In season whatever the date the test runs on.
      trigger_settings: { months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], day: 1, months_since_visit: 12 },
      steps: [{ body: 'Hi {contact_name}, time for your yearly furnace tune-up with {company_name}?', delay: '1s' }],
    });
    const offSeason = await campaign({
      name: 'AC check',
      status: 'active',
      trigger: 'seasonal',
      trigger_settings: { months: [((now.month + 5) % 12) + 1] },
      steps: [{ body: 'Time for your AC check?', delay: '1s' }],
    });

    const olive = await contact('0301', 'Olive'); // last visit 14 months ago: reached
    const otto = await contact('0302', 'Otto'); // last visit 20 months ago: reached
    const rex = await contact('0303', 'Rex'); // an old visit, and one booked for next week: not reached
    const ruth = await contact('0304', 'Ruth'); // an old visit, and one 3 months ago: not reached
    const opal = await contact('0305', 'Opal'); // an old visit, opted out: not reached
    const nat = await contact('0306', 'Nat'); // no visit at all: not reached
    const cal = await contact('0307', 'Cal'); // an old visit that was cancelled: not reached
    await visit(olive, 'Olive', monthsAgo(14), 'completed');
    await visit(otto, 'Otto', monthsAgo(20), 'completed');
    await visit(rex, 'Rex', monthsAgo(14), 'completed');
    await visit(rex, 'Rex', new Date(Date.now() + 7 * DAY));
    await visit(ruth, 'Ruth', monthsAgo(14), 'completed');
    await visit(ruth, 'Ruth', monthsAgo(3), 'completed');
    await visit(opal, 'Opal', monthsAgo(14), 'completed');
    await visit(cal, 'Cal', monthsAgo(14), 'cancelled');
    await textFrom(p, opal.phone, company.phoneNumber, 'STOP');
    await eventually(async () => (await json(await v1(`/contacts/${opal.id}`), 200)).sms_opted_out_at, 10_000, 'the opt-out recorded');

    // What starts it: the daily schedule. Workers of other test files share the server and
    // bring the schedule to their own task queue when they start: bring it back just before firing.
    await ensureSeasonalCampaignSchedule(p.temporal, p.config);
    const schedule = p.temporal.schedule.getHandle(SEASONAL_CAMPAIGN_SCHEDULE_ID);
    const described = await schedule.describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'seasonalCampaignRun' });
    expect(described.policies.overlap).toBe('SKIP');
    const before = described.info.recentActions.length;
    await schedule.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
    const fired = await eventually(async () => (await schedule.describe()).info.recentActions.slice(before).at(-1), 20_000, 'the schedule to start a run');
    const run = p.temporal.workflow.getHandle(fired.action.workflow.workflowId, fired.action.workflow.firstExecutionRunId);
    expect((await run.result()).enrolled).toBeGreaterThanOrEqual(2);

    const enrolled = await enrolments(tuneUp.id);
    expect(enrolled.map((e) => e.contact_id).sort()).toEqual([olive.id, otto.id].sort());
    expect(enrolled.every((e) => e.source === 'seasonal')).toBe(true);
    expect(await enrolments(offSeason.id)).toEqual([]);
    const text = (name: string) => `Hi ${name}, time for your yearly furnace tune-up with ${company.body.company_name}? Reply STOP to opt out.`;
    await eventually(async () => (await phone(olive.phone)).includes(text('Olive')), 15_000, "Olive's tune-up text");
    await eventually(async () => (await phone(otto.phone)).includes(text('Otto')), 15_000, "Otto's tune-up text");
    keepHistory('seasonalCampaignRun-0', await run.fetchHistory());

    // The same season run again (a batch and a page at a time, this time) enrols no one twice.
    const again = await p.temporal.workflow.execute(seasonalCampaignRun, {
      workflowId: `${SEASONAL_CAMPAIGN_SCHEDULE_ID}-again-${randomUUID()}`,
      taskQueue: p.config.TEMPORAL_TASK_QUEUE,
      args: [{ pageSize: 1, batchSize: 1 }],
    });
    expect(again.campaigns).toBeGreaterThanOrEqual(1);
    expect((await enrolments(tuneUp.id)).map((e) => e.id).sort()).toEqual(enrolled.map((e) => e.id).sort());
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const c of [rex, ruth, opal, nat, cal]) expect((await phone(c.phone)).filter((body) => /tune-up|AC check/.test(body))).toEqual([]);
    expect((await phone(olive.phone)).filter((body) => /tune-up/.test(body))).toHaveLength(1);
    const audit = await p.owner('audit_log').where({ tenant_id: company.id, action: 'campaign.enrolled', target_id: tuneUp.id });
    expect(audit.map((a: any) => a.details)).toEqual([expect.objectContaining({ source: 'seasonal', enrolled: 2, season: expect.stringMatching(/^\d{4}-\d{2}$/) })]);
  }, 120_000);

  it("enrols the customer of a visit an operator marks completed in the review request, as the company's own change does", async () => {
    const review = await campaign({ name: 'Review request', status: 'active', trigger: 'appointment_completed', steps: [{ body: 'How did we do? Leave us a review.', delay: '1s' }] });
    const gil = await contact('0311', 'Gil');
    const booked = await visit(gil, 'Gil', new Date(Date.now() + 3_600_000));
    const admin = (path: string, body: unknown) =>
      fetch(`${p.apiUrl}/api/admin${path}`, { method: 'PUT', headers: { Authorization: `Bearer ${OPERATOR_TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await json(await admin(`/appointments/${booked.id}`, { status: 'completed' }), 200)).status).toBe('completed');
    const request = 'How did we do? Leave us a review. Reply STOP to opt out.';
    await eventually(async () => (await phone(gil.phone)).includes(request), 15_000, 'the review request');
    expect(await enrolments(review.id)).toEqual([expect.objectContaining({ contact_id: gil.id, source: 'appointment' })]);

    // Marked completed again (the console sends the whole record back): the visit enrols once.
    await json(await admin(`/appointments/${booked.id}`, { status: 'completed', notes: 'Filter changed' }), 200);
    // The company's own change, through the tenant API, enrols through the same rule.
    const hana = await contact('0312', 'Hana');
    const hers = await visit(hana, 'Hana', new Date(Date.now() + 3_600_000));
    await json(await v1(`/appointments/${hers.id}`, { method: 'PATCH', body: { status: 'completed' } }), 200);
    await eventually(async () => (await phone(hana.phone)).includes(request), 15_000, "Hana's review request");
    // A visit recorded as already completed when it is created is history being entered: no review request.
    const ivo = await contact('0313', 'Ivo');
    await visit(ivo, 'Ivo', monthsAgo(2), 'completed');
    const all = await enrolments(review.id);
    expect(all.map((e) => e.contact_id).sort()).toEqual([gil.id, hana.id].sort());
    expect((await phone(gil.phone)).filter((body) => body === request)).toHaveLength(1);
  }, 60_000);
});
