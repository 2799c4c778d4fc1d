import { jobUpdatesWorkflowId } from '../../workflows/job-updates';
import { liveTenant, operator, startCallPlatform, type CallPlatform, type LiveTenant } from '../calls/support';
import { claimAreaCode } from '../support/area-codes';
import { daytimeZone } from '../support/daytime-zone';
import { keepHistory } from '../support/histories';
import { eventually } from '../support/platform';
import { spawnEntry, type Spawned } from '../support/process';
import { phoneTexts } from '../support/phone';

const SCOPES = ['jobs:read', 'jobs:write', 'contacts:read', 'messages:read'];

/**
 * A company's jobs through the real API, Temporal, Postgres and the sandbox's phone: each
 * status change texts the customer once, even when the worker sending one is killed
 * outright (SIGKILL) while Twilio has not answered yet. Workers here are processes of their
 * own. The company is in a zone where it is daytime now, so quiet hours do not hold the texts.
 */
describe('jobs', () => {
  const area = claimAreaCode();
  let p: CallPlatform;
  let company: LiveTenant;
  let key: string;
  let worker: Spawned | undefined;
  let zone: string;
  const customer = (line: string) => `+1${area}555${line}`;

  const startWorkerProcess = async () => {
    const spawned = spawnEntry('worker/main.ts', { ...p.env, LOG_LEVEL: 'info' });
    await spawned.waitFor(/worker running/, 90_000);
    return spawned;
  };
  const killWorker = async (w: Spawned) => {
    w.child.kill('SIGKILL');
    await w.exited;
  };

  const v1 = (path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${p.apiUrl}/api/v1${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { Authorization: `Bearer ${key}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const json = async (res: Response, status: number): Promise<any> => {
    const body = await res.json();
    if (res.status !== status) throw new Error(`${res.url}: ${res.status}, expected ${status}: ${JSON.stringify(body)}`);
    return body;
  };
  /** The customer's phone: what the company's number texted it, oldest first. */
  const phone = async (number: string) => (await phoneTexts(p, number, company.phoneNumber)).reverse();
  const sandbox = async (path: string, init: { method?: string; body?: unknown } = {}): Promise<any> => {
    const res = await fetch(`${p.sandbox.url}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { 'Content-Type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : res.json();
  };

  beforeAll(async () => {
    p = await startCallPlatform({}, { inProcessWorker: false });
    worker = await startWorkerProcess();
    zone = daytimeZone();
    company = await liveTenant(p, area, { timezone: zone });
    key = (await operator(p, `/api/admin/tenants/${company.id}/api-keys`, { name: 'dispatch', scopes: SCOPES })).key;
  }, 180_000);
  afterAll(async () => {
    await p?.close();
    if (worker && worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGTERM');
      await worker.exited;
    }
  });

  it('texts each of four status changes once, in order, with a worker killed while one is being sent', async () => {
    const to = customer('0301');
    const job = await json(
      await v1('/jobs', { body: { phone: to, name: 'Jane Smith', external_ref: 'WO-1001', items: [{ name: 'blower motor', state: 'needed' }] } }),
      201,
    );
    expect(job).toMatchObject({ status: 'scheduled', external_ref: 'WO-1001', items: [{ name: 'blower motor', state: 'needed' }], status_history: [{ status: 'scheduled' }] });
    const contact = await json(await v1(`/contacts/${job.contact_id}`), 200);
    expect(contact).toMatchObject({ phone: to, name: 'Jane Smith', source: 'api' });

    // Twilio holds the first text's request open: the worker is killed while it waits for the answer.
    await sandbox('/sandbox/faults', { body: { provider: 'twilio', operation: 'CreateMessage', hangMs: 20_000 } });
    const eta = new Date(Date.now() + 45 * 60_000).toISOString();
    const enRoute = await json(await v1(`/jobs/${job.id}`, { method: 'PATCH', body: { status: 'en_route', technician_name: 'Sam', eta } }), 200);
    expect(enRoute).toMatchObject({ status: 'en_route', technician_name: 'Sam', status_history: [{ status: 'scheduled' }, { status: 'en_route' }] });
    await eventually(async () => ((await sandbox('/sandbox/faults')).faults as unknown[]).length === 0, 30_000, 'the en_route text reaching Twilio');
    await killWorker(worker!);
    worker = undefined;

    // The office goes on while no worker runs.
    await json(await v1(`/jobs/${job.id}`, { method: 'PATCH', body: { status: 'parts_ordered', items: [{ name: 'blower motor', state: 'ordered' }] } }), 200);
    await json(await v1(`/jobs/${job.id}`, { method: 'PATCH', body: { status: 'parts_arrived', items: [{ name: 'blower motor', state: 'arrived' }] } }), 200);
    // A client's retry of the same change is not a second change.
    await json(await v1(`/jobs/${job.id}`, { method: 'PATCH', body: { status: 'parts_arrived' } }), 200);
    const done = await json(await v1(`/jobs/${job.id}`, { method: 'PATCH', body: { status: 'completed', items: [{ name: 'blower motor', state: 'installed' }] } }), 200);
    expect(done.status_history.map((h: { status: string }) => h.status)).toEqual(['scheduled', 'en_route', 'parts_ordered', 'parts_arrived', 'completed']);

    worker = await startWorkerProcess();
    const handle = p.temporal.workflow.getHandle(jobUpdatesWorkflowId(job.id));
    await handle.result(); // the workflow ends once the completed text is sent
    const texts = await phone(to);
    const name = company.body.company_name as string;
    const arrival = new Date(eta).toLocaleTimeString('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit' });
    expect(texts.map((m) => m.body)).toEqual([
      `${name}: Sam, your technician, is on the way, arriving around ${arrival}.`,
      `${name}: we have ordered the parts for your job: blower motor (ordered). We will text you when they arrive.`,
      `${name}: the parts for your job have arrived: blower motor (arrived). We will be in touch to finish the work.`,
      `${name}: your job is complete. Thank you for choosing us!`,
    ]);

    // The log has each change's text once, under the job's contact.
    const log = await eventually(async () => {
      const page = await json(await v1(`/messages?contact_id=${job.contact_id}&kind=job_update`), 200);
      return page.data.every((m: { status: string }) => m.status === 'delivered') && page;
    }, 20_000, 'the four texts delivered');
    expect(log.data).toHaveLength(4);
    keepHistory('jobUpdates-0', await handle.fetchHistory());
  }, 240_000);

  it('texts a job created past scheduled at once, and refuses to move a completed job', async () => {
    const to = customer('0302');
    const job = await json(await v1('/jobs', { body: { phone: to, status: 'parts_ordered', items: [{ name: 'capacitor', state: 'ordered' }] } }), 201);
    const texts = await eventually(async () => {
      const got = await phone(to);
      return got.length > 0 && got;
    }, 60_000, 'the parts_ordered text');
    expect(texts.map((m) => m.body)).toEqual([`${company.body.company_name}: we have ordered the parts for your job: capacitor (ordered). We will text you when they arrive.`]);

    await json(await v1(`/jobs/${job.id}`, { method: 'PATCH', body: { status: 'completed' } }), 200);
    const refused = await json(await v1(`/jobs/${job.id}`, { method: 'PATCH', body: { status: 'en_route' } }), 422);
    expect(refused.errors).toEqual({ status: expect.stringMatching(/completed/) });
    await expect(p.temporal.workflow.getHandle(jobUpdatesWorkflowId(job.id)).result()).resolves.toBeUndefined();
    expect((await phone(to)).map((m) => m.body)).toEqual([expect.stringMatching(/ordered the parts/), expect.stringMatching(/complete/)]);
  }, 120_000);

  it('refuses bad input field by field, and a reference the company has used', async () => {
    const bad = await json(
      await v1('/jobs', { body: { status: 'flying', eta: 'tomorrow', technician_name: 42, items: [{ name: ' ', state: 'lost' }], appointment_id: 'nope' } }),
      422,
    );
    expect(Object.keys(bad.errors).sort()).toEqual(['appointment_id', 'contact_id', 'eta', 'items.0.name', 'items.0.state', 'status', 'technician_name']);
    expect(bad.errors.status).toMatch(/scheduled, en_route, parts_ordered, parts_arrived, completed/);
    expect(bad.errors['items.0.state']).toMatch(/needed, ordered, arrived, installed/);

    const both = await json(await v1('/jobs', { body: { phone: customer('0303'), contact_id: '00000000-0000-4000-8000-000000000000' } }), 422);
    expect(both.errors).toEqual({ phone: expect.stringMatching(/not both/) });
    const unknown = await json(await v1('/jobs', { body: { contact_id: '00000000-0000-4000-8000-000000000000' } }), 422);
    expect(unknown.errors).toEqual({ contact_id: expect.stringMatching(/no contact/) });
    const landline = await json(await v1('/jobs', { body: { phone: 'call me' } }), 422);
    expect(landline.errors).toEqual({ phone: expect.stringMatching(/phone number/) });

    await json(await v1('/jobs', { body: { phone: customer('0304'), external_ref: 'WO-2002' } }), 201);
    const again = await json(await v1('/jobs', { body: { phone: customer('0305'), external_ref: 'WO-2002' } }), 409);
    expect(again.detail).toMatch(/WO-2002/);
    const listed = await json(await v1('/jobs?external_ref=WO-2002'), 200);
    expect(listed.data).toHaveLength(1);
    await json(await v1('/jobs/00000000-0000-4000-8000-000000000000'), 404);
    // A job created as scheduled texts no one: the booking told the customer already.
    expect(await phone(customer('0304'))).toEqual([]);
  });
});
