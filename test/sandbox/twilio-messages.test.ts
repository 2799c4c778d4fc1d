import express from 'express';
import twilio from 'twilio';
import { SANDBOX_AUTH_TOKEN, SMS_TEST_RECIPIENTS } from '../../sandbox/twilio/account';
import { claimAreaCode } from '../support/area-codes';
import { expectResponsesMatchSpecs } from './support/provider-specs';
import { listen, startSandboxWithClients, type SandboxWithClients } from './support/sandbox-clients';

const AREA_CODE = claimAreaCode();
let env: SandboxWithClients;
let receiver: { url: string; close(): Promise<void> };
const callbacks: Array<{ params: Record<string, string>; query: Record<string, unknown>; signatureValid: boolean }> = [];
const waiters: Array<() => void> = [];
let sender: string;

/** The status callbacks of one message, once one of them reports `finalStatus`. */
async function callbacksUntil(messageSid: string, finalStatus: string) {
  const mine = () => callbacks.filter((c) => c.params.MessageSid === messageSid);
  while (!mine().some((c) => c.params.MessageStatus === finalStatus)) await new Promise<void>((resolve) => waiters.push(resolve));
  return mine();
}

beforeAll(async () => {
  env = await startSandboxWithClients();
  const app = express();
  app.post('/sms-status', express.urlencoded({ extended: false }), (req, res) => {
    const params = req.body as Record<string, string>;
    // Twilio signs the URL it was given, query and all.
    const signatureValid = twilio.validateRequest(SANDBOX_AUTH_TOKEN, req.header('X-Twilio-Signature') ?? '', `${receiver.url}${req.originalUrl}`, params);
    callbacks.push({ params, query: req.query, signatureValid });
    for (const wake of waiters.splice(0)) wake();
    res.status(204).end();
  });
  receiver = await listen(app);
  const number = await env.twilio.incomingPhoneNumbers.create({ areaCode: AREA_CODE });
  sender = number.phoneNumber;
});

afterAll(async () => {
  await env.sandbox.close();
  await receiver.close();
});

