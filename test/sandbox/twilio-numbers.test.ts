import twilio from 'twilio';
import { SANDBOX_ACCOUNT_SID } from '../../sandbox/twilio/account';
import { SandboxRequestClient } from '../../providers/twilio';
import { claimAreaCode } from '../support/area-codes';
import { expectResponsesMatchSpecs } from './support/provider-specs';
import { startSandboxWithClients, type SandboxWithClients } from './support/sandbox-clients';

/** Boston's: the numbers on offer say where they are. */
const BOSTON = claimAreaCode('857');
/** Any other area, for the tests that only need numbers to buy. */
const ELSEWHERE = claimAreaCode();

let env: SandboxWithClients;

beforeAll(async () => {
  env = await startSandboxWithClients();
});

afterAll(async () => {
  await env.sandbox.close();
});

describe('Twilio phone numbers through the twilio SDK', () => {
  it("searches local numbers in Boston's area code, the same ones every time", async () => {
    const first = await env.twilio.availablePhoneNumbers('US').local.list({ areaCode: Number(BOSTON), voiceEnabled: true, limit: 10 });
    const again = await env.twilio.availablePhoneNumbers('US').local.list({ areaCode: Number(BOSTON), voiceEnabled: true, limit: 10 });

    expect(first).toHaveLength(10);
    expect(again.map((n) => n.phoneNumber)).toEqual(first.map((n) => n.phoneNumber));
    for (const n of first) {
      expect(n.phoneNumber).toMatch(new RegExp(`^\\+1${BOSTON}\\d{7}$`));
      expect(n.locality).toBe('Boston');
      expect(n.region).toBe('MA');
      expect(n.isoCountry).toBe('US');
      expect(n.capabilities.voice).toBe(true);
    }
  });

  it('filters by SmsEnabled, Contains and InRegion', async () => {
    const all = await env.twilio.availablePhoneNumbers('US').local.list({ areaCode: Number(BOSTON) });
    const sms = await env.twilio.availablePhoneNumbers('US').local.list({ areaCode: Number(BOSTON), smsEnabled: true });
    expect(sms.length).toBeLessThan(all.length);
    expect(sms.every((n) => n.capabilities.sms)).toBe(true);

    const wanted = all[3]!.phoneNumber.slice(-4);
    const containing = await env.twilio.availablePhoneNumbers('US').local.list({ contains: wanted, areaCode: Number(BOSTON) });
    expect(containing.map((n) => n.phoneNumber)).toContain(all[3]!.phoneNumber);
    expect(containing.every((n) => n.phoneNumber.slice(2).includes(wanted))).toBe(true);

    const texas = await env.twilio.availablePhoneNumbers('US').local.list({ inRegion: 'TX', limit: 20 });
    expect(texas.length).toBeGreaterThan(0);
    expect(texas.every((n) => n.region === 'TX')).toBe(true);
  });

  it('buys a number with its webhooks, lists, fetches, updates and releases it', async () => {
    const [offer] = await env.twilio.availablePhoneNumbers('US').local.list({ areaCode: Number(BOSTON), smsEnabled: true, limit: 1 });
    const bought = await env.twilio.incomingPhoneNumbers.create({
      phoneNumber: offer!.phoneNumber,
      voiceUrl: 'https://kestrel.example/webhooks/twilio/voice',
      voiceMethod: 'POST',
      statusCallback: 'https://kestrel.example/webhooks/twilio/status',
      smsUrl: 'https://kestrel.example/webhooks/twilio/sms',
      friendlyName: 'Acme Heating main line',
    });
    expect(bought.sid).toMatch(/^PN[0-9a-f]{32}$/);
    expect(bought.accountSid).toBe(SANDBOX_ACCOUNT_SID);
    expect(bought.phoneNumber).toBe(offer!.phoneNumber);
    expect(bought.voiceUrl).toBe('https://kestrel.example/webhooks/twilio/voice');
    expect(bought.statusCallback).toBe('https://kestrel.example/webhooks/twilio/status');
    expect(bought.friendlyName).toBe('Acme Heating main line');

    const stillOffered = await env.twilio.availablePhoneNumbers('US').local.list({ areaCode: Number(BOSTON) });
    expect(stillOffered.map((n) => n.phoneNumber)).not.toContain(bought.phoneNumber);

    const listed = await env.twilio.incomingPhoneNumbers.list({ phoneNumber: bought.phoneNumber });
    expect(listed.map((n) => n.sid)).toEqual([bought.sid]);

    const updated = await env.twilio.incomingPhoneNumbers(bought.sid).update({
      voiceUrl: 'https://kestrel.example/webhooks/twilio/voice-v2',
      smsUrl: '',
      friendlyName: 'Renamed',
    });
    expect(updated.voiceUrl).toBe('https://kestrel.example/webhooks/twilio/voice-v2');
    expect(updated.smsUrl).toBeNull();
    expect(updated.statusCallback).toBe('https://kestrel.example/webhooks/twilio/status');
    expect((await env.twilio.incomingPhoneNumbers(bought.sid).fetch()).friendlyName).toBe('Renamed');

    expect(await env.twilio.incomingPhoneNumbers(bought.sid).remove()).toBe(true);
    await expect(env.twilio.incomingPhoneNumbers(bought.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    const offeredAgain = await env.twilio.availablePhoneNumbers('US').local.list({ areaCode: Number(BOSTON) });
    expect(offeredAgain.map((n) => n.phoneNumber)).toContain(bought.phoneNumber);
  });

  it('refuses to sell a number twice', async () => {
    const [offer] = await env.twilio.availablePhoneNumbers('US').local.list({ areaCode: Number(ELSEWHERE), limit: 1 });
    await env.twilio.incomingPhoneNumbers.create({ phoneNumber: offer!.phoneNumber });
    await expect(env.twilio.incomingPhoneNumbers.create({ phoneNumber: offer!.phoneNumber })).rejects.toMatchObject({ status: 400, code: 21422 });
  });

  it('pages through a long list the way the SDK reads it', async () => {
    for (let i = 0; i < 4; i++) await env.twilio.incomingPhoneNumbers.create({ areaCode: ELSEWHERE });
    const everyNumber = await env.twilio.incomingPhoneNumbers.list({ pageSize: 2 });
    const firstPage = await env.twilio.incomingPhoneNumbers.page({ pageSize: 2 });

    expect(firstPage.instances).toHaveLength(2);
    expect(firstPage.nextPageUrl).toBeDefined();
    expect(everyNumber.length).toBeGreaterThanOrEqual(5);
    expect(new Set(everyNumber.map((n) => n.sid)).size).toBe(everyNumber.length);
  });

  it('answers 401 to a wrong auth token, as Twilio does', async () => {
    const stranger = twilio(SANDBOX_ACCOUNT_SID, 'not-the-token-at-all-0000', { httpClient: new SandboxRequestClient(env.sandbox.url) });
    await expect(stranger.incomingPhoneNumbers.list()).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it("served only responses that match Twilio's OpenAPI document", () => {
    const results = expectResponsesMatchSpecs(env.sandbox.recordedResponses());
    expect(new Set(results.map((r) => r.operation))).toEqual(
      new Set([
        'GET /2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json',
        'POST /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
        'GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json',
        'GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
        'POST /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
        'DELETE /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json',
      ]),
    );
  });
});
