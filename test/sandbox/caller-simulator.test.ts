import express from 'express';
import twilio from 'twilio';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from '../../sandbox/twilio/account';
import type { CallEvent } from '../../sandbox/twilio/call-events';
import { claimAreaCode } from '../support/area-codes';
import { expectResponsesMatchSpecs } from './support/provider-specs';
import { listen, sandboxCall, startSandboxWithClients, type SandboxWithClients } from './support/sandbox-clients';

interface CallSnapshot {
  sid: string;
  state: 'running' | 'waiting' | 'ended';
  call: { status: string; duration: string | null };
  transcript: Array<{ speaker: 'agent' | 'caller'; text: string }>;
  events: CallEvent[];
}

interface SeenRequest {
  path: string;
  params: Record<string, string>;
  signatureValid: boolean;
  idempotencyToken: string | undefined;
}

/** Boston's: the webhooks say where the called number is. */
const BOSTON = claimAreaCode('617');

let env: SandboxWithClients;
let agent: { url: string; close(): Promise<void> };
const seen: SeenRequest[] = [];
let agentNumber: string;
let brokenNumber: string;

/** A small agent answering TwiML built with the twilio SDK, checking every signature as Kestrel's API must. */
function agentApp() {
  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.use((req, _res, next) => {
    const params = req.body as Record<string, string>;
    seen.push({
      path: req.path,
      params,
      signatureValid: twilio.validateRequest(SANDBOX_AUTH_TOKEN, req.header('X-Twilio-Signature') ?? '', `${agent.url}${req.originalUrl}`, params),
      idempotencyToken: req.header('I-Twilio-Idempotency-Token'),
    });
    next();
  });
  const twiml = (res: express.Response, response: twilio.twiml.VoiceResponse) => res.type('text/xml').send(response.toString());
  app.post('/voice', (_req, res) => {
    const r = new twilio.twiml.VoiceResponse();
    r.say('Thank you for calling Acme Heating.');
    r.gather({ input: ['speech'], action: '/turn', speechTimeout: 'auto' }).say('How can I help?');
    twiml(res, r);
  });
  app.post('/turn', (req, res) => {
    const said = String((req.body as Record<string, string>).SpeechResult ?? '');
    const r = new twilio.twiml.VoiceResponse();
    if (/gas/i.test(said)) {
      r.say('Connecting you to our on-call technician.');
      r.dial({ callerId: agentNumber }, '+16175550199');
    } else if (/bye/i.test(said)) {
      r.say('Goodbye!');
      r.hangup();
    } else {
      r.say(`You said: ${said}.`);
      r.gather({ input: ['speech'], action: '/turn' }).say('Anything else?');
    }
    twiml(res, r);
  });
  app.post('/hold', (_req, res) => {
    const r = new twilio.twiml.VoiceResponse();
    r.say('Please hold for a person.');
    r.hangup();
    twiml(res, r);
  });
  app.post('/status', (_req, res) => {
    res.status(204).end();
  });
  app.post('/broken', (_req, res) => {
    res.status(500).send('boom');
  });
  return app;
}

const endOf = (snapshot: CallSnapshot) => snapshot.events.find((e) => e.type === 'end');

const placeCall = (body: Record<string, unknown>) => sandboxCall<CallSnapshot>(env.sandbox, 'POST', '/sandbox/calls', body);

beforeAll(async () => {
  env = await startSandboxWithClients();
  agent = await listen(agentApp());
  agentNumber = (
    await env.twilio.incomingPhoneNumbers.create({ areaCode: BOSTON, voiceUrl: `${agent.url}/voice`, statusCallback: `${agent.url}/status` })
  ).phoneNumber;
  brokenNumber = (await env.twilio.incomingPhoneNumbers.create({ areaCode: BOSTON, voiceUrl: `${agent.url}/broken` })).phoneNumber;
});

afterAll(async () => {
  await env.sandbox.close();
  await agent.close();
});

