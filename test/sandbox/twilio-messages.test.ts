import express from 'express';
import twilio from 'twilio';
import { SANDBOX_AUTH_TOKEN } from '../../sandbox/twilio/account';
import { claimAreaCode } from '../support/area-codes';
import { expectResponsesMatchSpecs } from './support/provider-specs';
import { listen, startSandboxWithClients, type SandboxWithClients } from './support/sandbox-clients';

const AREA_CODE = claimAreaCode();
let env: SandboxWithClients;
let receiver: { url: string; close(): Promise<void> };
const callbacks: Array<{ params: Record<string, string>; signatureValid: boolean }> = [];
let delivered: (() => void) | undefined;
let sender: string;

beforeAll(async () => {
  env = await startSandboxWithClients();
  const app = express();
  app.post('/sms-status', express.urlencoded({ extended: false }), (req, res) => {
    const params = req.body as Record<string, string>;
    const signatureValid = twilio.validateRequest(SANDBOX_AUTH_TOKEN, req.header('X-Twilio-Signature') ?? '', `${receiver.url}/sms-status`, params);
    callbacks.push({ params, signatureValid });
    if (params.MessageStatus === 'delivered') delivered?.();
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
    const done = new Promise<void>((resolve) => (delivered = resolve));
    const message = await env.twilio.messages.create({
      from: sender,
      to: '+16175550123',
      body: 'Your technician arrives Tuesday at 10 AM.',
      statusCallback: `${receiver.url}/sms-status`,
    });
    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message.status).toBe('queued');
    expect(message.direction).toBe('outbound-api');

    await done;
    const mine = callbacks.filter((c) => c.params.MessageSid === message.sid);
    expect(mine.map((c) => c.params.MessageStatus)).toEqual(['sent', 'delivered']);
    expect(mine.every((c) => c.signatureValid)).toBe(true);
    expect(mine[0]!.params).toMatchObject({ To: '+16175550123', From: sender, SmsSid: message.sid });

    const fetched = await env.twilio.messages(message.sid).fetch();
    expect(fetched.status).toBe('delivered');
    expect(fetched.body).toBe('Your technician arrives Tuesday at 10 AM.');
    expect(fetched.dateSent).toBeInstanceOf(Date);
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
