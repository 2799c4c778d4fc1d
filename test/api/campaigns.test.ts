import { campaignEnrollmentWorkflowId } from '../../domain/campaigns';
import { liveTenant, operator, placeCall, startCallPlatform, type CallPlatform, type LiveTenant } from '../calls/support';
import { claimAreaCode } from '../support/area-codes';
import { keepHistory } from '../support/histories';
import { eventually } from '../support/platform';
import { phoneTexts, textFrom } from '../support/phone';
import { daytimeZone } from '../support/daytime-zone';

const SCOPES = ['contacts:read', 'contacts:write', 'messages:read', 'appointments:write', 'campaigns:read', 'campaigns:write'];

/**
 * Drip campaigns through the real API, Temporal, Postgres and the sandbox's Twilio, with
 * delays of seconds: a three-step drip with conditions reaches only the contacts it should
 * and its funnel matches the message log; STOP, a reply and a booking (through the API or on a
 * call with the agent) end an enrolment at once; an enrolment pauses, resumes and is cancelled; a completed visit and a caller who asked for
 * information are enrolled by their triggers.
 */
describe('drip campaigns', () => {
  const area = claimAreaCode();
  let p: CallPlatform;
  let company: LiveTenant;
  let key: string;
  const zone = daytimeZone();
  const mobile = (line: string) => `+1${area}555${line}`;

  const v1 = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${p.apiUrl}/api/v1${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { Authorization: `Bearer ${key}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });
  const json = async (res: Response, status: number): Promise<any> => {
    const body = res.status === 204 ? null : await res.json();
    if (res.status !== status) throw new Error(`${res.url}: ${res.status}, expected ${status}: ${JSON.stringify(body)}`);
    return body;
  };
  /** What the company's number texted this phone, oldest first. */
  const phone = async (number: string): Promise<string[]> => (await phoneTexts(p, number, company.phoneNumber)).map((m) => m.body).reverse();
  const textCompany = (from: string, body: string) => textFrom(p, from, company.phoneNumber, body);
  const contact = async (line: string, name: string) => (await json(await v1('/contacts', { body: { phone: mobile(line), name, time_zone: zone } }), 201)) as { id: string; phone: string };
  const campaign = (body: Record<string, unknown>) => v1('/campaigns', { body }).then((res) => json(res, 201));
  const enrolments = (campaignId: string) => v1(`/campaigns/${campaignId}/enrollments?limit=100`).then((res) => json(res, 200)).then((page) => page.data as any[]);
  const enrolmentOf = async (campaignId: string, contactId: string) => (await enrolments(campaignId)).find((e) => e.contact_id === contactId);

  beforeAll(async () => {
    // The test polls the API for what the workflows do; the key's rate limit is not under test here.
    p = await startCallPlatform({ RATE_LIMIT_API_KEY: '100000/1m', RATE_LIMIT_TENANT_API: '100000/1m' });
    company = await liveTenant(p, area);
    key = (await operator(p, `/api/admin/tenants/${company.id}/api-keys`, { name: 'marketing', scopes: SCOPES })).key;
  }, 120_000);
  afterAll(() => p?.close());

  it('sends a three-step drip to each contact only as its conditions allow, and counts its funnel as the message log has it', async () => {
    const drip = await campaign({
      name: 'Furnace estimate follow-up',
      status: 'active',
      goal: 'none',
      exit_on_reply: false,
      steps: [
        { body: 'Hi {contact_name}, thanks for asking {company_name} about a new furnace.', delay: '1s' },
        { body: 'Any questions about your furnace estimate?', delay: '6s', condition: 'no_reply' },
        { body: 'Book your furnace install this month and save 10%.', delay: '6 seconds', condition: 'no_appointment_since_enrolment' },
      ],
    });
    expect(drip.steps.map((s: any) => [s.position, s.delay, s.condition])).toEqual([
      [1, '1s', 'none'],
      [2, '6s', 'no_reply'],
      [3, '6s', 'no_appointment_since_enrolment'],
    ]);
    const quiet = await contact('0201', 'Ada'); // does nothing: every step
    const talker = await contact('0202', 'Ben'); // replies after the first: no second step
    const booker = await contact('0203', 'Cy'); // books a visit: no third step

    const byId = await json(await v1(`/campaigns/${drip.id}/enrol`, { body: { contact_ids: [quiet.id, talker.id] } }), 200);
    expect(byId.enrolled.map((e: any) => e.contact_id).sort()).toEqual([quiet.id, talker.id].sort());
    // By CSV of phone numbers: a number on record is its contact; a line that is not a number is refused.
    const byCsv = await json(await v1(`/campaigns/${drip.id}/enrol`, { body: `phone\n${booker.phone}\nnot a phone\n`, headers: { 'Content-Type': 'text/csv' } }), 200);
    expect(byCsv.enrolled).toEqual([{ contact_id: booker.id, enrollment_id: expect.any(String) }]);
    expect(byCsv.refused).toEqual([expect.objectContaining({ contact_id: null, line: 3 })]);
    // Once at a time: enrolling again is refused, with the reason.
    const again = await json(await v1(`/campaigns/${drip.id}/enrol`, { body: { contact_ids: [quiet.id] } }), 200);
    expect(again).toEqual({ enrolled: [], refused: [{ contact_id: quiet.id, reason: expect.stringMatching(/in this campaign already/) }] });

    const first = `Hi Ben, thanks for asking ${company.body.company_name} about a new furnace. Reply STOP to opt out.`;
    await eventually(async () => (await phone(talker.phone)).includes(first), 15_000, 'the first step');
    await textCompany(talker.phone, 'How much would that be?');
    await json(
      await v1('/appointments', { body: { customer_name: 'Cy', callback_number: booker.phone, starts_at: new Date(Date.now() + 7 * 86_400_000).toISOString(), service_type: 'furnace install' } }),
      201,
    );

    await eventually(async () => (await enrolments(drip.id)).every((e) => e.status === 'completed'), 40_000, 'every enrolment completed');
    const texts = async (c: { phone: string }) => (await phone(c.phone)).filter((body) => !/your visit is booked/.test(body)).map((body) => body.replace(/^Hi \w+, thanks.*/, 'step 1').replace(/^Any questions.*/, 'step 2').replace(/^Book your.*/, 'step 3'));
    expect(await texts(quiet)).toEqual(['step 1', 'step 2', 'step 3']);
    expect(await texts(talker)).toEqual(['step 1', 'step 3']);
    expect(await texts(booker)).toEqual(['step 1', 'step 2']);

    // The funnel, against the message log the company reads.
    const log = async () => (await json(await v1('/messages?kind=campaign&direction=outbound&limit=100'), 200)).data as any[];
    const progress = await eventually(
      async () => {
        const funnel = await json(await v1(`/campaigns/${drip.id}/progress`), 200);
        return funnel.steps.every((s: any) => s.delivered === s.sent) && funnel;
      },
      15_000,
      'every text delivered',
    );
    const mine = (await log()).filter((m) => [quiet.id, talker.id, booker.id].includes(m.contact_id));
    const sentOf = (prefix: RegExp) => mine.filter((m) => prefix.test(m.body));
    const [one, two, three] = [sentOf(/^Hi \w+, thanks/), sentOf(/^Any questions/), sentOf(/^Book your/)];
    expect(progress.steps.map((s: any) => s.sent)).toEqual([one.length, two.length, three.length]);
    expect(progress.steps.map((s: any) => s.sent)).toEqual([3, 2, 2]);
    expect(progress.steps.map((s: any) => s.delivered)).toEqual([one, two, three].map((texts) => texts.filter((m) => m.status === 'delivered').length));
    const replies = (await json(await v1(`/messages?contact_id=${talker.id}&direction=inbound`), 200)).data;
    expect(replies).toHaveLength(1);
    // Ben's reply came after the first step, before his next text (the third step).
    expect(progress.steps.map((s: any) => [s.replied, s.opted_out, s.goal_reached])).toEqual([
      [1, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(progress.enrollments).toMatchObject({ completed: 3, active: 0 });

    const enrolment = await enrolmentOf(drip.id, quiet.id);
    expect(enrolment).toMatchObject({ status: 'completed', exit_reason: null, last_position: 3, source: 'manual', ended_at: expect.any(String) });
    keepHistory('campaignEnrollment-0', await p.temporal.workflow.getHandle(campaignEnrollmentWorkflowId(enrolment.id)).fetchHistory());
  }, 90_000);

  it('ends an enrolment at once on STOP, and on a reply when the campaign stops at replies', async () => {
    const drip = await campaign({
      name: 'Spring tune-up',
      status: 'active',
      steps: [
        { body: 'Spring is here: time for an AC tune-up?', delay: '1s' },
        { body: 'Last call for spring tune-ups!', delay: '1w' },
      ],
    });
    const stopper = await contact('0211', 'Dee');
    const replier = await contact('0212', 'Eve');
    await json(await v1(`/campaigns/${drip.id}/enrol`, { body: { contact_ids: [stopper.id, replier.id] } }), 200);
    for (const c of [stopper, replier]) await eventually(async () => (await phone(c.phone)).length === 1, 15_000, 'the first step');

    await textCompany(stopper.phone, 'STOP');
    await textCompany(replier.phone, 'Yes, what times do you have?');
    const ended = await eventually(
      async () => {
        const all = await enrolments(drip.id);
        return all.every((e) => e.status === 'exited') && all;
      },
      10_000,
      'both enrolments ended',
    );
    expect(Object.fromEntries(ended.map((e) => [e.contact_id, e.exit_reason]))).toEqual({ [stopper.id]: 'stop', [replier.id]: 'reply' });
    expect(ended.every((e) => e.next_step_at === null)).toBe(true);
    const progress = await json(await v1(`/campaigns/${drip.id}/progress`), 200);
    expect(progress.steps.map((s: any) => [s.sent, s.replied, s.opted_out])).toEqual([
      [2, 1, 1],
      [0, 0, 0],
    ]);
    // An opted-out contact is not enrolled again.
    const refused = await json(await v1(`/campaigns/${drip.id}/enrol`, { body: { contact_ids: [stopper.id] } }), 200);
    expect(refused.refused).toEqual([{ contact_id: stopper.id, reason: expect.stringMatching(/opted out/) }]);
  }, 60_000);

  it('ends an enrolment at once, goal reached, when its contact books: through the tenant API or on a call with the agent', async () => {
    const drip = await campaign({
      name: 'Duct cleaning offer',
      status: 'active',
      goal: 'appointment_booked',
      exit_on_reply: false,
      steps: [
        { body: 'Dusty vents? {company_name} cleans ducts.', delay: '1s' },
        { body: 'Still thinking about a duct cleaning?', delay: '1w' },
        { body: 'Last call for duct cleaning this season.', delay: '1w' },
      ],
    });
    const jo = await contact('0261', 'Jo'); // books through the tenant API
    const kit = await contact('0262', 'Kit'); // books on a call with the agent
    const lou = await contact('0263', 'Lou'); // books nothing: stays enrolled
    await json(await v1(`/campaigns/${drip.id}/enrol`, { body: { contact_ids: [jo.id, kit.id, lou.id] } }), 200);
    for (const c of [jo, kit, lou]) await eventually(async () => (await phone(c.phone)).length === 1, 15_000, 'the first step');
    const progress = () => v1(`/campaigns/${drip.id}/progress`).then((res) => json(res, 200));

    // The second step is a week away: only the booking itself can end the enrolment within seconds.
    await json(await v1('/appointments', { body: { customer_name: 'Jo', callback_number: jo.phone, starts_at: new Date(Date.now() + 10 * 86_400_000).toISOString(), service_type: 'duct cleaning' } }), 201);
    const jos = await eventually(
      async () => {
        const e = await enrolmentOf(drip.id, jo.id);
        return e.status === 'exited' && e;
      },
      10_000,
      "Jo's enrolment ended by the booking",
    );
    expect(jos).toMatchObject({ exit_reason: 'goal', last_position: 1, next_step_at: null, ended_at: expect.any(String) });
    const afterJo = await progress();
    expect(afterJo.steps.map((s: any) => s.goal_reached)).toEqual([1, 0, 0]);
    expect(afterJo.enrollments).toMatchObject({ exited: 1, active: 2 });

    // The agent books on Kit's call, from Kit's own phone.
    const call = await placeCall(
      p,
      company.phoneNumber,
      ['Hi, my furnace is broken, can you send a technician tomorrow at 9am?', 'My name is Kit Moss, the address is 9 Birch Road, Boston, MA 02118', "No thanks, that's all. Bye"],
      { from: kit.phone },
    );
    expect(call.transcript.map((t) => t.text).join(' ')).toMatch(/all set for tomorrow at 9/i);
    const kits = await eventually(
      async () => {
        const e = await enrolmentOf(drip.id, kit.id);
        return e.status === 'exited' && e;
      },
      10_000,
      "Kit's enrolment ended by the call's booking",
    );
    expect(kits).toMatchObject({ exit_reason: 'goal', last_position: 1, next_step_at: null });

    expect(await enrolmentOf(drip.id, lou.id)).toMatchObject({ status: 'active', exit_reason: null, last_position: 1 });
    const funnel = await progress();
    expect(funnel.steps.map((s: any) => s.goal_reached)).toEqual([2, 0, 0]);
    expect(funnel.enrollments).toMatchObject({ exited: 2, active: 1 });
    // Only the first step went out: the goal ended the others before they were due.
    for (const c of [jo, kit]) expect((await phone(c.phone)).filter((body) => /^(Dusty vents|Still thinking about a duct|Last call for duct)/.test(body))).toHaveLength(1);
  }, 90_000);

  it('pauses, resumes and cancels one enrolment; a step edited meanwhile is sent as it now reads', async () => {
    const drip = await campaign({
      name: 'Water heater check',
      status: 'active',
      steps: [
        { body: 'Time to flush your water heater.', delay: '3s' },
        { body: 'Still thinking about that water heater?', delay: '1w' },
      ],
    });
    const fay = await contact('0221', 'Fay');
    const { enrolled } = await json(await v1(`/campaigns/${drip.id}/enrol`, { body: { contact_ids: [fay.id] } }), 200);
    const path = `/campaigns/${drip.id}/enrollments/${enrolled[0].enrollment_id}`;
    expect(await json(await v1(`${path}/pause`, { body: {} }), 200)).toMatchObject({ status: 'paused' });
    expect((await json(await v1(`${path}/pause`, { body: {} }), 409)).detail).toMatch(/paused already/);

    // While paused, the company rewrites the first step: the contact gets the new text when resumed.
    await json(await v1(`/campaigns/${drip.id}/steps/${drip.steps[0].id}`, { method: 'PATCH', body: { body: 'Hi {contact_name}: time to flush your water heater.' } }), 200);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(await phone(fay.phone)).toEqual([]);
    expect(await json(await v1(`${path}/resume`, { body: {} }), 200)).toMatchObject({ status: 'active' });
    await eventually(async () => (await phone(fay.phone)).length === 1, 10_000, 'the step after the resume');
    expect(await phone(fay.phone)).toEqual(['Hi Fay: time to flush your water heater. Reply STOP to opt out.']);

    expect(await json(await v1(`${path}/cancel`, { body: {} }), 200)).toMatchObject({ status: 'cancelled', exit_reason: 'cancelled', ended_at: expect.any(String) });
    expect((await json(await v1(`${path}/resume`, { body: {} }), 409)).detail).toMatch(/has ended/);
  }, 60_000);

  it('enrols the customer of a completed visit in the review request', async () => {
    const review = await campaign({ name: 'Review request', status: 'active', trigger: 'appointment_completed', steps: [{ body: 'How did we do? Leave us a review.', delay: '1s' }] });
    const gus = await contact('0231', 'Gus');
    const visit = await json(
      await v1('/appointments', { body: { customer_name: 'Gus', callback_number: gus.phone, starts_at: new Date(Date.now() + 3_600_000).toISOString() } }),
      201,
    );
    await json(await v1(`/appointments/${visit.id}`, { method: 'PATCH', body: { status: 'completed' } }), 200);
    await eventually(async () => (await phone(gus.phone)).includes('How did we do? Leave us a review. Reply STOP to opt out.'), 15_000, 'the review request');
    const [enrolment] = await enrolments(review.id);
    expect(enrolment).toMatchObject({ contact_id: gus.id, source: 'appointment' });
  }, 60_000);

  it('enrols a caller who only asked for information in the estimate follow-up', async () => {
    const followUp = await campaign({ name: 'Estimate follow-up', status: 'active', trigger: 'call_information', steps: [{ body: 'Thanks for calling! Want a free estimate?', delay: '1s' }] });
    const ivy = await contact('0251', 'Ivy');
    await placeCall(p, company.phoneNumber, ['Hi, what are your opening hours on weekends?'], { from: ivy.phone });
    await eventually(async () => (await phone(ivy.phone)).includes('Thanks for calling! Want a free estimate? Reply STOP to opt out.'), 30_000, 'the follow-up');
    const [enrolment] = await enrolments(followUp.id);
    expect(enrolment).toMatchObject({ contact_id: ivy.id, source: 'call' });
  }, 60_000);

  it('refuses unknown variables, unreadable delays and enrolment in a campaign that is not active, field by field', async () => {
    const bad = await json(
      await v1('/campaigns', { body: { name: 'Bad', steps: [{ body: 'Your visit on {appointment_time}', delay: '2d' }, { body: 'Hello', delay: 'soon' }] } }),
      422,
    );
    expect(bad.errors['steps.0.body']).toMatch(/\{appointment_time\} is not a variable of campaign steps/);
    expect(bad.errors['steps.1.delay']).toMatch(/expected a delay/);

    const draft = await campaign({ name: 'Draft', steps: [{ body: 'Hello from {company_name}', delay: '3 days' }] });
    expect(draft).toMatchObject({ status: 'draft', trigger: 'manual', goal: 'none' });
    const hal = await contact('0241', 'Hal');
    expect((await json(await v1(`/campaigns/${draft.id}/enrol`, { body: { contact_ids: [hal.id] } }), 409)).detail).toMatch(/draft/);
    expect((await json(await v1(`/campaigns/${draft.id}/steps`, { body: { body: 'Again', delay: '1d', position: 1 } }), 409)).detail).toMatch(/position 1/);
    const added = await json(await v1(`/campaigns/${draft.id}/steps`, { body: { body: 'Again', delay: '1d' } }), 201);
    expect(added.position).toBe(2);
    await json(await v1(`/campaigns/${draft.id}/steps/${added.id}`, { method: 'DELETE' }), 204);
    await json(await v1(`/campaigns/${draft.id}`, { method: 'PATCH', body: { status: 'archived' } }), 200);
    expect((await json(await v1(`/campaigns/${draft.id}`, { method: 'PATCH', body: { status: 'active' } }), 409)).detail).toMatch(/archived/);
    const seasonal = await json(await v1('/campaigns', { body: { name: 'Fall', trigger: 'seasonal' } }), 422);
    expect(seasonal.errors['trigger_settings.months']).toMatch(/months/);
  });
});
