jest.mock('../../lib/passwords', () => {
  // The real functions, counted: how many passwords the API hashed.
  const actual = jest.requireActual('../../lib/passwords');
  return { ...actual, hashPassword: jest.fn(actual.hashPassword) };
});

import * as passwords from '../../lib/passwords';
import { startApi, type RunningApi } from '../support/api';

const hashPassword = passwords.hashPassword as jest.MockedFunction<typeof passwords.hashPassword>;

/**
 * `POST /api/auth/accept-invite` is public: an unknown token must cost a lookup, not a
 * password hash, and the route is limited per client address. (Accepting a real
 * invitation is in auth.test.ts.)
 */
describe('accepting an invitation, unauthenticated', () => {
  let api: RunningApi;

  const accept = (token: string, from: string, password = 'a good long password') =>
    fetch(`${api.url}/api/auth/accept-invite`, {
      method: 'POST',
      // The API trusts its loopback peer's X-Forwarded-For (the default TRUST_PROXY): each test is a client of its own.
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from },
      body: JSON.stringify({ token, password }),
    });

  beforeAll(async () => {
    api = await startApi({ env: { RATE_LIMIT_LOGIN: '3/1m' } });
  });
  afterAll(() => api?.close());

  it('looks the token up before hashing the password: an unknown token is refused without a hash', async () => {
    hashPassword.mockClear();
    const res = await accept(`inv_${'x'.repeat(43)}`, '198.51.100.71');
    expect(res.status).toBe(410);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(hashPassword).not.toHaveBeenCalled();
  });

  it('limits attempts per client address (RATE_LIMIT_LOGIN, counted apart from sign-ins): the next gets 429 with Retry-After', async () => {
    const from = '198.51.100.72';
    for (let i = 0; i < 3; i++) {
      // Not a token of ours at all: 400 (a well-formed one that no account holds would be 410).
      const res = await accept(`inv_guess_${i}`, from);
      expect(res.status).toBe(400);
      expect(res.headers.get('ratelimit-policy')).toBe('"accept-invite";q=3;w=60');
    }
    const over = await accept('inv_guess_3', from);
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another address has its own count; the same address's sign-ins have theirs.
    expect((await accept('inv_guess_4', '198.51.100.73')).status).toBe(400);
    const login = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from },
      body: JSON.stringify({ email: 'nobody@kestrel.test', password: 'a guess' }),
    });
    expect(login.status).toBe(401);
    expect(login.headers.get('ratelimit-policy')).toBe('"login";q=3;w=60');
  });
});
