import { networkInterfaces } from 'node:os';
import { parseConfig } from '../../lib/config';
import { freePort } from '../../runtime/ports';
import { startApi, type RunningApi } from '../support/api';

/**
 * Which client a limit counts: the peer, or what X-Forwarded-For says when the peer is a
 * proxy TRUST_PROXY names; and what the sensitive routes' limits do when their counters
 * cannot be reached (they refuse), and the slug suggestions' own limit.
 */

/** An address of this machine that is not loopback: a peer the default TRUST_PROXY does not trust. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
const withOutsidePeer = outside ? it : it.skip;

const login = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ email: `nobody.${Date.now()}@kestrel.test`, password: 'a guess' }),
  });
const from = (...addresses: string[]) => ({ 'X-Forwarded-For': addresses.join(', ') });

describe('the client address behind a proxy', () => {
  withOutsidePeer('TRUST_PROXY=1: the proxy\'s X-Forwarded-For names the client whose attempts are counted', async () => {
    const api = await startApi({ host: outside!, env: { TRUST_PROXY: '1', RATE_LIMIT_LOGIN: '2/1m' } });
    try {
      for (let i = 0; i < 2; i++) expect((await login(api.url, from('203.0.113.101'))).status).toBe(401);
      const over = await login(api.url, from('203.0.113.101'));
      expect(over.status).toBe(429);
      // A client cannot step around its count by sending an X-Forwarded-For of its own: the
      // proxy appends the address it saw, and only that last hop is believed.
      expect((await login(api.url, from('192.0.2.250', '203.0.113.101'))).status).toBe(429);
      // Another client behind the same proxy has its own count.
      expect((await login(api.url, from('203.0.113.102'))).status).toBe(401);
    } finally {
      await api.close();
    }
  });

  withOutsidePeer('TRUST_PROXY as CIDRs: a peer inside them is a proxy, its X-Forwarded-For names the client', async () => {
    const api = await startApi({ host: outside!, env: { TRUST_PROXY: `loopback, ${outside}/32`, RATE_LIMIT_LOGIN: '1/1m' } });
    try {
      expect((await login(api.url, from('203.0.113.103'))).status).toBe(401);
      expect((await login(api.url, from('203.0.113.103'))).status).toBe(429);
      expect((await login(api.url, from('203.0.113.104'))).status).toBe(401);
    } finally {
      await api.close();
    }
  });

  withOutsidePeer('by default (loopback proxies only) a non-loopback peer\'s X-Forwarded-For is ignored: the peer is the client', async () => {
    const api = await startApi({ host: outside!, env: { RATE_LIMIT_LOGIN: '2/1m' } });
    try {
      expect((await login(api.url, from('203.0.113.105'))).status).toBe(401);
      expect((await login(api.url, from('203.0.113.106'))).status).toBe(401);
      // A third "client" is the same peer: over its limit.
      expect((await login(api.url, from('203.0.113.107'))).status).toBe(429);
    } finally {
      await api.close();
    }
  });

  it('refuses a TRUST_PROXY that is neither hops nor addresses', () => {
    expect(parseConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(parseConfig({ TRUST_PROXY: '10.0.0.0/8, fd00::/8' }).TRUST_PROXY).toEqual(['10.0.0.0/8', 'fd00::/8']);
    expect(parseConfig({}).TRUST_PROXY).toEqual(['loopback']);
    for (const wrong of ['true', '10.0.0.0/33', 'proxy.internal']) expect(() => parseConfig({ TRUST_PROXY: wrong })).toThrow(/TRUST_PROXY: expected a number of proxy hops/);
  });
});

describe('the sensitive routes\' limits when their counters cannot be reached', () => {
  let cut: RunningApi;

  beforeAll(async () => {
    // The limiter's database is an address where nothing listens; the rest of the API is up.
    cut = await startApi({
      databaseUrl: `postgres://kestrel_app:x@127.0.0.1:${await freePort()}/kestrel`,
      env: { RATE_LIMIT_LOGIN: '30/10m', RATE_LIMIT_ONBOARDING: '20/1h' },
    });
  });
  afterAll(() => cut?.close());

  const requests: Array<{ method: string; path: string; body?: unknown }> = [
    { method: 'POST', path: '/api/auth/login', body: { email: 'someone@kestrel.test', password: 'a guess' } },
    { method: 'POST', path: '/api/auth/accept-invite', body: { token: 'inv_unknown', password: 'a good long password' } },
    { method: 'POST', path: '/api/onboarding', body: {} },
    { method: 'GET', path: '/api/onboarding/slug?name=Acme%20Heating' },
  ];
  it.each(requests)('$method $path answers 503 problem+json with Retry-After, not an unlimited pass', async ({ method, path, body }) => {
    const res = await fetch(`${cut.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as any).detail).toMatch(/limit cannot be counted/);
  });

  it('a limit set to off needs no counters', async () => {
    const off = await startApi({ databaseUrl: `postgres://kestrel_app:x@127.0.0.1:${await freePort()}/kestrel`, env: { RATE_LIMIT_LOGIN: 'off' } });
    try {
      expect((await login(off.url)).status).toBe(401);
    } finally {
      await off.close();
    }
  });
});

describe('slug suggestions', () => {
  const suggest = (url: string, client: string) => fetch(`${url}/api/onboarding/slug?name=Acme%20Heating`, { headers: from(client) });

  it('are limited per client address (RATE_LIMIT_ONBOARDING_SLUG)', async () => {
    const api = await startApi({ env: { RATE_LIMIT_ONBOARDING_SLUG: '2/1m' } });
    try {
      for (let i = 0; i < 2; i++) {
        const res = await suggest(api.url, '198.51.100.81');
        expect(res.status).toBe(200);
        expect(res.headers.get('ratelimit-policy')).toBe('"onboarding-slug";q=2;w=60');
      }
      const over = await suggest(api.url, '198.51.100.81');
      expect(over.status).toBe(429);
      expect(over.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await suggest(api.url, '198.51.100.82')).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('by default allow ten times the sign-ups\' figure, in its window', async () => {
    const api = await startApi({ env: { RATE_LIMIT_ONBOARDING: '3/1m' } });
    try {
      const res = await suggest(api.url, '198.51.100.83');
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-policy')).toBe('"onboarding-slug";q=30;w=60');
    } finally {
      await api.close();
    }
  });
});