describe('Twilio messages through the twilio SDK', () => {
  it('sends an SMS that moves from queued to delivered and reports each step to its StatusCallback', async () => {
    const message = await env.twilio.messages.create({
      from: sender,
      to: '+16175550123',
      body: 'Your technician arrives Tuesday at 10 AM.',
      statusCallback: `${receiver.url}/sms-status`,
    });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.status).toBe('queued');
    expect(message.direction).toBe('outbound-api');
    expect(message.numSegments).toBe('1');

    const mine = await callbacksUntil(message.sid, 'delivered');
    expect(mine.map((c) => c.params.MessageStatus)).toEqual(['sent', 'delivered']);
    expect(mine.every((c) => c.signatureValid)).toBe(true);
    expect(mine[0]!.params).toMatchObject({ To: '+16175550123', From: sender, SmsSid: message.sid });
    expect(mine[0]!.params.ErrorCode).toBeUndefined();

    const fetched = await env.twilio.messages(message.sid).fetch();
    expect(fetched.status).toBe('delivered');
    expect(fetched.body).toBe('Your technician arrives Tuesday at 10 AM.');
    expect(fetched.dateSent).toBeInstanceOf(Date);
    expect(fetched.errorCode).toBeNull();
  });

  it("keeps the StatusCallback's query, and signs it with the rest of the URL", async () => {
    const message = await env.twilio.messages.create({
      from: sender,
      to: '+16175550124',
      body: 'Your visit is confirmed.',
      statusCallback: `${receiver.url}/sms-status?message=3f1c2a9e-5b7d-4e8f-9a60-1d2b3c4d5e6f`,
    });
    const mine = await callbacksUntil(message.sid, 'delivered');
    expect(mine.map((c) => c.query)).toEqual([
      { message: '3f1c2a9e-5b7d-4e8f-9a60-1d2b3c4d5e6f' },
      { message: '3f1c2a9e-5b7d-4e8f-9a60-1d2b3c4d5e6f' },
    ]);
    expect(mine.every((c) => c.signatureValid)).toBe(true);
  });

  it('counts segments as carriers do: 153 GSM characters a part, 67 once a character is outside GSM', async () => {
    const long = await env.twilio.messages.create({ from: sender, to: '+16175550123', body: 'a'.repeat(161) });
    expect(long.numSegments).toBe('2');
    const emoji = await env.twilio.messages.create({ from: sender, to: '+16175550123', body: `Thanks! 🙂 ${'a'.repeat(65)}` });
    expect(emoji.numSegments).toBe('2');
  });

  it('lists messages, newest first, filtered by recipient', async () => {
    await env.twilio.messages.create({ from: sender, to: '+12125550100', body: 'first' });
    await env.twilio.messages.create({ from: sender, to: '+12125550100', body: 'second' });
    await env.twilio.messages.create({ from: sender, to: '+13125550100', body: 'elsewhere' });

    const listed = await env.twilio.messages.list({ to: '+12125550100' });
    expect(listed.map((m) => m.body)).toEqual(['second', 'first']);
  });

  it("refuses a sender that is not one of the account's numbers, with Twilio's error", async () => {
    await expect(env.twilio.messages.create({ from: '+15005550006', to: '+16175550123', body: 'hi' })).rejects.toMatchObject({
      status: 400,
      code: 21606,
    });
    await expect(env.twilio.messages.create({ from: sender, to: 'not-a-number', body: 'hi' })).rejects.toMatchObject({ status: 400, code: 21211 });
  });

  it("refuses Twilio's magic recipients with their errors, before anything is queued", async () => {
    const refusals = [
      [SMS_TEST_RECIPIENTS.landline, 21614, "'To' number +15005550009 is not a valid mobile number"],
      [SMS_TEST_RECIPIENTS.invalid, 21211, "Invalid 'To' Phone Number: +15005550001"],
      [SMS_TEST_RECIPIENTS.unroutable, 21612, expect.stringContaining('not currently reachable')],
      [SMS_TEST_RECIPIENTS.regionNotEnabled, 21408, expect.stringContaining('has not been enabled for the region')],
      [SMS_TEST_RECIPIENTS.blocked, 21610, 'Attempt to send to unsubscribed recipient'],
    ] as const;
    for (const [to, code, message] of refusals) {
      await expect(env.twilio.messages.create({ from: sender, to, body: 'Reminder: your visit is tomorrow.' })).rejects.toMatchObject({ status: 400, code, message });
    }
    const stored = await env.twilio.messages.list({ from: sender });
    expect(stored.filter((m) => refusals.some(([to]) => m.to === to))).toEqual([]);
  });

  it('ends a message to the carrier-filtered recipient undelivered with 30007, reported to its StatusCallback', async () => {
    const message = await env.twilio.messages.create({
      from: sender,
      to: SMS_TEST_RECIPIENTS.carrierFiltered,
      body: 'Spring tune-up: 20% off this week!',
      statusCallback: `${receiver.url}/sms-status`,
    });
    expect(message.status).toBe('queued');

    const mine = await callbacksUntil(message.sid, 'undelivered');
    expect(mine.map((c) => c.params.MessageStatus)).toEqual(['sent', 'undelivered']);
    expect(mine.every((c) => c.signatureValid)).toBe(true);
    expect(mine[1]!.params).toMatchObject({ ErrorCode: '30007', ErrorMessage: 'Message filtered', SmsStatus: 'undelivered' });

    const fetched = await env.twilio.messages(message.sid).fetch();
    expect(fetched).toMatchObject({ status: 'undelivered', errorCode: 30007, errorMessage: 'Message filtered' });
  });

  it('fails a message to the unreachable recipient with 30003, without it ever being sent', async () => {
    const message = await env.twilio.messages.create({
      from: sender,
      to: SMS_TEST_RECIPIENTS.unreachable,
      body: 'Your invoice is due Friday.',
      statusCallback: `${receiver.url}/sms-status`,
    });

    const mine = await callbacksUntil(message.sid, 'failed');
    expect(mine.map((c) => c.params.MessageStatus)).toEqual(['failed']);
    expect(mine[0]!.params).toMatchObject({ ErrorCode: '30003', ErrorMessage: 'Unreachable destination handset' });
    expect(mine[0]!.signatureValid).toBe(true);

    const fetched = await env.twilio.messages(message.sid).fetch();
    expect(fetched).toMatchObject({ status: 'failed', errorCode: 30003, dateSent: null });
  });

  it('sends WhatsApp messages from a bought number, with the whatsapp: addresses kept throughout', async () => {
    const message = await env.twilio.messages.create({
      from: `whatsapp:${sender}`,
      to: 'whatsapp:+16175550123',
      body: 'Your technician Sam is on the way, arriving around 2:15 PM.',
      statusCallback: `${receiver.url}/sms-status`,
    });
    expect(message).toMatchObject({ from: `whatsapp:${sender}`, to: 'whatsapp:+16175550123', status: 'queued', numSegments: '1' });

    const mine = await callbacksUntil(message.sid, 'delivered');
    expect(mine.at(-1)!.params).toMatchObject({ From: `whatsapp:${sender}`, To: 'whatsapp:+16175550123' });
    const listed = await env.twilio.messages.list({ to: 'whatsapp:+16175550123' });
    expect(listed.map((m) => m.sid)).toEqual([message.sid]);
  });

  it('refuses WhatsApp from a number the account does not have, and mixed channels', async () => {
    await expect(env.twilio.messages.create({ from: 'whatsapp:+15005550006', to: 'whatsapp:+16175550123', body: 'hi' })).rejects.toMatchObject({
      status: 400,
      code: 63007,
    });
    await expect(env.twilio.messages.create({ from: `whatsapp:${sender}`, to: '+16175550123', body: 'hi' })).rejects.toMatchObject({
      status: 400,
      code: 21910,
    });
    await expect(env.twilio.messages.create({ from: `whatsapp:${sender}`, to: 'whatsapp:12345', body: 'hi' })).rejects.toMatchObject({
      status: 400,
      code: 21211,
    });
  });

  it("served only responses that match Twilio's OpenAPI document", () => {
    const results = expectResponsesMatchSpecs(env.sandbox.recordedResponses());
    expect(results.map((r) => r.operation)).toEqual(
      expect.arrayContaining([
        'POST /2010-04-01/Accounts/{AccountSid}/Messages.json',
        'GET /2010-04-01/Accounts/{AccountSid}/Messages.json',
        'GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json',
      ]),
    );
  });
});
