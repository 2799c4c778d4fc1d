import fc from 'fast-check';
import { API_SCOPES } from '../../domain/api-scopes';
import { PLAN_TIERS } from '../../domain/plans';
import { INDUSTRIES } from '../../api/schemas';
import { signup, startTestPlatform, type Platform } from '../support/platform';

/**
 * Property-based fuzzing of the public endpoints: sign-up and its slug suggestions, sign-in,
 * accepting an invitation, and the tenant API's writes.
 * Bodies are arbitrary JSON, or the endpoint's own fields with arbitrary values (often
 * valid ones, so that requests get past the first check and reach the database). Whatever
 * comes in, the answer is never a 5xx; every 4xx is problem+json; a 422 names the field.
 */

/** Cases per endpoint, sent BATCH at a time over the client's keep-alive connections. */
const CASES = 1000;
const BATCH = 4;

/** Characters that text columns, JSON columns and parsers are known to trip on, then any at all. */
const awkwardChar = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e', '\ufeff', '\\', '"', "'", '%', '\n') },
  { weight: 3, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
/** Any JSON, its strings made of such characters. */
const anyJson = fc.jsonValue({ maxDepth: 3, stringUnit: awkwardChar });
const anyText = fc.oneof(fc.string({ unit: awkwardChar, maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 50 }), fc.string({ minLength: 1, maxLength: 30 }));
/** Free text of a plausible length, now and then with an awkward character in it. */
const mostlyPlainChar = fc.oneof({ weight: 9, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: awkwardChar });
const prose = (minLength: number, maxLength: number) => fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: mostlyPlainChar, minLength, maxLength }));

/** A field's value: usually one the endpoint accepts, else anything at all. */
const field = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: fc.oneof(anyJson, anyText) });

/**
 * An object with the given fields, each present `presence` of the time (required fields
 * mostly; in a PATCH, left-out fields are as valid as any), plus now and then a key of no meaning.
 */
function fuzzedObject(fields: Record<string, fc.Arbitrary<unknown>>, presence = 0.9): fc.Arbitrary<Record<string, unknown>> {
  const present = Math.round(presence * 10);
  const entries = Object.entries(fields).map(([key, value]) =>
    fc.oneof(
      { weight: present, arbitrary: value.map((v) => [[key, v]] as Array<[string, unknown]>) },
      { weight: 10 - present, arbitrary: fc.constant([] as Array<[string, unknown]>) },
    ),
  );
  return fc
    .tuple(fc.tuple(...entries), fc.dictionary(fc.string({ maxLength: 12 }), anyJson, { maxKeys: 2 }))
    .map(([present, extra]) => ({ ...extra, ...Object.fromEntries(present.flat()) }));
}

/** Either the endpoint's fields, fuzzed, or any JSON document at all. */
const bodyOf = (fields: Record<string, fc.Arbitrary<unknown>>, presence?: number) =>
  fc.oneof({ weight: 5, arbitrary: fuzzedObject(fields, presence) }, { weight: 1, arbitrary: anyJson });

const phone = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('+16175550142', '(617) 555-0199', '617.555.0100', '+442071838750') },
  { weight: 1, arbitrary: fc.oneof(fc.constantFrom('555', '+1 000 000 0000'), anyText) },
);
const clock = fc.oneof(fc.constantFrom('00:00', '08:00', '12:30', '17:00', '23:59', '24:00', '8am'), anyText);
const day = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(null, { open: '08:00', close: '17:00' }, { open: '00:00', close: '23:59' }) },
  { weight: 1, arbitrary: fc.oneof(fc.record({ open: clock, close: clock }), anyJson) },
);
const hours = fc.dictionary(fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'holiday'), day, { maxKeys: 8 });
const dateTime = fc.oneof(
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2031-01-01T09:00:00Z', '2031-01-01T09:00:00+05:30', '0000-01-01T00:00:00Z', '2031-02-30T09:00:00Z', 'tomorrow', ''),
);
const email = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z0-9]{1,8}(\.[a-z0-9]{1,8})?@example\.(com|org)$/) },
  { weight: 1, arbitrary: fc.oneof(fc.emailAddress(), fc.constantFrom('DANA@Example.COM', 'no-at-sign', 'a@b')) },
);

