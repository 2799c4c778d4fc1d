import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import twilio from 'twilio';
import { SANDBOX_AUTH_TOKEN } from '../../sandbox/twilio/account';
import { claimAreaCode } from '../support/area-codes';
import { expectResponsesMatchSpecs } from './support/provider-specs';
import { listen, sandboxCall, startSandboxWithClients, type SandboxWithClients } from './support/sandbox-clients';

const AREA_CODE = claimAreaCode();
let env: SandboxWithClients;
let company: { url: string; close(): Promise<void> };
/** What the company's webhook received, path by path, and whether Twilio's signature checked out. */
const received: Array<{ path: string; params: Record<string, string>; signatureValid: boolean }> = [];
/** The TwiML the company's /sms webhook answers with, by the body of the text it gets. */
const answers = new Map<string, string>();
let companyNumber: string;

interface SandboxMessage {
  sid: string;
  from: string;
  to: string;
  body: string;
  direction: string;
  status: string;
}
interface Received {
  sid: string;
  message: SandboxMessage;
  reply: string[];
  replies: SandboxMessage[];
  webhooks: Array<{ purpose: string; request: { url: string; params: Record<string, string> }; failure?: { code: number } }>;
  notSent: Array<{ body: string; code: number }>;
}

const text = async (input: { from: string; to: string; body: string; channel?: 'sms' | 'whatsapp'; profileName?: string }) => {
  const answer = await sandboxCall<Received>(env.sandbox, 'POST', '/sandbox/messages', input);
  expect(answer.status).toBe(201);
  return answer.body;
};
const phone = async (query: string) => (await sandboxCall<{ messages: SandboxMessage[] }>(env.sandbox, 'GET', `/sandbox/messages?${query}`)).body.messages;
const twiml = (...messages: string[]) => {
  const response = new twilio.twiml.MessagingResponse();
  for (const m of messages) response.message(m);
  return response.toString();
};

beforeAll(async () => {
  env = await startSandboxWithClients();
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.post(['/sms', '/sms-broken', '/sms-fallback', '/sms-next'], (req, res) => {
    const params = req.body as Record<string, string>;
    const signatureValid = twilio.validateRequest(SANDBOX_AUTH_TOKEN, req.header('X-Twilio-Signature') ?? '', `${company.url}${req.originalUrl}`, params);
    received.push({ path: req.path, params, signatureValid });
    if (req.path === '/sms-broken') {
      res.status(500).send('down');
      return;
    }
    if (req.path === '/sms-fallback') {
      res.type('text/xml').send(twiml('Sorry, we are having trouble. We will text you back shortly.'));
      return;
    }
    if (req.path === '/sms-next') {
      res.type('text/xml').send(twiml('Redirected answer'));
      return;
    }
    res.type('text/xml').send(answers.get(params.Body ?? '') ?? twiml());
  });
  company = await listen(app);
  const number = await env.twilio.incomingPhoneNumbers.create({ areaCode: AREA_CODE, smsUrl: `${company.url}/sms` });
  companyNumber = number.phoneNumber;
});

afterAll(async () => {
  await env.sandbox.close();
  await company.close();
});

