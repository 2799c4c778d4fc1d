import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { messagingActivities } from '../../activities/messaging';
import { liveTenant, operator, sandboxPost, startCallPlatform, type CallPlatform, type LiveTenant } from '../calls/support';
import { claimAreaCode } from '../support/area-codes';
import { publicBaseUrl } from '../../lib/config';
import { SandboxRequestClient } from '../../providers/twilio';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from '../../sandbox/twilio/account';
import { eventually, OPERATOR_TOKEN } from '../support/platform';
import { phoneTexts, textFrom } from '../support/phone';

const SCOPES = ['contacts:read', 'contacts:write', 'messages:read', 'messages:write'];

/**
 * Texts to a company's customers through the real API, the sandbox's Twilio and Postgres:
 * a text a person at the company writes reaches the customer's phone once, however often
 * it is retried; its delivery status follows Twilio's callbacks, which name the message (one
 * that comes before the send has Twilio's answer is not lost), and never moves back;
 * a customer who said STOP is not texted; numbers that cannot take a text and templates
 * with unknown variables are refused before anything is sent.
 */
describe('customer messages', () => {
  const area = claimAreaCode();
  let p: CallPlatform;
  let company: LiveTenant;
  let key: string;
  /** A customer's mobile, in the company's area code. */
  const customer = (line: string) => `+1${area}555${line}`;

  const v1 = (path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
    fetch(`${p.apiUrl}/api/v1${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { Authorization: `Bearer ${key}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const json = async (res: Response, status: number): Promise<any> => {
    const body = await res.json();
    if (res.status !== status) throw new Error(`${res.url}: ${res.status}, expected ${status}: ${JSON.stringify(body)}`);
    return body;
  };
  /** The customer's phone, as the sandbox shows it: what the company's number texted it, newest first. */
  const phone = (number: string) => phoneTexts(p, number, company.phoneNumber);
  /** The customer texting the company's number (the sandbox posts Twilio's signed webhook). */
  const textCompany = (from: string, body: string) => textFrom(p, from, company.phoneNumber, body);
  const message = (id: string) => v1(`/messages/${id}`).then((res) => json(res, 200));

  beforeAll(async () => {
    p = await startCallPlatform();
    company = await liveTenant(p, area);
    key = (await operator(p, `/api/admin/tenants/${company.id}/api-keys`, { name: 'front desk', scopes: SCOPES })).key;
  }, 120_000);
  afterAll(() => p?.close());

  it("texts a customer from the company's number once per Idempotency-Key, and follows delivery", async () => {
    const to = customer('0141');
    const send = () => v1('/messages', { body: { to, body: 'Your technician Sam is on the way, ETA 10:30.' }, headers: { 'Idempotency-Key': 'eta-job-88' } });
    const sent = await json(await send(), 201);
    expect(sent).toMatchObject({ direction: 'outbound', kind: 'reply', channel: 'sms', to_number: to, from_number: company.phoneNumber, segments: 1, error_code: null });
    expect(['queued', 'sent', 'delivered']).toContain(sent.status);
    // The same request again (a client's retry) is the same message, not a second text.
    const again = await json(await send(), 201);
    expect(again.id).toBe(sent.id);

    const received = await eventually(async () => {
      const messages = await phone(to);
      return messages.length > 0 && messages;
    }, 10_000, 'the text on the customer phone');
    expect(received.map((m) => m.body)).toEqual(['Your technician Sam is on the way, ETA 10:30.']);
    await eventually(async () => (await message(sent.id)).status === 'delivered', 10_000, 'the delivered status');

    // Texted by number, with no contact on record: the log has it all the same.
    expect(sent.contact_id).toBeNull();
    const log = await json(await v1('/messages?direction=outbound&kind=reply'), 200);
    expect(log.data.map((m: any) => m.id)).toContain(sent.id);
  });

  /** Posts a status callback to `url` as Twilio signs it; `signedFor`: the URL the signature covers, when another. */
  const statusCallback = async (url: string, params: Record<string, string>, signedFor = url) => {
    const { authToken } = (await (await fetch(`${p.sandbox.url}/sandbox/twilio/account`)).json()) as { authToken: string };
    return fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(authToken, signedFor, params) },
      body: new URLSearchParams(params),
    });
  };

  it('moves a status forward only: a late "sent" does not undo "delivered"', async () => {
    const to = customer('0142');
    const sent = await json(await v1('/messages', { body: { to, body: 'See you tomorrow.' } }), 201);
    await eventually(async () => (await message(sent.id)).status === 'delivered', 10_000, 'the delivered status');
    const { twilio_sid: sid } = (await p.owner('messages').where({ id: sent.id }).first()) as { twilio_sid: string };

    const late = { MessageSid: sid, MessageStatus: 'sent', From: company.phoneNumber, To: to };
    const byId = `${publicBaseUrl(p.config)}/webhooks/twilio/message-status?message=${sent.id}`;
    expect((await statusCallback(byId, late)).status).toBe(204);
    expect((await message(sent.id)).status).toBe('delivered');
    // The URL without the message (a message sent before the URL named it): found by its SID, and the same.
    const bySid = `${publicBaseUrl(p.config)}/webhooks/twilio/message-status`;
    expect((await statusCallback(bySid, late)).status).toBe(204);
    expect((await message(sent.id)).status).toBe('delivered');
    // Unsigned, the callback is refused.
    const unsigned = await fetch(bySid, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(late) });
    expect(unsigned.status).toBe(400);
    // The signature covers the query: a callback signed for one message cannot be pointed at another.
    const other = await json(await v1('/messages', { body: { to: customer('0148'), body: 'And one more thing.' } }), 201);
    const redirected = { ...late, MessageStatus: 'failed', ErrorCode: '30003' };
    const forged = await statusCallback(`${bySid}?message=${other.id}`, redirected, byId);
    expect(forged.status).toBe(403);
    expect((await message(other.id)).error_code).toBeNull();
  });

  it("records a status callback that comes before the send has Twilio's answer, by the message its URL names", async () => {
    const to = customer('0147');
    // Twilio takes the message, but its answer is lost on the way: the send never learns the SID.
    await sandboxPost(p, '/sandbox/faults', { provider: 'twilio', operation: 'CreateMessage', count: 1, dropAnswer: true });
    const send = () => v1('/messages', { body: { to, body: 'Sam is five minutes away.' }, headers: { 'Idempotency-Key': 'eta-job-89' } });
    expect((await send()).status).toBe(503);
    const [text] = await eventually(async () => {
      const messages = await phone(to);
      return messages.length > 0 && messages;
    }, 10_000, 'the text on the customer phone');

    // Twilio's callbacks alone move it on: delivered, with the SID Twilio gave it, the lost answer's error gone.
    const logged = await eventually(async () => {
      const log = await json(await v1('/messages?direction=outbound&kind=reply'), 200);
      const found = log.data.find((m: any) => m.to_number === to);
      return found?.status === 'delivered' && found;
    }, 10_000, 'the delivered status');
    expect(logged).toMatchObject({ error_code: null, error_meaning: null, sent_at: expect.any(String) });
    const { twilio_sid: sid } = (await p.owner('messages').where({ id: logged.id }).first()) as { twilio_sid: string };
    expect(sid).toBe(text!.sid);

    // The client's retry is that message, not a second text.
    const retried = await json(await send(), 201);
    expect(retried).toMatchObject({ id: logged.id, status: 'delivered' });
    expect((await phone(to)).map((m) => m.sid)).toEqual([text!.sid]);
  });

  it("keeps a delivery Twilio reported before its answer to the send arrived", async () => {
    // Twilio behind a slow network: the answer to a new message comes back only once its
    // status callbacks have reached Kestrel and the message reads delivered.
    const relay = createServer(async (req, res) => {
      let form = '';
      for await (const chunk of req) form += chunk;
      const answer = await fetch(`${p.sandbox.url}${req.url}`, {
        method: req.method,
        headers: { Authorization: req.headers.authorization ?? '', 'Content-Type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' },
        body: req.method === 'GET' ? undefined : form,
      });
      const callback = new URLSearchParams(form).get('StatusCallback');
      const named = callback ? new URL(callback).searchParams.get('message') : null;
      if (named) await eventually(async () => (await message(named)).status === 'delivered', 10_000, 'the delivery ahead of the answer');
      res.writeHead(answer.status, { 'Content-Type': answer.headers.get('content-type') ?? 'application/json' }).end(await answer.text());
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const slowTwilio = twilio(SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, {
        httpClient: new SandboxRequestClient(`http://127.0.0.1:${(relay.address() as AddressInfo).port}`),
      });
      const { sendCustomerMessage } = messagingActivities(p.config, slowTwilio);
      const to = customer('0149');
      const outcome = await sendCustomerMessage({ tenantId: company.id, key: `missed-call-${randomUUID()}`, kind: 'missed_call', to, variables: {} });
      // Recording Twilio's answer ("queued") left the delivery as it was.
      expect(outcome.status).toBe('sent');
      expect(await message(outcome.messageId)).toMatchObject({ status: 'delivered', error_code: null, sent_at: expect.any(String) });
      const { twilio_sid: sid } = (await p.owner('messages').where({ id: outcome.messageId }).first()) as { twilio_sid: string };
      expect((await phone(to)).map((m) => m.sid)).toEqual([sid]);
    } finally {
      await new Promise((resolve) => relay.close(resolve));
    }
  });

  it("records a carrier's refusal with its meaning", async () => {
    const filtered = '+16175550107'; // the sandbox's carrier filters what is sent to it (30007)
    const sent = await json(await v1('/messages', { body: { to: filtered, body: 'Big spring sale!' } }), 201);
    const settled = await eventually(async () => {
      const m = await message(sent.id);
      return m.status === 'undelivered' && m;
    }, 10_000, 'the undelivered status');
    expect(settled).toMatchObject({ error_code: 30007, error_meaning: expect.stringMatching(/filtered/) });
  });

  it('does not text a customer who said STOP, until they say START', async () => {
    const to = customer('0143');
    await textCompany(to, 'STOP');
    const contacts = await json(await v1(`/contacts?q=${encodeURIComponent(to)}`), 200);
    expect(contacts.data).toHaveLength(1);
    expect(contacts.data[0]).toMatchObject({ phone: to, source: 'sms', sms_opted_out_at: expect.any(String) });
    const inbound = await json(await v1(`/messages?contact_id=${contacts.data[0].id}&direction=inbound`), 200);
    expect(inbound.data.map((m: any) => [m.kind, m.status, m.body])).toEqual([['reply', 'received', 'STOP']]);

    const refused = await v1('/messages', { body: { to: contacts.data[0].id, body: 'Are you still there?' } });
    const problem = await json(refused, 409);
    expect(problem.detail).toMatch(/opted out/);
    expect(await message(problem.message_id)).toMatchObject({ status: 'suppressed', error_meaning: expect.stringMatching(/STOP/) });
    // Only Twilio's own confirmation of the STOP reached the phone.
    expect((await phone(to)).map((m) => m.body)).toEqual([expect.stringMatching(/unsubscribed/)]);

    // The sending activity checks it as well, whatever kind of message a workflow sends.
    const { sendCustomerMessage } = messagingActivities(p.config, p.twilio);
    const outcome = await sendCustomerMessage({ tenantId: company.id, key: `missed-call-${randomUUID()}`, kind: 'missed_call', to, variables: {} });
    expect(outcome).toMatchObject({ status: 'suppressed', reason: expect.stringMatching(/opted out/) });

    await textCompany(to, 'START');
    const allowed = await json(await v1('/messages', { body: { to: contacts.data[0].id, body: 'Welcome back!' } }), 201);
    expect(allowed.contact_id).toBe(contacts.data[0].id);
    await eventually(async () => (await phone(to)).some((m) => m.body === 'Welcome back!'), 10_000, 'the text after START');
  });

  it('sends a workflow\'s message once per key, in the company\'s words, and marks a recipient Twilio reports unsubscribed', async () => {
    const { sendCustomerMessage } = messagingActivities(p.config, p.twilio);
    const to = customer('0144');
    const request = { tenantId: company.id, key: `missed-call-${randomUUID()}`, kind: 'missed_call' as const, to, variables: {} };
    const [first, retried] = [await sendCustomerMessage(request), await sendCustomerMessage(request)];
    expect(first.status).toBe('queued');
    expect(retried).toEqual(first);
    const texts = await eventually(async () => {
      const messages = await phone(to);
      return messages.length > 0 && messages;
    }, 10_000, 'the text-back');
    expect(texts).toHaveLength(1);
    expect(texts[0]!.body).toBe(`Sorry we missed your call! This is ${company.body.company_name}. Reply here and we will get back to you, or call us at ${company.phoneNumber}.`);

    // Twilio refuses a number blocked for the account (21610): the message fails for good and the number is opted out.
    const blocked = '+15005550004';
    const outcome = await sendCustomerMessage({ ...request, key: `missed-call-${randomUUID()}`, to: blocked });
    expect(outcome).toMatchObject({ status: 'failed', reason: expect.stringMatching(/unsubscribed/) });
    expect(await message(outcome.messageId)).toMatchObject({ status: 'failed', error_code: 21610 });
    const next = await sendCustomerMessage({ ...request, key: `missed-call-${randomUUID()}`, to: blocked });
    expect(next.status).toBe('suppressed');
  });

  it('refuses a number that cannot take a text before anything is sent or logged', async () => {
    const before = await json(await v1('/messages?limit=100'), 200);
    for (const [to, reason] of [
      ['+442071234567', /landline/],
      ['+18005550100', /toll-free/],
      ['not a number', /contact id, or a mobile number/],
    ] as const) {
      const problem = await json(await v1('/messages', { body: { to, body: 'Hello' } }), 422);
      expect(problem.errors.to).toMatch(reason);
    }
    const empty = await json(await v1('/messages', { body: { to: customer('0145'), body: '   ' } }), 422);
    expect(empty.errors.body).toMatch(/text of the message/);
    const after = await json(await v1('/messages?limit=100'), 200);
    expect(after.data.length).toBe(before.data.length);
  });

  it('keeps message templates per kind: unknown variables are refused field by field, with a preview and its SMS segments', async () => {
    const standard = await json(await v1('/message-templates/missed_call'), 200);
    expect(standard).toMatchObject({ kind: 'missed_call', is_default: true, encoding: 'GSM-7', segments: 1 });
    expect(standard.preview).toContain(company.body.company_name as string);
    expect(standard.variables).toEqual(['company_name', 'company_phone', 'contact_name']);

    const bad = await json(await v1('/message-templates/missed_call', { method: 'PUT', body: { body: 'Hi {contact_name}, we missed you at {appointment_time} {eta}' } }), 422);
    expect(Object.keys(bad.errors).sort()).toEqual(['body.appointment_time', 'body.eta']);
    expect(bad.errors['body.eta']).toMatch(/not a variable of missed_call/);
    expect((await json(await v1('/message-templates/missed_call'), 200)).is_default).toBe(true);

    const wording = '{company_name}: sorry we missed your call 🙂 Call us back on {company_phone} any time today.';
    const saved = await json(await v1('/message-templates/missed_call', { method: 'PUT', body: { body: wording } }), 200);
    expect(saved.preview).toBe(`${company.body.company_name}: sorry we missed your call 🙂 Call us back on ${company.phoneNumber} any time today.`);
    // The emoji makes it UCS-2, where past 70 characters a text takes two segments.
    expect(saved.preview.length).toBeGreaterThan(70);
    expect(saved).toMatchObject({ body: wording, is_default: false, encoding: 'UCS-2', segments: 2 });

    // The next text-back is in the company's words.
    const to = customer('0146');
    const { sendCustomerMessage } = messagingActivities(p.config, p.twilio);
    await sendCustomerMessage({ tenantId: company.id, key: `missed-call-${randomUUID()}`, kind: 'missed_call', to, variables: {} });
    const texts = await eventually(async () => {
      const messages = await phone(to);
      return messages.length > 0 && messages;
    }, 10_000, 'the text-back');
    expect(texts[0]!.body).toBe(saved.preview);

    expect((await v1('/message-templates/no_such_kind')).status).toBe(404);
  });

  it("shows operators every company's texts and contacts", async () => {
    const filter = encodeURIComponent(JSON.stringify({ tenant_id: company.id, direction: 'outbound' }));
    const res = await fetch(`${p.apiUrl}/api/admin/messages?filter=${filter}&range=[0,4]`, { headers: { Authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toMatch(/^messages 0-4\/\d+$/);
    const rows = (await res.json()) as any[];
    expect(rows.every((m) => m.tenant_id === company.id && m.direction === 'outbound' && m.company_name === company.body.company_name)).toBe(true);

    const contacts = await operator(p, `/api/admin/contacts?filter=${encodeURIComponent(JSON.stringify({ tenant_id: company.id, source: 'sms' }))}`);
    expect(contacts.map((c: any) => [c.phone, c.company_name])).toEqual([[customer('0143'), company.body.company_name]]);
  });
});