const onboardingFields = {
  company_name: field(fc.string({ minLength: 2, maxLength: 40 })),
  industry: field(fc.constantFrom(...INDUSTRIES)),
  timezone: field(fc.constantFrom('America/New_York', 'america/chicago', 'Europe/Paris', 'UTC', 'Mars/Olympus_Mons')),
  owner_name: field(fc.string({ minLength: 2, maxLength: 40 })),
  owner_email: field(email),
  owner_phone: field(phone),
  slug: field(fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,30}$/)),
  plan_tier: field(fc.constantFrom(...PLAN_TIERS)),
  forward_to_number: field(phone),
  emergency_phone: field(phone),
  business_hours: field(hours),
};

const aiSettings = fuzzedObject({
  greeting: field(fc.oneof(fc.constant(null), prose(0, 80))),
  after_hours_greeting: field(fc.oneof(fc.constant(null), prose(0, 80))),
  voice: field(fc.constantFrom('Polly.Joanna', 'Polly.Matthew', 'Polly.Lupe', 'Robot.Bob', null)),
  language: field(fc.constantFrom('en-US', 'es-US', 'fr-FR', null)),
  model: field(fc.constantFrom('gpt-4o-mini', 'gpt-4o', 'gpt-2', null)),
  custom_prompt: field(fc.oneof(fc.constant(null), prose(0, 200))),
  emergency_keywords: field(fc.oneof(fc.constant(null), fc.array(prose(1, 20), { maxLength: 5 }))),
}, 0.5);

const settingsFields = {
  company_name: field(prose(2, 40)),
  timezone: onboardingFields.timezone,
  owner_name: field(prose(2, 40)),
  owner_email: field(email),
  owner_phone: field(fc.oneof(phone, fc.constant(null), fc.constant(''))),
  forward_to_number: field(phone),
  emergency_phone: field(fc.oneof(phone, fc.constant(null))),
  business_hours: field(hours),
  ai_settings: field(aiSettings),
  is_test_mode: field(fc.boolean()),
};

const status = fc.constantFrom('scheduled', 'confirmed', 'completed', 'cancelled', 'done');
const appointmentFields = {
  customer_name: field(prose(1, 40)),
  callback_number: field(fc.oneof(phone, fc.constant(null))),
  service_type: field(fc.oneof(prose(0, 40), fc.constant(null))),
  starts_at: field(dateTime),
  duration_minutes: field(fc.oneof(fc.integer({ min: 15, max: 480 }), fc.integer(), fc.double())),
  notes: field(fc.oneof(prose(0, 200), fc.constant(null))),
  status: field(status),
};