describe('the caller simulator', () => {
  it('calls the VoiceUrl, follows Say and Gather, and posts the caller’s words until the agent hangs up', async () => {
    seen.length = 0;
    const { status, body } = await placeCall({ from: '+16175550123', to: agentNumber, utterances: ['My furnace is making a noise', 'Thanks, bye'] });

    expect(status).toBe(201);
    expect(body.state).toBe('ended');
    expect(body.transcript).toEqual([
      { speaker: 'agent', text: 'Thank you for calling Acme Heating.' },
      { speaker: 'agent', text: 'How can I help?' },
      { speaker: 'caller', text: 'My furnace is making a noise' },
      { speaker: 'agent', text: 'You said: My furnace is making a noise.' },
      { speaker: 'agent', text: 'Anything else?' },
      { speaker: 'caller', text: 'Thanks, bye' },
      { speaker: 'agent', text: 'Goodbye!' },
    ]);
    const webhooks = body.events.filter((e): e is Extract<CallEvent, { type: 'webhook' }> => e.type === 'webhook');
    expect(webhooks.map((w) => w.purpose)).toEqual(['voice', 'gather', 'gather', 'status-callback']);
    expect(webhooks.every((w) => w.response?.status === 200 || w.response?.status === 204)).toBe(true);
    expect(endOf(body)).toMatchObject({ type: 'end', status: 'completed', reason: 'agent hung up' });

    expect(seen.map((r) => r.path)).toEqual(['/voice', '/turn', '/turn', '/status']);
    expect(seen.every((r) => r.signatureValid)).toBe(true);
    expect(seen[0]!.params).toMatchObject({
      CallSid: body.sid,
      AccountSid: SANDBOX_ACCOUNT_SID,
      From: '+16175550123',
      To: agentNumber,
      Caller: '+16175550123',
      Called: agentNumber,
      CallStatus: 'ringing',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
      ToCity: 'BOSTON',
    });
    expect(seen[1]!.params).toMatchObject({ CallStatus: 'in-progress', SpeechResult: 'My furnace is making a noise', Confidence: '0.92' });
    expect(seen[3]!.params).toMatchObject({ CallStatus: 'completed', CallDuration: body.call.duration });
    expect(Number(body.call.duration)).toBeGreaterThan(0);

    const fetched = await env.twilio.calls(body.sid).fetch();
    expect(fetched.status).toBe('completed');
    expect(fetched.duration).toBe(body.call.duration);
    expect(fetched.direction).toBe('inbound');
  });

  it('records a Dial as a transfer to the dialled number', async () => {
    const { body } = await placeCall({ from: '+16175550123', to: agentNumber, utterances: ['I smell gas in the basement'] });
    expect(body.events).toContainEqual(
      expect.objectContaining({ type: 'transfer', to: '+16175550199', callerId: agentNumber, dialCallStatus: 'completed' }),
    );
    expect(endOf(body)).toMatchObject({ type: 'end', status: 'completed' });
  });

  it('hangs up for the caller when they have nothing more to say', async () => {
    const { body } = await placeCall({ from: '+16175550123', to: agentNumber, utterances: [] });
    expect(body.transcript.map((l) => l.speaker)).toEqual(['agent', 'agent']);
    expect(body.events).toContainEqual({ type: 'hangup', by: 'caller' });
  });

  it('repeats a webhook the way Twilio does when an answer is late', async () => {
    seen.length = 0;
    const { body } = await placeCall({ from: '+16175550123', to: agentNumber, utterances: ['bye'], repeatWebhooks: [0] });
    const voice = seen.filter((r) => r.path === '/voice');
    expect(voice).toHaveLength(2);
    expect(voice[0]!.params).toEqual(voice[1]!.params);
    expect(voice[0]!.idempotencyToken).toBeDefined();
    expect(voice[1]!.idempotencyToken).toBe(voice[0]!.idempotencyToken);
    const voiceEvents = body.events.filter((e) => e.type === 'webhook' && e.purpose === 'voice');
    expect(voiceEvents).toEqual([expect.objectContaining({ superseded: true }), expect.objectContaining({ repeated: true })]);
    expect(body.transcript.filter((l) => l.speaker === 'caller')).toEqual([{ speaker: 'caller', text: 'bye' }]);
  });

  it('lets a person talk to the agent by typing, and the REST API redirect the live call', async () => {
    const placed = await placeCall({ from: '+16175550123', to: agentNumber, interactive: true });
    expect(placed.body.state).toBe('waiting');
    expect(placed.body.transcript[placed.body.transcript.length - 1]).toEqual({ speaker: 'agent', text: 'How can I help?' });

    const turn = await sandboxCall<CallSnapshot>(env.sandbox, 'POST', `/sandbox/calls/${placed.body.sid}/speech`, { text: 'Is anyone there?' });
    expect(turn.body.state).toBe('waiting');
    expect(turn.body.events.filter((e) => e.type === 'say').map((e) => (e as { text: string }).text)).toEqual(['You said: Is anyone there?.', 'Anything else?']);

    const redirected = await env.twilio.calls(placed.body.sid).update({ url: `${agent.url}/hold`, method: 'POST' });
    expect(redirected.sid).toBe(placed.body.sid);
    const after = await sandboxCall<CallSnapshot>(env.sandbox, 'GET', `/sandbox/calls/${placed.body.sid}?wait=true`);
    expect(after.body.state).toBe('ended');
    expect(after.body.events).toContainEqual(expect.objectContaining({ type: 'redirect', by: 'api', url: `${agent.url}/hold` }));
    expect(after.body.transcript[after.body.transcript.length - 1]).toEqual({ speaker: 'agent', text: 'Please hold for a person.' });
  });

  it('ends a live call completed through the REST API', async () => {
    const placed = await placeCall({ from: '+16175550123', to: agentNumber, interactive: true });
    const completed = await env.twilio.calls(placed.body.sid).update({ status: 'completed' });
    expect(completed.status).toBe('completed');
    await expect(env.twilio.calls(placed.body.sid).update({ url: `${agent.url}/hold` })).rejects.toMatchObject({ status: 400, code: 21220 });
  });

  it('plays the application-error message when the VoiceUrl fails', async () => {
    const { body } = await placeCall({ from: '+16175550123', to: brokenNumber, utterances: ['hello'] });
    expect(body.events).toContainEqual({ type: 'error', code: 11200, message: 'HTTP retrieval failure: status 500' });
    expect(body.transcript).toEqual([{ speaker: 'agent', text: 'We are sorry, an application error has occurred. Goodbye.' }]);
    expect(endOf(body)).toMatchObject({ type: 'end', reason: 'application error' });
  });

  it('falls back to the VoiceFallbackUrl, telling it what failed', async () => {
    const fallbackNumber = (
      await env.twilio.incomingPhoneNumbers.create({ areaCode: BOSTON, voiceUrl: `${agent.url}/broken`, voiceFallbackUrl: `${agent.url}/voice` })
    ).phoneNumber;
    seen.length = 0;
    const { body } = await placeCall({ from: '+16175550123', to: fallbackNumber, utterances: ['bye'] });
    expect(seen.map((r) => r.path)).toEqual(['/broken', '/voice', '/turn']);
    expect(seen[1]!.params).toMatchObject({ ErrorCode: '11200', ErrorUrl: `${agent.url}/broken` });
    expect(body.transcript[0]).toEqual({ speaker: 'agent', text: 'Thank you for calling Acme Heating.' });
    expect(endOf(body)).toMatchObject({ reason: 'agent hung up' });
  });

  it('refuses a call to a number the sandbox has not sold', async () => {
    const { status } = await placeCall({ from: '+16175550123', to: '+19995550100', utterances: [] });
    expect(status).toBe(404);
  });

  it('tells scripts the sandbox account, so they can sign webhooks themselves', async () => {
    const { body } = await sandboxCall<{ accountSid: string; authToken: string }>(env.sandbox, 'GET', '/sandbox/twilio/account');
    expect(body).toEqual({ accountSid: SANDBOX_ACCOUNT_SID, authToken: SANDBOX_AUTH_TOKEN });
  });

  it("served only responses that match Twilio's OpenAPI document", () => {
    const results = expectResponsesMatchSpecs(env.sandbox.recordedResponses());
    expect(results.map((r) => r.operation)).toEqual(
      expect.arrayContaining(['GET /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', 'POST /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json']),
    );
  });
});
