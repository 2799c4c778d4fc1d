import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { spawnEntry, type Spawned } from '../support/process';
import { npmStartEnv, type StartPorts } from './support';

/**
 * Idle, every part stops in about a second and Temporal's own shutdown takes another;
 * a part left waiting (as the worker once did, on an idle database connection) makes
 * the whole stop take its grace, 25 s. 10 s tells the two apart on a loaded machine.
 */
const IDLE_STOP_MS = 10_000;

/**
 * `npm start` as a newcomer runs it: its own Temporal dev server persisting under the
 * data folder, the sandbox, the worker and the API, one banner, a clean Ctrl-C, and the
 * data still there on the next start. (Postgres is the run's test database, given
 * through DATABASE_URL, so the test does not touch a developer's own.)
 */
describe('npm start', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-start-'));
  let env: NodeJS.ProcessEnv;
  let ports: StartPorts;

  beforeAll(async () => {
    ({ env, ports } = await npmStartEnv(dataDir));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function start(): Promise<Spawned> {
    // In a process group of its own, as a terminal runs it, so that Ctrl-C can be sent as a terminal sends it.
    const kestrel = spawnEntry('runtime/start.ts', env, [], { ownGroup: true });
    await kestrel.waitFor(/Press Ctrl-C to stop\./, 120_000);
    return kestrel;
  }

  /**
   * SIGINT to the process (`kill -INT`), or to its whole process group as Ctrl-C in a
   * terminal sends it: either way the parts stop in order, each cleanly, within the bound.
   */
  async function stop(kestrel: Spawned, to: 'process' | 'group'): Promise<void> {
    const signalledAt = Date.now();
    if (to === 'group') process.kill(-kestrel.child.pid!, 'SIGINT');
    else kestrel.child.kill('SIGINT');
    expect(await kestrel.exited).toEqual({ code: 0, signal: null });
    const took = Date.now() - signalledAt;
    expect(kestrel.output()).toContain('kestrel | stopped');
    expect(kestrel.output()).not.toMatch(/did not stop/);
    expect(took).toBeLessThan(IDLE_STOP_MS);
  }

  it('brings the platform up with one banner, stops cleanly and keeps the data', async () => {
    const first = await start();
    const workflowId = `persistence-check-${Date.now()}`;
    try {
      const banner = first.output();
      expect(banner).toMatch(/Kestrel is ready \(\d+\.\d s\)/);
      expect(banner).toContain(`Console      http://localhost:${ports.api}/admin`);
      expect(banner).toContain(`Web UI http://localhost:${ports.ui}`);
      expect(banner).toContain(`Sandbox      http://127.0.0.1:${ports.sandbox}`);
      expect(banner).toContain('Providers    twilio sandbox, openai sandbox, resend sandbox');

      // The admin API is closed to anonymous callers; the development operator shown once signs in.
      const [, email, password] = /Sign in +(\S+) \/ (\S+)/.exec(banner) ?? [];
      expect((await fetch(`http://127.0.0.1:${ports.api}/api/admin/stats`)).status).toBe(401);
      const login = await fetch(`http://127.0.0.1:${ports.api}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
      const { access_token } = (await login.json()) as { access_token: string };
      expect((await fetch(`http://127.0.0.1:${ports.api}/api/admin/stats`, { headers: { Authorization: `Bearer ${access_token}` } })).status).toBe(200);

      const ready = await fetch(`http://127.0.0.1:${ports.api}/readyz`);
      expect(ready.status).toBe(200);
      const page = await fetch(`http://127.0.0.1:${ports.api}/admin/`);
      expect(await page.text()).toContain('<title>Kestrel console</title>');
      expect((await fetch(`http://127.0.0.1:${ports.ui}/`)).status).toBe(200);

      // A workflow on a queue no worker serves stays open: it must survive the restart.
      const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
      await new Client({ connection }).workflow.start('persistenceCheck', { taskQueue: 'nobody-polls-this', workflowId });
      await connection.close();

      // Up a while, as a person's run would be: the worker has swept the call outbox (every
      // 3 s), so its database pool holds an idle connection, which must not hold up the stop.
      await new Promise((r) => setTimeout(r, 4_000));
    } finally {
      await stop(first, 'process');
    }

    const second = await start();
    try {
      // The password was shown once; the second banner only says where it is kept.
      expect(second.output()).not.toMatch(/Sign in +\S+ \/ /);
      expect(second.output()).toContain('password in');
      const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
      const described = await new Client({ connection }).workflow.getHandle(workflowId).describe();
      await connection.close();
      expect(described.status.name).toBe('RUNNING');
      expect(described.type).toBe('persistenceCheck');
    } finally {
      await stop(second, 'group');
    }
  }, 300_000);
});
