import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TenantState } from '../../workflows/tenant-messages';
import { claimAreaCode } from '../support/area-codes';
import { eventually, signup } from '../support/platform';
import { spawnEntry, type Spawned } from '../support/process';
import { npmStartEnv } from './support';

/**
 * The second day, as a new user lives it: `npm start`, a company onboarded, given a
 * number and activated; the platform stopped for the night and started again on the same
 * data; then a second company onboarded, given a number and called, and the first one
 * still reachable. (Postgres is the run's test database, given through DATABASE_URL.)
 */
describe('npm start, the next morning', () => {
  const areaCode = claimAreaCode();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-second-day-'));
  let env: NodeJS.ProcessEnv;
  let api: string;
  let token = '';
  const operator = { email: `second-day-${Date.now()}@example.com`, password: 'the next morning, again' };

  beforeAll(async () => {
    // An operator of its own: the run's database is shared with the other npm start test,
    // whose development operator (admin@kestrel.local) has a password of its own data folder.
    const started = await npmStartEnv(dataDir, { ADMIN_EMAIL: operator.email, ADMIN_PASSWORD: operator.password });
    env = started.env;
    api = `http://127.0.0.1:${started.ports.api}`;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function start(): Promise<Spawned> {
    const kestrel = spawnEntry('runtime/start.ts', env);
    await kestrel.waitFor(/Press Ctrl-C to stop\./, 180_000);
    return kestrel;
  }
  async function stop(kestrel: Spawned): Promise<void> {
    kestrel.child.kill('SIGINT');
    expect(await kestrel.exited).toEqual({ code: 0, signal: null });
  }

  const request = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${api}${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const signIn = async (kestrel: Spawned) => {
    expect(kestrel.output()).toContain(`Sign in      ${operator.email}   (ADMIN_EMAIL / ADMIN_PASSWORD)`);
    const login = await fetch(`${api}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(operator) });
    expect(login.status).toBe(200);
    token = ((await login.json()) as { access_token: string }).access_token;
  };
  /** Onboards a company, gives it a number in the file's area code and starts its trial, as the console's buttons do. */
  const company = async () => {
    const onboarded = await fetch(`${api}/api/onboarding`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(signup()) });
    expect(onboarded.status).toBe(201);
    const id = ((await onboarded.json()) as { tenant: { id: string } }).tenant.id;
    const provisioned = await request('POST', `/api/admin/tenants/${id}/actions/provision-number`, { areaCode });
    expect(provisioned.status).toBe(200);
    const activated = await request('POST', `/api/admin/tenants/${id}/actions/activate`, {});
    expect(activated.status).toBe(200);
    return { id, number: (activated.body as TenantState).phoneNumber!, status: (activated.body as TenantState).status };
  };
  /** A call from the console's simulator: greeted, a question answered, hung up, then logged. */
  const call = async (tenantId: string, number: string) => {
    const placed = await request('POST', '/api/admin/simulator/calls', { tenant_id: tenantId });
    expect(placed.status).toBe(201);
    expect(placed.body.transcript[0]).toMatchObject({ speaker: 'agent', text: expect.stringMatching(/^Thank you for calling /) });
    const said = await request('POST', `/api/admin/simulator/calls/${placed.body.sid}/speech`, { text: 'What are your hours on Saturday?' });
    expect(said.body.transcript).toHaveLength(3);
    expect((await request('POST', `/api/admin/simulator/calls/${placed.body.sid}/hangup`, {})).body.state).toBe('ended');
    const filter = encodeURIComponent(JSON.stringify({ call_sid: placed.body.sid }));
    const logged = await eventually(async () => (await request('GET', `/api/admin/calls?filter=${filter}`)).body[0], 30_000, 'the call logged');
    expect(logged).toMatchObject({ tenant_id: tenantId, to_number: number });
  };

  it('a restarted platform keeps its numbers: a second company gets its own, and both can be called', async () => {
    const first = await start();
    let yesterday: { id: string; number: string; status: string };
    try {
      await signIn(first);
      yesterday = await company();
      expect(yesterday).toMatchObject({ status: 'trial', number: expect.stringMatching(new RegExp(`^\\+1${areaCode}`)) });
    } finally {
      await stop(first);
    }

    const second = await start();
    try {
      await signIn(second);
      const today = await company();
      // The sandbox remembered yesterday's number: today's company gets another one in the same area.
      expect(today).toMatchObject({ status: 'trial', number: expect.stringMatching(new RegExp(`^\\+1${areaCode}`)) });
      expect(today.number).not.toBe(yesterday.number);
      await call(today.id, today.number);
      await call(yesterday.id, yesterday.number);
    } finally {
      await stop(second);
    }
  }, 480_000);
});
