import { caller, json, signUpOwner, type Owner } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { daytimeZone } from '../support/daytime-zone';
import { keepHistory } from '../support/histories';
import { eventually, startTestPlatform, type Platform } from '../support/platform';
import { ALWAYS_OPEN, operator, placeCall, sandboxPost } from './support';
import { phoneTexts, textFrom } from '../support/phone';

/**
 * What reaches a company's customers after the agent (or the office) deals with them: an
 * appointment's confirmation and reminder, which follow the visit when it moves and stop when
 * it is cancelled, the customer's `C` reply, and a text back after a missed call. Read from
 * the customer's phone in the sandbox, and its delivery from the message log.
 */

describe('texts to customers', () => {
  const areaCode = claimAreaCode();
  let platform: Platform;
  let api: ReturnType<typeof caller>;

  beforeAll(async () => {
    platform = await startTestPlatform({ calls: true, env: { TRIAL_DURATION: '1h', BILLING_CYCLE: '1h', REMINDER_BEFORE: '20s' } });
    api = caller(platform.apiUrl);
  });
  afterAll(async () => {
    await platform?.close();
  });

  /** The texts a phone received from the company, oldest first. */
  const phone = async (number: string) => (await phoneTexts(platform, number)).filter((m) => m.direction !== 'inbound').reverse();

  async function liveCompany(): Promise<Owner & { number: string }> {
    const owner = await signUpOwner(platform, { timezone: daytimeZone(), business_hours: ALWAYS_OPEN });
    const { phoneNumber } = await operator(platform, `/api/admin/tenants/${owner.tenantId}/actions/provision-number`, { areaCode });
    await operator(platform, `/api/admin/tenants/${owner.tenantId}/actions/activate`, {});
    return { ...owner, number: phoneNumber };
  }

  const book = async (owner: Owner, customer: string, startsInMs: number) =>
    json(
      await api('/api/v1/appointments', {
        token: owner.token,
        body: {
          customer_name: 'Jo Rivera',
          callback_number: customer,
          starts_at: new Date(Date.now() + startsInMs).toISOString(),
          service_type: 'Furnace repair',
          service_address: { street: '42 Elm Street', city: 'Cambridge', postal_code: '02139' },
        },
      }),
      201,
    );

  it('confirms a booking with its address, follows a reschedule with the reminder, and takes C as a confirmation', async () => {
    const company = await liveCompany();
    const customer = '+16175550181';
    const appointment = await book(company, customer, 45_000);

    const [confirmation] = await eventually(async () => {
      const texts = await phone(customer);
      return texts.length >= 1 && texts;
    }, 20_000, 'the confirmation');
    expect(confirmation!.body).toMatch(/your visit is booked for .* at 42 Elm Street, Cambridge 02139\. Reply C to confirm or R to reschedule/);

    // The office moves the visit: the customer hears the new time, and the reminder follows it.
    const movedTo = new Date(Date.now() + 50_000).toISOString();
    await json(await api(`/api/v1/appointments/${appointment.id}`, { method: 'PATCH', token: company.token, body: { starts_at: movedTo } }), 200);
    await eventually(async () => (await phone(customer)).length >= 2, 20_000, 'the new time confirmed');
    const reminder = await eventually(
      async () => (await phone(customer)).find((t) => /a reminder of your visit/.test(t.body)),
      60_000,
      'the reminder',
    );
    expect(reminder.body).toContain('42 Elm Street');
    // One reminder, for the time the visit has now.
    expect((await phone(customer)).filter((t) => /a reminder/.test(t.body))).toHaveLength(1);

    // The customer answers C: the visit is confirmed, and the company's activity log says who did it.
    await textFrom(platform, customer, company.number, 'C');
    await eventually(
      async () => (await json(await api(`/api/v1/appointments/${appointment.id}`, { token: company.token }), 200)).status === 'confirmed',
      20_000,
      'the appointment confirmed by the customer',
    );
    keepHistory('appointmentMessages-0', await platform.temporal.workflow.getHandle(`appointment-messages-${appointment.id}`).fetchHistory());
  }, 150_000);

  it('tells the customer of a move that comes while the confirmation is still being sent', async () => {
    const company = await liveCompany();
    const customer = '+16175550186';
    // Twilio refuses the first text for a moment, so the confirmation is tried again 2 s later; the office moves the visit meanwhile.
    await sandboxPost(platform, '/sandbox/faults', { provider: 'twilio', operation: 'CreateMessage', count: 1, status: 503 });
    const appointment = await book(company, customer, 3 * 3_600_000);
    const movedTo = new Date(Date.now() + 4 * 3_600_000).toISOString();
    await json(await api(`/api/v1/appointments/${appointment.id}`, { method: 'PATCH', token: company.token, body: { starts_at: movedTo } }), 200);

    // The confirmation, then the new time: the move is not lost behind the send in progress.
    const texts = await eventually(async () => {
      const got = await phone(customer);
      return got.length >= 2 && got;
    }, 30_000, 'the confirmation and the new time');
    const newTime = new Date(movedTo).toLocaleTimeString('en-US', { timeZone: company.signup.timezone as string, hour: 'numeric', minute: '2-digit' });
    expect(texts).toHaveLength(2);
    expect(texts[1]!.body).toMatch(/your visit is booked for/);
    expect(texts[1]!.body).toContain(newTime);
  }, 90_000);

  it('confirms the visit the agent booked once the call is over, with its address', async () => {
    const company = await liveCompany();
    const customer = '+16175550184';
    const call = await placeCall(
      platform,
      company.number,
      ['Hi, my furnace is broken, can you send a technician tomorrow at 9am?', 'My name is Ann Lee, the address is 42 Elm Street, Cambridge, MA 02139', "No thanks, that's all. Bye"],
      { from: customer },
    );
    expect(call.transcript.map((t) => t.text).join(' ')).toMatch(/all set for tomorrow at 9:00 AM/i);
    const texts = await eventually(async () => {
      const received = await phone(customer);
      return received.length >= 1 && received;
    }, 30_000, 'the confirmation');
    expect(texts.map((t) => t.body)).toEqual([expect.stringMatching(/your visit is booked for .* at 9:00 AM at 42 Elm Street, Cambridge 02139\./)]);
  }, 60_000);

  it('sends nothing more once the visit is cancelled', async () => {
    const company = await liveCompany();
    const customer = '+16175550182';
    const appointment = await book(company, customer, 30_000);
    await eventually(async () => (await phone(customer)).length === 1, 20_000, 'the confirmation');
    await json(await api(`/api/v1/appointments/${appointment.id}`, { method: 'PATCH', token: company.token, body: { status: 'cancelled' } }), 200);
    await new Promise((resolve) => setTimeout(resolve, 15_000)); // past the reminder's time (10 s after booking)
    expect((await phone(customer)).map((t) => t.body)).toEqual([expect.stringMatching(/your visit is booked/)]);
  }, 60_000);

  it('texts a caller back once after a missed call, and not again the same day', async () => {
    const company = await liveCompany();
    const missed = '+16175550183';
    await placeCall(platform, company.number, [], { from: missed }); // the caller hangs up without a word
    const [textBack] = await eventually(async () => {
      const texts = await phone(missed);
      return texts.length === 1 && texts;
    }, 30_000, 'the text back');
    expect(textBack!.body).toMatch(/^Sorry we missed your call! This is /);
    // Its status callbacks name the message: the log has it delivered, under the SID the phone shows.
    const logged = await eventually(async () => {
      const log = await operator(platform, `/api/admin/messages?${new URLSearchParams({ filter: JSON.stringify({ tenant_id: company.tenantId, direction: 'outbound' }) })}`);
      const found = (log as Array<{ id: string; to_number: string; status: string }>).find((m) => m.to_number === missed);
      return found?.status === 'delivered' && found;
    }, 10_000, 'the text back delivered in the log');
    expect(((await platform.owner('messages').where({ id: logged.id }).first()) as { twilio_sid: string }).twilio_sid).toBe(textBack!.sid);

    await placeCall(platform, company.number, [], { from: missed });
    await eventually(
      async () => {
        const calls = await operator(platform, `/api/admin/calls?${new URLSearchParams({ filter: JSON.stringify({ tenant_id: company.tenantId }) })}`);
        return (calls as Array<{ from_number: string; summary: string | null }>).filter((c) => c.from_number === missed && c.summary).length === 2;
      },
      30_000,
      'the second call logged',
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await phone(missed)).toHaveLength(1);
  }, 90_000);
});
