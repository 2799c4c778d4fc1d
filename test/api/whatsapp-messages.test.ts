import { jobUpdatesWorkflowId } from '../../workflows/job-updates';
import { liveTenant, operator, startCallPlatform, type CallPlatform, type LiveTenant } from '../calls/support';
import { caller, json } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { daytimeZone } from '../support/daytime-zone';
import { eventually } from '../support/platform';
import { phoneTexts, textFrom } from '../support/phone';

const SCOPES = ['contacts:read', 'contacts:write', 'jobs:read', 'jobs:write', 'messages:read', 'messages:write'];

/**
 * WhatsApp to a company's customers through the real API, Temporal, Postgres and the
 * sandbox's Twilio: a contact who prefers WhatsApp and agreed to it gets the company's texts
 * there (`whatsapp:` sender and recipient), a job update from its workflow and a reply written
 * at the company alike, each followed to delivered by Twilio's status callbacks; their own
 * WhatsApp messages land in the log on that channel. A STOP from their WhatsApp opts that
 * channel out: the next WhatsApp text is suppressed, and a text by SMS, which they did not
 * stop, still goes. The company is in a zone where it is daytime now, so quiet hours hold nothing.
 */
describe('WhatsApp messages', () => {
  const area = claimAreaCode();
  let p: CallPlatform;
  let company: LiveTenant;
  let key: string;
  let zone: string;
  const customer = { name: 'Dana Reyes', phone: `+1${area}5550161` };
  const whatsapp = (e164: string) => `whatsapp:${e164}`;

  /** The company's tenant API, with its key. */
  const v1 = (path: string, init: { method?: string; body?: unknown } = {}) => caller(`${p.apiUrl}/api/v1`)(path, { ...init, token: key });
  const message = (id: string) => v1(`/messages/${id}`).then((res) => json(res, 200));
  /** The customer's phone, both apps: everything the company's number sent it, newest first. */
  const phone = () => phoneTexts(p, customer.phone, company.phoneNumber);
  /** The customer writing to the company's number from their WhatsApp. */
  const fromTheirWhatsApp = (body: string) => textFrom(p, customer.phone, company.phoneNumber, body, { channel: 'whatsapp' });

  let contactId: string;
  let jobId: string;

  beforeAll(async () => {
    p = await startCallPlatform();
    zone = daytimeZone();
    company = await liveTenant(p, area, { timezone: zone });
    key = (await operator(p, `/api/admin/tenants/${company.id}/api-keys`, { name: 'dispatch', scopes: SCOPES })).key;
  }, 120_000);
  afterAll(() => p?.close());

  it("sends a job's update over WhatsApp to a contact who prefers it, from the company's WhatsApp sender, and follows it to delivered", async () => {
    const contact = await json(await v1('/contacts', { body: { phone: customer.phone, name: customer.name, preferred_channel: 'whatsapp', whatsapp_consent: true } }), 201);
    contactId = contact.id;
    const job = await json(await v1('/jobs', { body: { contact_id: contactId, external_ref: 'WA-1' } }), 201);
    jobId = job.id;
    const eta = new Date(Date.now() + 45 * 60_000).toISOString();
    await json(await v1(`/jobs/${jobId}`, { method: 'PATCH', body: { status: 'en_route', technician_name: 'Sam', eta } }), 200);

    // The job's workflow sends it through Twilio: on WhatsApp, both addresses prefixed, and nothing by SMS.
    const [received] = await eventually(async () => {
      const got = await phone();
      return got.length > 0 && got;
    }, 30_000, 'the job update on the phone');
    const arrival = new Date(eta).toLocaleTimeString('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit' });
    expect(received).toMatchObject({
      from: whatsapp(company.phoneNumber),
      to: whatsapp(customer.phone),
      direction: 'outbound-api',
      body: `${company.body.company_name}: Sam, your technician, is on the way, arriving around ${arrival}.`,
    });
    expect((await phone()).filter((m) => !m.to.startsWith('whatsapp:'))).toEqual([]);

    // Twilio's status callbacks move it to delivered; the log names the channel and the bare numbers.
    const logged = await eventually(async () => {
      const page = await json(await v1(`/messages?contact_id=${contactId}&kind=job_update`), 200);
      return page.data[0]?.status === 'delivered' && page.data;
    }, 20_000, 'the job update delivered');
    expect(logged).toEqual([
      expect.objectContaining({ channel: 'whatsapp', direction: 'outbound', from_number: company.phoneNumber, to_number: customer.phone, body: received!.body, error_code: null }),
    ]);
  });

  it('logs what the contact writes on WhatsApp, and a reply from the company goes back on WhatsApp', async () => {
    await fromTheirWhatsApp('Can Sam bring a new filter?');
    const inbound = await json(await v1(`/messages?contact_id=${contactId}&direction=inbound`), 200);
    expect(inbound.data.map((m: any) => [m.channel, m.kind, m.status, m.body])).toEqual([['whatsapp', 'reply', 'received', 'Can Sam bring a new filter?']]);

    const reply = await json(await v1('/messages', { body: { to: contactId, body: 'Yes, he has one in the van.' } }), 201);
    expect(reply).toMatchObject({ channel: 'whatsapp', contact_id: contactId });
    await eventually(async () => (await message(reply.id)).status === 'delivered', 20_000, 'the reply delivered');
    expect((await phone())[0]).toMatchObject({ from: whatsapp(company.phoneNumber), to: whatsapp(customer.phone), body: 'Yes, he has one in the van.' });
  });

  it('opts the contact out of WhatsApp on a STOP from their WhatsApp: the next WhatsApp text is suppressed, an SMS still goes', async () => {
    const before = (await phone()).length;
    await fromTheirWhatsApp('STOP');
    const contact = await json(await v1(`/contacts/${contactId}`), 200);
    expect(contact).toMatchObject({ whatsapp_opted_out_at: expect.any(String), sms_opted_out_at: null });
    const inbound = await json(await v1(`/messages?contact_id=${contactId}&direction=inbound`), 200);
    expect(inbound.data[0]).toMatchObject({ channel: 'whatsapp', body: 'STOP' });

    // The job's last update: its workflow sends it and ends, and the sending activity suppresses it.
    await json(await v1(`/jobs/${jobId}`, { method: 'PATCH', body: { status: 'completed' } }), 200);
    await p.temporal.workflow.getHandle(jobUpdatesWorkflowId(jobId)).result();
    const updates = await json(await v1(`/messages?contact_id=${contactId}&kind=job_update`), 200);
    expect(updates.data.map((m: any) => [m.channel, m.status, m.error_meaning])).toEqual([
      ['whatsapp', 'suppressed', expect.stringMatching(/opted out of WhatsApp/)],
      ['whatsapp', 'delivered', null],
    ]);

    // A reply by hand is refused the same way, and logged as not sent.
    const refused = await json(await v1('/messages', { body: { to: contactId, body: 'Are you still there?' } }), 409);
    expect(refused.detail).toMatch(/opted out of WhatsApp/);
    expect(await message(refused.message_id)).toMatchObject({ channel: 'whatsapp', status: 'suppressed' });
    expect(await phone()).toHaveLength(before);

    // They stopped WhatsApp, not texts: the company may still reach them by SMS.
    const sms = await json(await v1('/messages', { body: { to: contactId, body: 'Your receipt is on its way by e-mail.', channel: 'sms' } }), 201);
    await eventually(async () => (await message(sms.id)).status === 'delivered', 20_000, 'the SMS delivered');
    expect((await phone())[0]).toMatchObject({ from: company.phoneNumber, to: customer.phone, body: 'Your receipt is on its way by e-mail.' });
  });
});
