import { freePort } from '../../runtime/ports';
import { startApi, type RunningApi } from '../support/api';
import { spawnEntry } from '../support/process';

const PROBLEM = 'application/problem+json; charset=utf-8';

describe('the API skeleton on a real Temporal and Postgres', () => {
  let api: RunningApi;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('answers liveness and readiness with both dependencies up', async () => {
    expect(await (await fetch(`${api.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${api.url}/readyz`);
    expect(ready.status).toBe(200);
    // No credentials are set in tests: the sandbox plays every provider, and readiness says so.
    expect(await ready.json()).toEqual({ status: 'ready', checks: { postgres: 'up', temporal: 'up' }, providers: { twilio: 'sandbox', openai: 'sandbox', resend: 'sandbox', stripe: 'sandbox' } });
  });

  it('gives every response a request id, keeping the one the caller sent', async () => {
    const fresh = await fetch(`${api.url}/healthz`);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${api.url}/healthz`, { headers: { 'X-Request-Id': 'twilio-RQ123' } });
    expect(kept.headers.get('x-request-id')).toBe('twilio-RQ123');
  });

  it('answers malformed JSON with a 400 problem', async () => {
    const res = await fetch(`${api.url}/api/onboarding`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"company_name": ',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe(PROBLEM);
    expect(await res.json()).toMatchObject({ status: 400, title: 'Bad Request', detail: 'The request body is not valid JSON.', instance: '/api/onboarding' });
  });

  it('answers an oversized body with a 413 problem', async () => {
    const res = await fetch(`${api.url}/api/onboarding`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ notes: 'x'.repeat(200_000) }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe(PROBLEM);
    expect(await res.json()).toMatchObject({ status: 413, title: 'Content Too Large' });
  });

  it('answers an unknown route with a 404 problem carrying the request id', async () => {
    const res = await fetch(`${api.url}/no/such/route`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe(PROBLEM);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ type: 'about:blank', status: 404, detail: 'No route for GET /no/such/route' });
    expect(body.request_id).toBe(res.headers.get('x-request-id'));
  });

  it('exposes Prometheus metrics with request latency by route template', async () => {
    await fetch(`${api.url}/healthz`);
    await fetch(`${api.url}/no/such/route`);
    const text = await (await fetch(`${api.url}/metrics`)).text();
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} \d+/);
    expect(text).toMatch(/route="unmatched",status_code="404"/);
    expect(text).not.toContain('/no/such/route');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('serves an OpenAPI 3.1 document of its routes at /docs', async () => {
    const doc = (await (await fetch(`${api.url}/docs`)).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/readyz', '/metrics']));
    expect(doc.paths['/readyz'].get.responses['200'].content['application/json'].schema.properties.checks).toBeDefined();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/onboarding', '/api/admin/tenants/{id}/actions/provision-number']));
  });

  it('shows people a docs page where every problem type has its anchor', async () => {
    const html = await (await fetch(`${api.url}/docs`, { headers: { Accept: 'text/html' } })).text();
    for (const anchor of ['validation-error', 'transition-refused', 'provisioning-failed']) expect(html).toContain(`id="${anchor}"`);
    expect(html).toContain('/api/admin/tenants/{id}/workflow');
  });
});

describe('readiness names what is down', () => {
  it('names Temporal when it cannot be reached', async () => {
    const api = await startApi({ temporalAddress: `127.0.0.1:${await freePort()}` });
    try {
      const res = await fetch(`${api.url}/readyz`);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toBe(PROBLEM);
      expect(await res.json()).toMatchObject({ detail: 'Not ready: temporal is down.', checks: { postgres: 'up', temporal: 'down' } });
    } finally {
      await api.close();
    }
  });

  it('names Postgres when it cannot be reached', async () => {
    const api = await startApi({ databaseUrl: `postgres://nobody@127.0.0.1:${await freePort()}/x` });
    try {
      const res = await fetch(`${api.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ detail: 'Not ready: postgres is down.', checks: { postgres: 'down', temporal: 'up' } });
    } finally {
      await api.close();
    }
  });
});

describe('access logs keep no credentials', () => {
  it("logs a request's path and the names of its query parameters, never their values", async () => {
    const port = await freePort();
    const api = spawnEntry('api/main.ts', { ...process.env, API_PORT: String(port), LOG_LEVEL: 'info' });
    try {
      await api.waitFor(/api listening/);
      const signature = 'f'.repeat(64);
      await fetch(`http://127.0.0.1:${port}/downloads/exports/00000000-0000-4000-8000-000000000000?expires=4102444800&signature=${signature}`);
      await fetch(`http://127.0.0.1:${port}/api/onboarding/slug?name=Dana%20Private%20Plumbing`);
      const line = await api.waitFor(/"url":"\/api\/onboarding\/slug/);
      expect(line).toContain('"url":"/downloads/exports/00000000-0000-4000-8000-000000000000?expires=…&signature=…"');
      expect(line).toContain('"url":"/api/onboarding/slug?name=…"');
      expect(line).not.toContain(signature);
      expect(line).not.toContain('Private');
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
    }
  });
});

describe('security headers', () => {
  const headersOf = async (api: RunningApi, path: string) => (await fetch(`${api.url}${path}`)).headers;

  it('on every response: a content policy that forbids framing and foreign scripts, nosniff, no referrer', async () => {
    const api = await startApi();
    try {
      for (const path of ['/healthz', '/admin/', '/api/admin/stats', '/no-such-page']) {
        const headers = await headersOf(api, path);
        const csp = headers.get('content-security-policy') ?? '';
        expect({ path, csp }).toEqual({ path, csp: expect.stringContaining("frame-ancestors 'none'") });
        expect(csp).toContain("script-src 'self'");
        expect(csp).not.toContain('upgrade-insecure-requests');
        expect(headers.get('x-content-type-options')).toBe('nosniff');
        expect(headers.get('referrer-policy')).toBe('no-referrer');
        expect(headers.get('x-frame-options')).toBe('DENY');
        // Served over plain http on a developer's machine: no HSTS there.
        expect(headers.get('strict-transport-security')).toBeNull();
      }
    } finally {
      await api.close();
    }
  });

  it('in production, HSTS and the upgrade of plain requests too', async () => {
    const api = await startApi({ env: { NODE_ENV: 'production', PROVIDER_SANDBOX: 'on', API_KEY_HMAC_SECRET: 'h'.repeat(48) } });
    try {
      const headers = await headersOf(api, '/healthz');
      expect(headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    } finally {
      await api.close();
    }
  });
});
