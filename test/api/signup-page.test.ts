import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { CONSOLE_DIST, consolePage } from '../../api/console';
import { errorHandler } from '../../api/http/problem';
import { createLogger } from '../../lib/logger';
import { startApi, type RunningApi } from '../support/api';

/**
 * The sign-up wizard's short address: `/signup` is the console's index page (an SPA route
 * of the console), as `/admin/signup` still is.
 */
describe('the sign-up page at /signup', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it("answers /signup with the console's page, exactly as /admin/signup", async () => {
    const [short, long] = await Promise.all([fetch(`${api.url}/signup`), fetch(`${api.url}/admin/signup`)]);
    expect(short.status).toBe(long.status);
    expect(short.headers.get('content-type')).toBe(long.headers.get('content-type'));
    expect(await short.text()).toBe(await long.text());
    // A built console (CI builds it before the tests) is an HTML page; an unbuilt one is the same 503 at both.
    if (short.status === 200) expect(short.headers.get('content-type')).toMatch(/^text\/html/);
    else expect(short.status).toBe(503);
    expect(CONSOLE_DIST).toMatch(/admin-ui[\\/]dist$/);
  });

  it('serves the index page of the build it is given, and says so when there is none', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'kestrel-console-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Kestrel</title><div id="root"></div>');
    const app = express()
      .get('/signup', consolePage(dist))
      .get('/missing', consolePage(path.join(dist, 'nowhere')))
      .use(errorHandler(createLogger({ name: 'signup-test', level: 'silent' })));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = await fetch(`${base}/signup`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('<div id="root"></div>');
      const missing = await fetch(`${base}/missing`);
      expect(missing.status).toBe(503);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    } finally {
      server.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
