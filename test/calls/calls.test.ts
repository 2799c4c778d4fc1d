import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { claimAreaCode } from '../support/area-codes';
import { keepHistory } from '../support/histories';
import { OPERATOR_TOKEN, eventually, startTestPlatform } from '../support/platform';
import { liveTenant, operator, placeCall, sandboxPost, startExtraApi, webhookAnswers, type CallPlatform } from './support';

/**
 * Real calls: the sandbox's caller simulator dials a tenant's number, Twilio-style signed
 * webhooks reach the API, the call workflow runs on the real Temporal, the scripted
 * model answers through the OpenAI SDK, and Postgres holds what the call left behind.
 */
describe('calls', () => {
  const areaCode = claimAreaCode();
  let p: CallPlatform;

  beforeAll(async () => {
    p = await startTestPlatform({ calls: true, env: { CALL_TURN_BUDGET: '5s' } });
  });
  afterAll(async () => {
    await p?.close();
  });

  const sandboxJson = async (path: string, body: unknown): Promise<any> => {
    const res = await fetch(`${p.sandbox.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const adminPost = (path: string) => fetch(`${p.apiUrl}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${OPERATOR_TOKEN}` } });

  const finishedLog = (callSid: string) =>
    eventually(async () => {
      const row = await p.owner('call_logs').where({ call_sid: callSid }).first();
      return row?.summary ? row : undefined;
    }, 30_000, `the call log of ${callSid}`);

  it('books a visit: the appointment, the call log with transcript and summary, one usage event', async () => {
    const tenant = await liveTenant(p, areaCode);
    const call = await placeCall(p, tenant.phoneNumber, [
      'Hi, my furnace is broken and I need a technician to come out',
      'Tuesday at 10am',
      'My name is Jane Smith, at 12 Oak Street, Boston',
      "No thanks, that's all. Bye",
    ]);
    const agentSaid = call.transcript.filter((l) => l.speaker === 'agent').map((l) => l.text);
    expect(agentSaid[0]).toBe(`Thank you for calling ${tenant.body.company_name}. How can I help you today?`);
    expect(agentSaid.some((t) => /all set for Tuesday/i.test(t))).toBe(true);
    expect(call.events.at(-1)).toMatchObject({ type: 'webhook', purpose: 'status-callback', response: { status: 204 } });

    const log = await finishedLog(call.sid);
    const [appointment] = await p.owner('appointments').where({ tenant_id: tenant.id });
    expect(appointment).toMatchObject({ call_sid: call.sid, customer_name: 'Jane Smith', callback_number: '+16175550123', status: 'scheduled' });
    const local = new Date(appointment.starts_at).toLocaleString('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false });
    expect(local).toBe('Tue 10:00');

    expect(log).toMatchObject({ tenant_id: tenant.id, from_number: '+16175550123', to_number: tenant.phoneNumber, outcome: 'appointment_booked', appointment_id: appointment.id, is_test: false, over_limit: false, status: 'completed' });
    expect(log.summary).toMatch(/Jane Smith/);
    expect(log.details).toMatchObject({ customer_name: 'Jane Smith', sentiment: expect.any(String) });
    expect(log.transcript.map((t: { role: string }) => t.role)).toEqual(['agent', 'caller', 'agent', 'caller', 'agent', 'caller', 'agent', 'caller', 'agent']);
    expect(log.transcript[3]).toMatchObject({ role: 'caller', text: 'Tuesday at 10am' });

    expect(await p.owner('usage_events').where({ tenant_id: tenant.id }).pluck('call_sid')).toEqual([call.sid]);
    const [period] = await p.owner('usage_periods').where({ tenant_id: tenant.id }).whereNull('closed_at');
    expect(period.calls_used).toBe(1);

    // The run's history, kept for the determinism test (test/fixtures/histories holds the recorded one).
    const handle = p.temporal.workflow.getHandle(`call-${call.sid}`);
    await handle.result();
    keepHistory('callWorkflow-0', await handle.fetchHistory());
  });

  it('puts an emergency through to the emergency phone on the first turn, without the model', async () => {
    const tenant = await liveTenant(p, areaCode);
    const call = await placeCall(p, tenant.phoneNumber, ['I smell a gas leak in the basement']);
    const answers = webhookAnswers(call);
    // Put through with a bound on its length, as every dial is (DIAL_TIME_LIMIT).
    expect(answers[1]).toContain('<Dial timeLimit="3600">+16175550111</Dial>');
    expect(call.events.filter((e) => e.type === 'transfer')).toEqual([expect.objectContaining({ to: '+16175550111' })]);

    const log = await finishedLog(call.sid);
    expect(log).toMatchObject({ outcome: 'emergency_transferred', transferred_to: '+16175550111' });
  });

  it('tells a caller an unknown number is not in service', async () => {
    const [candidate] = await p.twilio.availablePhoneNumbers('US').local.list({ areaCode: Number(areaCode), limit: 1 });
    const number = await p.twilio.incomingPhoneNumbers.create({ phoneNumber: candidate!.phoneNumber, voiceUrl: `${p.apiUrl}/webhooks/twilio/voice`, statusCallback: `${p.apiUrl}/webhooks/twilio/status` });
    const call = await placeCall(p, number.phoneNumber, ['hello?']);
    expect(call.transcript).toEqual([{ speaker: 'agent', text: expect.stringMatching(/not in service/) }]);
    expect(call.events.some((e) => e.type === 'hangup' && e.by === 'agent')).toBe(true);
    expect(await p.owner('call_logs').where({ call_sid: call.sid })).toEqual([]);
  });

  it("answers a number no tenant owns with the default tenant's agent, when one is configured", async () => {
    const fallbackTenant = await liveTenant(p, areaCode);
    const slug = (await p.owner('tenants').where({ id: fallbackTenant.id }).first()).slug;
    const api = await startExtraApi(p, process.env.TEMPORAL_ADDRESS!, { env: { CALL_DEFAULT_TENANT: slug } });
    try {
      // A number bought outside any tenant (say, an old marketing line) pointed at the platform.
      const stray = await p.twilio.incomingPhoneNumbers.create({ areaCode, voiceUrl: `${api.url}/webhooks/twilio/voice`, statusCallback: `${api.url}/webhooks/twilio/status` });
      const call = await placeCall(p, stray.phoneNumber, ['bye']);
      expect(webhookAnswers(call)[0]).toMatch(new RegExp(`Thank you for calling ${fallbackTenant.body.company_name}`));
      const log = await finishedLog(call.sid);
      expect(log).toMatchObject({ tenant_id: fallbackTenant.id, to_number: stray.phoneNumber });
      await p.twilio.incomingPhoneNumbers(stray.sid).remove();
    } finally {
      await api.close();
    }
  });

  it("forwards a suspended tenant's calls to its own line", async () => {
    const tenant = await liveTenant(p, areaCode);
    const res = await fetch(`${p.apiUrl}/api/admin/tenants/${tenant.id}/actions/suspend`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OPERATOR_TOKEN}` },
      body: JSON.stringify({ reason: 'unpaid invoice' }),
    });
    expect(res.status).toBe(200);
    const call = await placeCall(p, tenant.phoneNumber, []);
    expect(call.events.filter((e) => e.type === 'transfer')).toEqual([expect.objectContaining({ to: '+16175550199' })]);
    expect(await p.owner('usage_events').where({ tenant_id: tenant.id })).toEqual([]);
  });

  it('refuses webhooks without a signature (400) or with a wrong one (403), as problem+json', async () => {
    const form = new URLSearchParams({ CallSid: `CA${'0'.repeat(32)}`, From: '+16175550123', To: '+18575550100' }).toString();
    const post = (headers: Record<string, string>) =>
      fetch(`${p.apiUrl}/webhooks/twilio/voice`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: form });
    const missing = await post({});
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const wrong = await post({ 'X-Twilio-Signature': 'bm90IGEgc2lnbmF0dXJl' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ status: 403, title: 'Forbidden' });
  });

  it('answers a repeated first webhook from the same workflow: one greeting, one log, one usage event', async () => {
    const tenant = await liveTenant(p, areaCode);
    const call = await placeCall(p, tenant.phoneNumber, ['What are your hours?', 'bye'], { repeatWebhooks: [0] });
    const first = call.events.filter((e) => e.type === 'webhook' && e.purpose === 'voice');
    expect(first).toHaveLength(2);
    expect(first[0]!.response.body).toBe(first[1]!.response.body);

    // One workflow for the call, which finished once.
    expect(await p.temporal.workflow.getHandle(`call-${call.sid}`).result()).toMatchObject({ phase: 'finished', turns: 2 });
    await finishedLog(call.sid);
    expect(await p.owner('call_logs').where({ call_sid: call.sid })).toHaveLength(1);
    expect(await p.owner('usage_events').where({ call_sid: call.sid })).toHaveLength(1);
    const [period] = await p.owner('usage_periods').where({ tenant_id: tenant.id }).whereNull('closed_at');
    expect(period.calls_used).toBe(1);
  });

  it('apologises and transfers to a person when the model fails', async () => {
    const tenant = await liveTenant(p, areaCode);
    await sandboxPost(p, '/sandbox/faults', { provider: 'openai', count: 1, status: 500 });
    const call = await placeCall(p, tenant.phoneNumber, ['My air conditioning stopped working']);
    const agentSaid = call.transcript.filter((l) => l.speaker === 'agent').map((l) => l.text);
    expect(agentSaid[1]).toMatch(/sorry/i);
    expect(call.events.filter((e) => e.type === 'transfer')).toEqual([expect.objectContaining({ to: '+16175550199' })]);
    const log = await finishedLog(call.sid);
    expect(log.transferred_to).toBe('+16175550199');
  });

  it('apologises and transfers when the model is slower than the turn budget', async () => {
    const tenant = await liveTenant(p, areaCode);
    await sandboxPost(p, '/sandbox/faults', { provider: 'openai', count: 1, hangMs: 12_000 });
    const call = await placeCall(p, tenant.phoneNumber, ['My water heater is making a strange noise']);
    expect(call.events.some((e) => e.type === 'error')).toBe(false);
    expect(call.transcript.filter((l) => l.speaker === 'agent')[1]?.text).toMatch(/sorry/i);
    expect(call.events.filter((e) => e.type === 'transfer')).toEqual([expect.objectContaining({ to: '+16175550199' })]);
  });

  it('warns the owner at 80% and alerts at 100% once per cycle; calls beyond the limit are answered and flagged', async () => {
    const tenant = await liveTenant(p, areaCode);
    await p.owner('usage_periods').where({ tenant_id: tenant.id }).whereNull('closed_at').update({ calls_included: 5, calls_used: 3 });
    const usageMails = async () => {
      const res = await fetch(`${p.sandbox.url}/sandbox/emails?to=${encodeURIComponent(tenant.body.owner_email as string)}`);
      return ((await res.json()) as { emails: Array<{ subject: string }> }).emails.map((m) => m.subject).filter((s) => /has used|has reached/.test(s));
    };
    const sids: string[] = [];
    // The warning names the share used; the alert says the included calls are used up.
    const kind = (subject: string) => (/has used 80% of its calls/.test(subject) ? 'warning' : /has reached its 5 included calls/.test(subject) ? 'limit' : subject);
    for (const expected of [['warning'], ['warning', 'limit'], ['warning', 'limit']]) {
      const call = await placeCall(p, tenant.phoneNumber, ['Do you service boilers?', 'bye']);
      sids.push(call.sid);
      await finishedLog(call.sid);
      const subjects = await eventually(async () => {
        const got = await usageMails();
        return got.length >= expected.length && got;
      }, 15_000, 'usage email');
      expect(subjects.map(kind).sort()).toEqual([...expected].sort());
    }
    const [period] = await p.owner('usage_periods').where({ tenant_id: tenant.id }).whereNull('closed_at');
    expect(period).toMatchObject({ calls_used: 6, warning_sent_at: expect.any(Date), over_limit_sent_at: expect.any(Date) });
    const logs = await p.owner('call_logs').whereIn('call_sid', sids);
    expect(Object.fromEntries(logs.map((l) => [l.call_sid, l.over_limit]))).toEqual({ [sids[0]!]: false, [sids[1]!]: false, [sids[2]!]: true });
    expect(await usageMails()).toHaveLength(2);
  });

  it("logs a test-mode tenant's calls as test calls and does not meter them", async () => {
    const tenant = await liveTenant(p, areaCode);
    await p.owner('tenants').where({ id: tenant.id }).update({ is_test_mode: true });
    const call = await placeCall(p, tenant.phoneNumber, ['Do you install heat pumps?', 'bye']);
    expect(await finishedLog(call.sid)).toMatchObject({ is_test: true });
    expect(await p.owner('usage_events').where({ tenant_id: tenant.id })).toEqual([]);
    const [period] = await p.owner('usage_periods').where({ tenant_id: tenant.id }).whereNull('closed_at');
    expect(period.calls_used).toBe(0);
  });

  it("greets after hours, in the tenant's voice, and honours the tenant's own emergency words", async () => {
    const tenant = await liveTenant(p, areaCode, { business_hours: { mon: null } });
    await p.owner('tenants').where({ id: tenant.id }).update({ ai_settings: { voice: 'Polly.Matthew', emergency_keywords: ['sewage'] } });
    const call = await placeCall(p, tenant.phoneNumber, ['There is sewage coming up through the floor drain']);
    const says = call.events.filter((e) => e.type === 'say');
    expect(says[0]).toMatchObject({ voice: 'Polly.Matthew', language: 'en-US', text: expect.stringMatching(/closed right now/) });
    expect(call.events.filter((e) => e.type === 'transfer')).toEqual([expect.objectContaining({ to: '+16175550111' })]);
  });

  it('retries a summary that fails into success: no dead letter', async () => {
    const tenant = await liveTenant(p, areaCode);
    const call = await sandboxJson(`/sandbox/calls`, { from: '+16175550123', to: tenant.phoneNumber, interactive: true });
    await sandboxJson(`/sandbox/calls/${call.sid}/speech`, { text: 'My name is Jane Smith, do you service boilers?' });
    // The next model request is the summary: OpenAI fails it twice, then answers.
    await sandboxPost(p, '/sandbox/faults', { provider: 'openai', operation: 'createChatCompletion', status: 500, count: 2 });
    await sandboxJson(`/sandbox/calls/${call.sid}/hangup`, {});
    const log = await finishedLog(call.sid);
    expect(log.summary).toMatch(/Jane Smith/);
    expect(await p.owner('dead_letters').where({ workflow_id: `call-${call.sid}` })).toEqual([]);
    expect(await p.owner('usage_events').where({ call_sid: call.sid })).toHaveLength(1);
  });

  it('records a finishing step that fails for good in dead_letters, and still logs and meters the call', async () => {
    const tenant = await liveTenant(p, areaCode);
    // The agent's turn ends the call; the summariser then answers outside its schema.
    await sandboxPost(p, '/sandbox/openai/replies', { replies: [{ tool_calls: [{ name: 'end_call', arguments: '{}' }] }, { content: 'Sorry, no summary today.' }] });
    const call = await placeCall(p, tenant.phoneNumber, ['Just checking you are open']);
    const log = await finishedLog(call.sid);
    expect(log).toMatchObject({ outcome: 'other', summary: expect.stringMatching(/^No summary/) });
    const [letter] = await p.owner('dead_letters').where({ workflow_id: `call-${call.sid}` });
    expect(letter).toMatchObject({ tenant_id: tenant.id, step: 'summariseCall', error: expect.stringMatching(/summary schema/) });
    expect(letter.input.transcript.map((t: { text: string }) => t.text)).toContain('Just checking you are open');
    expect(await p.owner('usage_events').where({ call_sid: call.sid })).toHaveLength(1);

    // An operator finds it and replays it, once: the summariser answers properly this time.
    const listed = await operator(p, `/api/admin/dead-letters?filter=${encodeURIComponent(JSON.stringify({ tenant_id: tenant.id, state: 'open' }))}`);
    expect(listed).toEqual([expect.objectContaining({ id: letter.id, step: 'summariseCall', company_name: tenant.body.company_name })]);
    const replay = await adminPost(`/api/admin/dead-letters/${letter.id}/replay`);
    expect(replay.status).toBe(202);
    const { replay_workflow_id: replayWorkflowId } = (await replay.json()) as { replay_workflow_id: string };
    const again = await adminPost(`/api/admin/dead-letters/${letter.id}/replay`);
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);

    const resolved = await eventually(async () => {
      const row = await p.owner('dead_letters').where({ id: letter.id }).first();
      return row.resolved_at && row;
    }, 30_000, 'the dead letter resolved');
    expect(resolved.replay_error).toBeNull();
    const logs = await p.owner('call_logs').where({ call_sid: call.sid });
    expect(logs).toHaveLength(1);
    expect(logs[0].summary).not.toMatch(/^No summary/);
    expect(logs[0].summary).toMatch(/Just checking you are open|open/i);
    expect(await p.owner('usage_events').where({ call_sid: call.sid })).toHaveLength(1);
    expect(await p.owner('audit_log').where({ action: 'dead_letter.replayed', target_id: letter.id })).toHaveLength(1);
    keepHistory('deadLetterReplayWorkflow-0', await p.temporal.workflow.getHandle(replayWorkflowId).fetchHistory());
  });

  it('handles STOP, START and HELP texts to a tenant number, logging each once', async () => {
    const tenant = await liveTenant(p, areaCode);
    const { authToken } = (await (await fetch(`${p.sandbox.url}/sandbox/twilio/account`)).json()) as { authToken: string };
    const text = async (body: string, sid = `SM${randomBytes(16).toString('hex')}`) => {
      const params = { MessageSid: sid, From: '+16175550177', To: tenant.phoneNumber, Body: body };
      const url = `${p.apiUrl}/webhooks/twilio/sms`;
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(authToken, url, params) },
        body: new URLSearchParams(params),
      });
      return { status: res.status, body: await res.text(), sid };
    };
    const optedOut = () => p.owner('sms_opt_outs').where({ tenant_id: tenant.id }).pluck('phone_number');

    const help = await text('help');
    expect(help.status).toBe(200);
    expect(help.body).toMatch(new RegExp(`<Message>${tenant.body.company_name}: for help, call us at \\+16175550199`));
    const stop = await text('Stop');
    expect(stop.body).not.toMatch(/<Message>/);
    expect(await optedOut()).toEqual(['+16175550177']);
    await text('STOP', stop.sid); // Twilio repeating the webhook
    const start = await text('START');
    expect(await optedOut()).toEqual([]);

    const logged = await p.owner('messages').where({ tenant_id: tenant.id }).orderBy('created_at');
    expect(logged.map((m) => [m.twilio_sid, m.keyword])).toEqual([
      [help.sid, 'help'],
      [stop.sid, 'stop'],
      [start.sid, 'start'],
    ]);
  });
});