describe("a person texting a company's number", () => {
  it("posts Twilio's signed messaging webhook to the SmsUrl and texts the TwiML answer back to the person", async () => {
    const person = '+16175550141';
    answers.set('Is my visit still on for Tuesday?', twiml('Yes, see you Tuesday at 10 AM. Reply R to reschedule.'));
    const answer = await text({ from: person, to: companyNumber, body: 'Is my visit still on for Tuesday?' });

    expect(answer.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(answer.reply).toEqual(['Yes, see you Tuesday at 10 AM. Reply R to reschedule.']);
    const webhook = received.find((r) => r.params.MessageSid === answer.sid)!;
    expect(webhook.signatureValid).toBe(true);
    expect(webhook.params).toEqual({
      AccountSid: expect.stringMatching(/^AC/),
      ApiVersion: '2010-04-01',
      MessageSid: answer.sid,
      SmsSid: answer.sid,
      SmsMessageSid: answer.sid,
      SmsStatus: 'received',
      From: person,
      To: companyNumber,
      Body: 'Is my visit still on for Tuesday?',
      NumMedia: '0',
      NumSegments: '1',
      FromCity: 'BOSTON',
      FromState: 'MA',
      FromZip: '02110',
      FromCountry: 'US',
      ToCity: expect.any(String),
      ToState: expect.any(String),
      ToZip: expect.any(String),
      ToCountry: 'US',
    });
    expect(webhook.params.MessagingServiceSid).toBeUndefined();

    const onThePhone = await phone(`to=${encodeURIComponent(person)}`);
    expect(onThePhone[0]).toMatchObject({ from: companyNumber, to: person, body: 'Yes, see you Tuesday at 10 AM. Reply R to reschedule.', direction: 'outbound-reply' });
    const conversation = await phone(`number=${encodeURIComponent(person)}`);
    expect(conversation.map((m) => [m.direction, m.body])).toEqual([
      ['outbound-reply', 'Yes, see you Tuesday at 10 AM. Reply R to reschedule.'],
      ['inbound', 'Is my visit still on for Tuesday?'],
    ]);

    const inbound = await env.twilio.messages(answer.sid).fetch();
    expect(inbound).toMatchObject({ direction: 'inbound', status: 'received', from: person, to: companyNumber });
    expect(inbound.dateSent).toBeInstanceOf(Date);
  });

  it('answers nothing back for an empty <Response/>, and follows <Redirect>', async () => {
    const quiet = await text({ from: '+16175550142', to: companyNumber, body: 'Thanks!' });
    expect(quiet.reply).toEqual([]);
    expect(await phone('to=%2B16175550142')).toEqual([]);

    answers.set('Where is my technician?', `<Response><Redirect>${company.url}/sms-next</Redirect></Response>`);
    const redirected = await text({ from: '+16175550142', to: companyNumber, body: 'Where is my technician?' });
    expect(redirected.webhooks.map((w) => w.purpose)).toEqual(['sms', 'redirect']);
    expect(redirected.reply).toEqual(['Redirected answer']);
  });

  it('falls back to the SmsFallbackUrl when the SmsUrl fails, with ErrorCode and ErrorUrl', async () => {
    const number = await env.twilio.incomingPhoneNumbers.create({
      areaCode: AREA_CODE,
      smsUrl: `${company.url}/sms-broken`,
      smsFallbackUrl: `${company.url}/sms-fallback`,
    });
    const answer = await text({ from: '+16175550143', to: number.phoneNumber, body: 'Hello?' });

    expect(answer.webhooks.map((w) => [w.purpose, w.failure?.code])).toEqual([
      ['sms', 11200],
      ['fallback', undefined],
    ]);
    const fallback = received.find((r) => r.path === '/sms-fallback' && r.params.MessageSid === answer.sid)!;
    expect(fallback.signatureValid).toBe(true);
    expect(fallback.params).toMatchObject({ ErrorCode: '11200', ErrorUrl: `${company.url}/sms-broken`, Body: 'Hello?' });
    expect(answer.reply).toEqual(['Sorry, we are having trouble. We will text you back shortly.']);
  });

  it('remembers STOP per number: sends from that number then fail with 21610 until the person texts START', async () => {
    const person = '+16175550144';
    const other = await env.twilio.incomingPhoneNumbers.create({ areaCode: AREA_CODE });
    answers.set('STOP', twiml('This reply is never sent'));

    const stop = await text({ from: person, to: companyNumber, body: 'stop' });
    expect(stop.reply).toEqual([expect.stringContaining('You have successfully been unsubscribed')]);
    expect(received.find((r) => r.params.MessageSid === stop.sid)?.params.Body).toBe('stop');

    await expect(env.twilio.messages.create({ from: companyNumber, to: person, body: 'Reminder: your visit is tomorrow.' })).rejects.toMatchObject({
      status: 400,
      code: 21610,
      message: 'Attempt to send to unsubscribed recipient',
    });
    await expect(env.twilio.messages.create({ from: other.phoneNumber, to: person, body: 'From another number' })).resolves.toMatchObject({ status: 'queued' });

    const again = await text({ from: person, to: companyNumber, body: 'STOP' });
    expect(again.reply).toEqual([expect.stringContaining('unsubscribed')]);
    expect(again.notSent).toEqual([{ body: 'This reply is never sent', code: 21610, message: 'Attempt to send to unsubscribed recipient' }]);

    const start = await text({ from: person, to: companyNumber, body: ' Start ' });
    expect(start.reply).toEqual([expect.stringContaining('You have successfully been re-subscribed')]);
    await expect(env.twilio.messages.create({ from: companyNumber, to: person, body: 'Welcome back.' })).resolves.toMatchObject({ status: 'queued' });
  });

  it('receives WhatsApp messages with whatsapp: addresses, as Twilio posts them, and answers on WhatsApp', async () => {
    const person = '+16175550145';
    answers.set('Can you come Friday?', twiml('Friday at 9 AM works. See you then!'));
    const answer = await text({ from: person, to: companyNumber, body: 'Can you come Friday?', channel: 'whatsapp', profileName: 'Dana' });

    const webhook = received.find((r) => r.params.MessageSid === answer.sid)!;
    expect(webhook.signatureValid).toBe(true);
    expect(webhook.params).toMatchObject({
      From: `whatsapp:${person}`,
      To: `whatsapp:${companyNumber}`,
      WaId: person.slice(1),
      ProfileName: 'Dana',
      MessageType: 'text',
      SmsStatus: 'received',
      NumMedia: '0',
    });
    expect(answer.replies).toEqual([expect.objectContaining({ from: `whatsapp:${companyNumber}`, to: `whatsapp:${person}`, body: 'Friday at 9 AM works. See you then!' })]);
    expect((await phone(`to=${encodeURIComponent(`whatsapp:${person}`)}`)).map((m) => m.body)).toEqual(['Friday at 9 AM works. See you then!']);
    expect((await phone(`from=${encodeURIComponent(person)}`)).map((m) => m.from)).toEqual([`whatsapp:${person}`]);

    const listed = await env.twilio.messages.list({ from: `whatsapp:${person}` });
    expect(listed.map((m) => m.sid)).toEqual([answer.sid]);
  });

  it('refuses a text to a number the sandbox did not sell', async () => {
    const answer = await sandboxCall<{ code: number }>(env.sandbox, 'POST', '/sandbox/messages', { from: '+16175550146', to: '+19995550100', body: 'hi' });
    expect(answer).toMatchObject({ status: 404, body: { code: 21217 } });
    const bad = await sandboxCall<{ code: number }>(env.sandbox, 'POST', '/sandbox/messages', { from: 'nobody', to: companyNumber, body: 'hi' });
    expect(bad).toMatchObject({ status: 400, body: { code: 20001 } });
  });

  it("served only responses that match Twilio's OpenAPI document", () => {
    const results = expectResponsesMatchSpecs(env.sandbox.recordedResponses());
    expect(results.map((r) => r.operation)).toEqual(
      expect.arrayContaining(['GET /2010-04-01/Accounts/{AccountSid}/Messages.json', 'GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json']),
    );
  });
});

describe('opt-outs across a restart', () => {
  it('still refuses a recipient who texted STOP after the sandbox restarts with its state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kestrel-sandbox-'));
    let persisted = await startSandboxWithClients({ persistDir: dir });
    try {
      const number = await persisted.twilio.incomingPhoneNumbers.create({ areaCode: AREA_CODE });
      const stop = await sandboxCall(persisted.sandbox, 'POST', '/sandbox/messages', { from: '+16175550147', to: number.phoneNumber, body: 'STOP' });
      expect(stop.status).toBe(201);
      await persisted.sandbox.close();

      persisted = await startSandboxWithClients({ persistDir: dir });
      await expect(persisted.twilio.messages.create({ from: number.phoneNumber, to: '+16175550147', body: 'Still there?' })).rejects.toMatchObject({ code: 21610 });
    } finally {
      await persisted.sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
