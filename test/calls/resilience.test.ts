import { freePort } from '../../runtime/ports';
import { claimAreaCode } from '../support/area-codes';
import { keepHistory } from '../support/histories';
import { eventually, startTestPlatform } from '../support/platform';
import { spawnEntry, type Spawned } from '../support/process';
import { startTcpProxy } from '../support/tcp-proxy';
import { liveTenant, placeCall, startExtraApi, webhookAnswers, type CallPlatform, type LiveTenant } from './support';

const FORWARD_TO = '+16175550199';

/**
 * What a call survives: Temporal unreachable while calls arrive, the database
 * unreachable from the API, a worker killed between two turns of a live call and one
 * killed while it finishes a call. Workers here are processes of their own, killed
 * outright (SIGKILL), as a crashed machine would lose them.
 */
describe('calls through outages', () => {
  const areaCode = claimAreaCode();
  let p: CallPlatform;
  let worker: Spawned;

  const startWorkerProcess = async () => {
    const spawned = spawnEntry('worker/main.ts', { ...p.env, LOG_LEVEL: 'info' });
    await spawned.waitFor(/worker running/, 60_000);
    return spawned;
  };
  const killWorker = async (w: Spawned) => {
    w.child.kill('SIGKILL');
    await w.exited;
  };

  beforeAll(async () => {
    p = await startTestPlatform({ calls: true, inProcessWorker: false, env: { CALL_TURN_BUDGET: '8s' } });
    worker = await startWorkerProcess();
  }, 120_000);
  afterAll(async () => {
    await p?.close();
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
  });

  const finishedLog = (callSid: string, timeoutMs = 60_000) =>
    eventually(async () => {
      const row = await p.owner('call_logs').where({ call_sid: callSid }).first();
      return row?.summary ? row : undefined;
    }, timeoutMs, `the call log of ${callSid}`);

  /** Points the tenant's number at another API (as an operator repointing a number would). */
  const pointNumberAt = async (tenant: LiveTenant, apiUrl: string) => {
    const [number] = await p.twilio.incomingPhoneNumbers.list({ phoneNumber: tenant.phoneNumber });
    await p.twilio.incomingPhoneNumbers(number!.sid).update({ voiceUrl: `${apiUrl}/webhooks/twilio/voice`, statusCallback: `${apiUrl}/webhooks/twilio/status` });
  };

  const sandbox = async (path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${p.sandbox.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  it('Temporal down while 20 calls arrive: all 20 are put through to the company, and each is logged and metered exactly once when Temporal is back', async () => {
    const tenant = await liveTenant(p, areaCode);
    const api = await startExtraApi(p, '127.0.0.1:1', { retry: false }); // nothing listens there: Temporal is "down"
    try {
      await pointNumberAt(tenant, api.url);
      const calls = await Promise.all(Array.from({ length: 20 }, () => placeCall(p, tenant.phoneNumber, ['hello?'], { dialAnswerSeconds: 42 })));

      for (const call of calls) {
        const answers = call.events.filter((e) => e.type === 'webhook' && e.purpose !== 'status-callback');
        expect(answers.map((e) => e.response?.status)).toEqual([200]);
        expect(call.events.filter((e) => e.type === 'transfer')).toEqual([expect.objectContaining({ to: FORWARD_TO })]);
      }
      const sids = calls.map((c) => c.sid).sort();
      // Each call was stored with how it ended. (The worker still reaches Temporal, so its
      // sweep may already have handed a call over before its status came, which then waits
      // as an entry of kind 'status': when, and so the kind, is not asserted here.)
      const stored = await p.owner('call_outbox').whereIn('call_sid', sids).orderBy('call_sid');
      expect(stored.map((e) => [e.call_sid, e.ended?.status])).toEqual(sids.map((sid) => [sid, 'completed']));

      api.useTemporal(process.env.TEMPORAL_ADDRESS!); // Temporal is back; the worker's sweep finds the outbox
      const logs = await eventually(async () => {
        const rows = await p.owner('call_logs').whereIn('call_sid', sids).whereNotNull('summary');
        return rows.length === 20 && rows;
      }, 90_000, 'all 20 calls logged');
      for (const log of logs) {
        expect(log).toMatchObject({ tenant_id: tenant.id, status: 'completed', transferred_to: FORWARD_TO, outcome: 'other', summary: expect.stringMatching(/Temporal could not be reached/) });
        expect(log.duration_seconds).toBeGreaterThanOrEqual(42);
      }
      expect((await p.owner('usage_events').where({ tenant_id: tenant.id }).pluck('call_sid')).sort()).toEqual(sids);
      const [period] = await p.owner('usage_periods').where({ tenant_id: tenant.id }).whereNull('closed_at');
      expect(period.calls_used).toBe(20);
      expect(await p.owner('call_outbox').whereIn('call_sid', sids).whereNull('replayed_at')).toEqual([]);
      // A relay run that handed stored calls over, for the determinism test's fixtures.
      for await (const run of p.temporal.workflow.list({ query: `WorkflowType = 'callOutboxRelay' AND ExecutionStatus = 'Completed' AND TaskQueue = '${p.config.TEMPORAL_TASK_QUEUE}'` })) {
        keepHistory('callOutboxRelay-0', await p.temporal.workflow.getHandle(run.workflowId, run.runId).fetchHistory());
        break;
      }
    } finally {
      await api.close();
    }
  }, 180_000);

  it('a final status the API could not hand to Temporal waits in the outbox, then reaches the live call', async () => {
    const tenant = await liveTenant(p, areaCode);
    const api = await startExtraApi(p, process.env.TEMPORAL_ADDRESS!);
    try {
      await pointNumberAt(tenant, api.url);
      const call = await sandbox('/sandbox/calls', { from: '+16175550123', to: tenant.phoneNumber, interactive: true });
      await sandbox(`/sandbox/calls/${call.sid}/speech`, { text: 'Do you service boilers?' });
      // The call's workflow is live when the API loses Temporal; then the caller hangs up.
      api.useTemporal('127.0.0.1:1', { retry: false });
      await sandbox(`/sandbox/calls/${call.sid}/hangup`, {});

      // The worker's sweep hands it over within seconds, so it may be marked replayed already.
      const entry = await eventually(() => p.owner('call_outbox').where({ call_sid: call.sid }).first(), 10_000, 'the stored status');
      expect(entry).toMatchObject({ kind: 'status', ended: { status: 'completed' } });

      const log = await finishedLog(call.sid);
      expect(log).toMatchObject({ tenant_id: tenant.id, status: 'completed' });
      expect(log.transcript.map((t: { text: string }) => t.text)).toContain('Do you service boilers?');
      expect(await p.owner('usage_events').where({ call_sid: call.sid })).toHaveLength(1);
    } finally {
      await api.close();
    }
  }, 120_000);

  it('the database down under the API: a caller whose number was looked up before is still put through, and the call is kept in Temporal and logged', async () => {
    const tenant = await liveTenant(p, areaCode);
    const appUrl = new URL(process.env.DATABASE_APP_URL!);
    const proxy = await startTcpProxy({ host: appUrl.hostname, port: Number(appUrl.port || 5432) });
    appUrl.port = String(proxy.port);
    const port = await freePort();
    const apiUrl = `http://127.0.0.1:${port}`;
    const api = spawnEntry('api/main.ts', {
      ...p.env,
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      PUBLIC_BASE_URL: apiUrl,
      DATABASE_APP_URL: appUrl.toString(),
      // Long enough that the first call's routing is still remembered, stale, when the second comes.
      CALL_ROUTING_CACHE_TTL: '1s',
      LOG_LEVEL: 'info',
    });
    try {
      await api.waitFor(/api listening/, 60_000);
      await pointNumberAt(tenant, apiUrl);
      const first = await placeCall(p, tenant.phoneNumber, ['bye']);
      expect(webhookAnswers(first)[0]).toMatch(/<Gather/);

      await proxy.cut();
      await new Promise((r) => setTimeout(r, 1_100)); // the routing's TTL runs out: only the stale one is left
      const second = await placeCall(p, tenant.phoneNumber, ['hello?'], { dialAnswerSeconds: 7 });
      expect(second.events.filter((e) => e.type === 'transfer')).toEqual([expect.objectContaining({ to: FORWARD_TO })]);
      expect(api.output()).toMatch(/database unreachable: call forwarded on the remembered routing/);

      // The worker still reaches the database here: the call's workflow logs it as forwarded.
      const log = await finishedLog(second.sid);
      expect(log).toMatchObject({ tenant_id: tenant.id, transferred_to: FORWARD_TO, status: 'completed', summary: expect.stringMatching(/database could not be reached/) });
      expect(await p.owner('usage_events').where({ call_sid: second.sid })).toHaveLength(1);
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
      await proxy.close();
    }
  }, 120_000);

  it("a worker killed between two turns: the caller's next words are answered by a new worker with the whole conversation", async () => {
    const tenant = await liveTenant(p, areaCode);
    const call = await sandbox('/sandbox/calls', { from: '+16175550123', to: tenant.phoneNumber, interactive: true });
    await sandbox(`/sandbox/calls/${call.sid}/speech`, { text: 'Hi, my furnace is broken and I need a technician to come out' });
    const asked = await sandbox(`/sandbox/calls/${call.sid}/speech`, { text: 'Tuesday at 10am' });
    expect(asked.state).toBe('waiting');

    await killWorker(worker);
    worker = await startWorkerProcess();

    const booked = await sandbox(`/sandbox/calls/${call.sid}/speech`, { text: 'My name is Jane Smith, at 12 Oak Street, Boston' });
    const said = booked.transcript.filter((l: { speaker: string }) => l.speaker === 'agent').map((l: { text: string }) => l.text);
    // Tuesday at 10 came before the crash; the new worker books it under the name said after.
    expect(said.at(-1)).toMatch(/all set for Tuesday/i);
    await sandbox(`/sandbox/calls/${call.sid}/speech`, { text: "No thanks, that's all. Bye" });
    await sandbox(`/sandbox/calls/${call.sid}/hangup`, {});

    const log = await finishedLog(call.sid);
    const [appointment] = await p.owner('appointments').where({ call_sid: call.sid });
    expect(appointment).toMatchObject({ tenant_id: tenant.id, customer_name: 'Jane Smith' });
    const local = new Date(appointment.starts_at).toLocaleString('en-US', { timeZone: 'America/New_York', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false });
    expect(local).toBe('Tue 10:00');
    expect(log).toMatchObject({ outcome: 'appointment_booked', appointment_id: appointment.id });
    expect(log.transcript.filter((t: { role: string }) => t.role === 'caller').map((t: { text: string }) => t.text)).toEqual([
      'Hi, my furnace is broken and I need a technician to come out',
      'Tuesday at 10am',
      'My name is Jane Smith, at 12 Oak Street, Boston',
      "No thanks, that's all. Bye",
    ]);
  }, 120_000);

  it('a worker killed while it finishes a call: the new worker finishes it, logged and metered exactly once', async () => {
    const tenant = await liveTenant(p, areaCode);
    const call = await sandbox('/sandbox/calls', { from: '+16175550123', to: tenant.phoneNumber, interactive: true });
    await sandbox(`/sandbox/calls/${call.sid}/speech`, { text: 'Just checking you are open' });
    // The next model request is the call's summary: it takes a while, so the worker dies mid-finish.
    await sandbox('/sandbox/faults', { provider: 'openai', operation: 'createChatCompletion', hangMs: 5_000 });
    await sandbox(`/sandbox/calls/${call.sid}/hangup`, {});
    await eventually(async () => (await sandbox('/sandbox/faults')).faults.length === 0, 20_000, 'the summary under way');
    await killWorker(worker);
    worker = await startWorkerProcess();

    const log = await finishedLog(call.sid, 90_000);
    expect(log).toMatchObject({ tenant_id: tenant.id, status: 'completed' });
    expect(await p.owner('call_logs').where({ call_sid: call.sid })).toHaveLength(1);
    expect(await p.owner('usage_events').where({ call_sid: call.sid })).toHaveLength(1);
    const [period] = await p.owner('usage_periods').where({ tenant_id: tenant.id }).whereNull('closed_at');
    expect(period.calls_used).toBe(1);
  }, 150_000);
});