describe('fuzzing the public write endpoints', () => {
  let platform: Platform;
  let key: string;
  let appointmentIds: string[];

  /** Sends `body`; fails with the request and the answer unless the answer keeps the API's promises. */
  const send = async (method: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${platform.api.url}${path}`, {
      method,
      headers: { ...(method === 'GET' ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: method === 'GET' ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const fail = (why: string) => {
      throw new Error(`${method} ${path} ${JSON.stringify(body)} → ${res.status} ${res.headers.get('content-type')}: ${why}\n${text.slice(0, 2000)}`);
    };
    if (res.status >= 500) fail('a server error');
    if (res.status >= 400) {
      if (!res.headers.get('content-type')?.startsWith('application/problem+json')) fail('not problem+json');
      const problem = JSON.parse(text) as { status?: number; errors?: Record<string, string> };
      if (problem.status !== res.status) fail('the problem names another status');
      if (res.status === 422 && Object.keys(problem.errors ?? {}).length === 0) fail('a 422 that names no field');
    }
    return res.status;
  };

  /** Runs CASES requests, BATCH at a time; returns how often each status came back. */
  const fuzz = async <T>(bodies: fc.Arbitrary<T>, request: (body: T) => Promise<number>) => {
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(fc.array(bodies, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        for (const status of await Promise.all(batch.map(request))) statuses[status] = (statuses[status] ?? 0) + 1;
      }),
      { numRuns: CASES / BATCH },
    );
    expect(Object.values(statuses).reduce((a, b) => a + b, 0)).toBe(CASES);
    return statuses;
  };

  beforeAll(async () => {
    platform = await startTestPlatform({
      lifecycleInSeconds: true,
      env: {
        RATE_LIMIT_ONBOARDING: 'off',
        RATE_LIMIT_PASSWORD_RESET: 'off',
        RATE_LIMIT_PASSWORD_RESET_ACCOUNT: 'off',
        RATE_LIMIT_TENANT_API: '1000000/1m',
        RATE_LIMIT_API_KEY: '1000000/1m',
      },
    });
    const created = async (res: Response) => {
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      return (await res.json()) as any;
    };
    const { tenant } = await created(await platform.post('/api/onboarding', signup()));
    ({ key } = await created(await platform.admin(`/api/admin/tenants/${tenant.id}/api-keys`, { body: { name: 'fuzz', scopes: API_SCOPES } })));
    const other = (await created(await platform.post('/api/onboarding', signup()))).tenant;
    const otherKey = (await created(await platform.admin(`/api/admin/tenants/${other.id}/api-keys`, { body: { name: 'fuzz', scopes: API_SCOPES } }))).key;
    const book = async (apiKey: string) =>
      (
        await created(
          await fetch(`${platform.api.url}/api/v1/appointments`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${apiKey}` },
            body: JSON.stringify({ customer_name: 'Fuzz Target', starts_at: '2031-01-01T09:00:00Z' }),
          }),
        )
      ).id as string;
    appointmentIds = [await book(key), await book(otherKey)];
  }, 120_000);

  afterAll(() => platform?.close());

  it(`sign-up: ${CASES} arbitrary bodies`, async () => {
    const statuses = await fuzz(bodyOf(onboardingFields), (body) => send('POST', '/api/onboarding', body));
    expect(statuses[422]).toBeGreaterThan(CASES / 2);
    // Some get through validation to the workflow and create a company.
    expect((statuses[201] ?? 0) + (statuses[202] ?? 0)).toBeGreaterThan(0);
  }, 600_000);

  it(`sign-in: ${CASES} arbitrary bodies, against an account of its own (the lock-out is part of what is fuzzed)`, async () => {
    const email = `fuzz.login.${Date.now()}@kestrel.test`;
    // Made as operators are made: by a super_admin, through the operator API.
    const made = await platform.admin('/api/admin/operators', { body: { email, name: 'Fuzz Target', role: 'support', password: 'the fuzzed password' } });
    expect(made.status).toBe(201);
    const credentials = bodyOf({
      email: field(fc.oneof(fc.constant(email), fc.constant(email.toUpperCase()), fc.emailAddress())),
      password: field(fc.oneof(fc.constant('the fuzzed password'), prose(1, 300))),
      tenant: field(fc.constantFrom('acme', 'no-such-company')),
    });
    // Now and then from a browser: on the console's own page, or on another site's (login CSRF: 403).
    const origin = fc.constantFrom(undefined, undefined, platform.api.url, 'https://kestrel.test', 'https://evil.example', 'null');
    const statuses = await fuzz(fc.tuple(credentials, origin), ([body, from]) => send('POST', '/api/auth/login', body, from ? { Origin: from } : {}));
    expect(statuses[422]).toBeGreaterThan(0);
    expect(statuses[401]).toBeGreaterThan(0);
    expect(statuses[403]).toBeGreaterThan(0);
  }, 600_000);

  it(`accepting an invitation: ${CASES} arbitrary bodies (unknown tokens cost a lookup, not a hash)`, async () => {
    const token = fc.oneof(fc.stringMatching(/^inv_[\w-]{20,60}$/), prose(1, 250));
    const statuses = await fuzz(bodyOf({ token: field(token), password: field(prose(8, 300)) }), (body) => send('POST', '/api/auth/accept-invite', body));
    expect(statuses[410]).toBeGreaterThan(0);
    expect(statuses[422]).toBeGreaterThan(0);
  }, 600_000);

  it(`password resets: ${CASES} arbitrary requests and ${CASES} arbitrary confirmations`, async () => {
    const requests = await fuzz(bodyOf({ email: field(fc.oneof(fc.emailAddress(), prose(0, 300))) }), (body) => send('POST', '/api/auth/password-reset', body));
    expect(requests[202]).toBeGreaterThan(0);
    expect(requests[422]).toBeGreaterThan(0);
    const token = fc.oneof(fc.stringMatching(/^pwr_[\w.-]{20,90}$/), fc.stringMatching(/^inv_[\w.-]{20,90}$/), prose(1, 250));
    const confirmations = await fuzz(bodyOf({ token: field(token), password: field(prose(8, 300)) }), (body) => send('POST', '/api/auth/password-reset/confirm', body));
    expect(confirmations[422]).toBeGreaterThan(0);
    expect((confirmations[400] ?? 0) + (confirmations[410] ?? 0)).toBeGreaterThan(0);
    expect(confirmations[200]).toBeUndefined();
  }, 600_000);

  it(`two-step sign-in codes: ${CASES} arbitrary challenges and codes`, async () => {
    const body = bodyOf({ challenge: field(fc.oneof(fc.stringMatching(/^[\w.-]{10,80}$/), prose(0, 200))), code: field(fc.oneof(fc.stringMatching(/^\d{6}$/), prose(0, 20))) });
    const statuses = await fuzz(body, (b) => send('POST', '/api/auth/login/otp', b));
    expect(statuses[422]).toBeGreaterThan(0);
    expect(statuses[200]).toBeUndefined();
  }, 600_000);

  it(`slug suggestions: ${CASES} arbitrary names`, async () => {
    const query = fc.oneof(
      { weight: 5, arbitrary: fc.oneof(prose(0, 130), anyText).map((name) => new URLSearchParams({ name })) },
      { weight: 1, arbitrary: fc.array(anyText, { maxLength: 3 }).map((names) => new URLSearchParams(names.map((name): [string, string] => ['name', name]))) },
    );
    const statuses = await fuzz(query, (params) => send('GET', `/api/onboarding/slug?${params}`, undefined));
    expect(statuses[200]).toBeGreaterThan(0);
    expect(statuses[422]).toBeGreaterThan(0);
  }, 600_000);

  describe('the tenant API', () => {
    const withKey = () => ({ Authorization: `Bearer ${key}` });

    it(`POST /api/v1/appointments: ${CASES} arbitrary bodies`, async () => {
      const statuses = await fuzz(bodyOf(appointmentFields), (body) => send('POST', '/api/v1/appointments', body, withKey()));
      expect(statuses[201]).toBeGreaterThan(0);
      expect(statuses[422]).toBeGreaterThan(0);
    }, 600_000);

    it(`PATCH /api/v1/appointments/:id: ${CASES} arbitrary bodies, on its own, another company's and made-up ids`, async () => {
      const target = fc.oneof(fc.constantFrom(...appointmentIds), fc.uuid(), fc.constantFrom('not-an-id', '%00', '..'));
      const statuses = await fuzz(fc.tuple(target, bodyOf(appointmentFields, 0.5)), ([id, body]) =>
        send('PATCH', `/api/v1/appointments/${encodeURIComponent(id)}`, body, withKey()),
      );
      expect(statuses[200]).toBeGreaterThan(0);
      expect(statuses[404]).toBeGreaterThan(0);
    }, 600_000);

    it(`PATCH /api/v1/settings: ${CASES} arbitrary bodies`, async () => {
      const statuses = await fuzz(bodyOf(settingsFields, 0.5), (body) => send('PATCH', '/api/v1/settings', body, withKey()));
      expect(statuses[200]).toBeGreaterThan(0);
      expect(statuses[422]).toBeGreaterThan(0);
    }, 600_000);
  });
});
