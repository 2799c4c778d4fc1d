import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { API_SCOPES } from '../../domain/api-scopes';
import { createKnex } from '../../db/connection';
import { hashPassword } from '../../lib/passwords';
import { OPERATOR_LOGIN, signup, startPlatform, type Platform } from '../support/platform';

interface Route {
  method: string;
  path: string;
  scope?: string;
}

/**
 * Every route of the admin API and of the tenant API, read from the OpenAPI document (so
 * a new route is covered without touching this file), asked by the wrong people: nobody,
 * another company's owner and member, revoked and expired keys, a key without the
 * route's scope, another company's key with this company's ids, and a read-only support
 * session writing. Each is refused (401, 403, or 404 for another company's records):
 * never a success, never a server error.
 */
describe('isolation matrix', () => {
  let platform: Platform;
  let owner: Knex;
  let routes: Route[];
  /** Company A's records, by the path parameter that names them. */
  const a: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  const call = async (route: Route, ids: Record<string, string>, headers: Record<string, string>, body = bodyFor(route)) => {
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(idFor(route.path, name, ids)));
    const res = await fetch(`${platform.api.url}${path}`, {
      method: route.method.toUpperCase(),
      headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await res.arrayBuffer();
    return res.status;
  };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const signIn = async (email: string, password: string) => {
    const res = await platform.post('/api/auth/login', { email, password });
    if (!res.ok) throw new Error(`login ${email}: ${res.status}`);
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const created = async (res: Response): Promise<any> => {
    if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  beforeAll(async () => {
    platform = await startPlatform();
    owner = createKnex(process.env.DATABASE_URL!, 2);
    const operator = await signIn(OPERATOR_LOGIN.email, OPERATOR_LOGIN.password);
    const admin = (path: string, body?: unknown) =>
      fetch(`${platform.api.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { ...bearer(operator), 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(created);

    const [companyA, companyB] = await Promise.all([platform.post('/api/onboarding', signup()).then(created), platform.post('/api/onboarding', signup()).then(created)]);
    a.tenant = companyA.tenant.id;
    const b = companyB.tenant.id as string;

    // Company A's records of every kind an id names.
    const keyA = await admin(`/api/admin/tenants/${a.tenant}/api-keys`, { name: 'A', scopes: API_SCOPES });
    a.apiKey = keyA.id;
    a.appointment = (
      await fetch(`${platform.api.url}/api/v1/appointments`, {
        method: 'POST',
        headers: { ...bearer(keyA.key), 'Content-Type': 'application/json' },
        body: JSON.stringify({ customer_name: 'Alice of A', starts_at: '2031-01-01T09:00:00Z' }),
      }).then(created)
    ).id;
    const callSid = `CA${randomBytes(16).toString('hex')}`;
    const idOf = (rows: Array<{ id: string }>) => rows[0]!.id;
    a.call = idOf(await owner('call_logs').insert({ tenant_id: a.tenant, call_sid: callSid, started_at: new Date(), summary: 'A call of A' }).returning('id'));
    a.deadLetter = idOf(await owner('dead_letters').insert({ tenant_id: a.tenant, workflow_id: `call-${callSid}`, step: 'summariseCall', error: 'x' }).returning('id'));
    a.email = idOf(
      await owner('notifications').insert({ tenant_id: a.tenant, channel: 'email', template: 'welcome', recipient: 'a@example.com', idempotency_key: `matrix-${a.tenant}` }).returning('id'),
    );
    a.user = (await admin(`/api/admin/tenants/${a.tenant}/users`, { email: `user.${Date.now()}@example.com`, role: 'member' })).id;

    // Company B's people and keys.
    for (const role of ['owner', 'member'] as const) {
      const email = `${role}.b.${Date.now()}@example.com`;
      await owner('tenant_users').insert({ tenant_id: b, email, role, password_hash: await hashPassword(`${role} of b password`) });
      tokens[`b-${role}`] = await signIn(email, `${role} of b password`);
    }
    tokens['b-key'] = (await admin(`/api/admin/tenants/${b}/api-keys`, { name: 'B', scopes: API_SCOPES })).key;
    tokens['b-usage-only'] = (await admin(`/api/admin/tenants/${b}/api-keys`, { name: 'B usage', scopes: ['usage:read'] })).key;
    const revoked = await admin(`/api/admin/tenants/${b}/api-keys`, { name: 'B revoked', scopes: API_SCOPES });
    await fetch(`${platform.api.url}/api/admin/api-keys/${revoked.id}`, { method: 'DELETE', headers: bearer(operator) });
    tokens['b-revoked'] = revoked.key;
    const expired = await admin(`/api/admin/tenants/${b}/api-keys`, { name: 'B expired', scopes: API_SCOPES });
    await owner('api_keys').where({ id: expired.id }).update({ expires_at: new Date(Date.now() - 1000) });
    tokens['b-expired'] = expired.key;
    // An operator's read-only support session on company A.
    tokens.support = operator;
    await admin(`/api/admin/tenants/${a.tenant}/support-sessions`, { reason: 'isolation matrix' });

    const document = (await (await fetch(`${platform.api.url}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>>;
    };
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, op]) => ({ method, path, scope: op.security?.[0]?.apiKey?.[0] })),
    );
  }, 120_000);

  afterAll(async () => {
    await owner?.destroy();
    await platform?.close();
  });

  const adminRoutes = () => routes.filter((r) => r.path.startsWith('/api/admin/'));
  const tenantRoutes = () => routes.filter((r) => r.path.startsWith('/api/v1/'));
  const refused = (statuses: Array<[string, number]>, allowed: number[]) => {
    const wrong = statuses.filter(([, status]) => !allowed.includes(status));
    expect(wrong).toEqual([]);
  };

  it('covers every route of both APIs', () => {
    expect(adminRoutes().length).toBeGreaterThan(40);
    expect(tenantRoutes().length).toBeGreaterThanOrEqual(8);
  });

  it('turns away requests without credentials: 401 everywhere', async () => {
    const statuses: Array<[string, number]> = [];
    for (const route of [...adminRoutes(), ...tenantRoutes()]) statuses.push([`${route.method} ${route.path}`, await call(route, a, {})]);
    refused(statuses, [401]);
  });

  it("keeps another company's owner and member out of the admin API and away from this company's records", async () => {
    for (const who of ['b-owner', 'b-member']) {
      const statuses: Array<[string, number]> = [];
      for (const route of adminRoutes()) statuses.push([`${who} ${route.method} ${route.path}`, await call(route, a, bearer(tokens[who]!))]);
      // Operator routes: 403. Owners' own routes (keys, users) with this company's ids: 404, or 403 for a member.
      refused(statuses, [403, 404]);
      const ownerRoutes = statuses.filter(([name]) => /\/(api-keys|users)/.test(name));
      expect(ownerRoutes.length).toBeGreaterThan(0);
      if (who === 'b-owner') expect(ownerRoutes.filter(([, status]) => status !== 404)).toEqual([]);
    }
  });

  it('refuses revoked and expired keys (401), a key without the scope (403), and finds nothing of this company with its ids (404)', async () => {
    const statuses: Array<[string, number]> = [];
    for (const route of tenantRoutes()) {
      for (const key of ['b-revoked', 'b-expired']) statuses.push([`${key} ${route.method} ${route.path}`, (await call(route, a, bearer(tokens[key]!))) === 401 ? 401 : -1]);
      if (route.scope !== 'usage:read') statuses.push([`scope ${route.method} ${route.path}`, (await call(route, a, bearer(tokens['b-usage-only']!))) === 403 ? 403 : -1]);
      if (route.path.includes('{id}')) statuses.push([`B's key on A's id: ${route.method} ${route.path}`, (await call(route, a, bearer(tokens['b-key']!))) === 404 ? 404 : -1]);
    }
    refused(statuses, [401, 403, 404]);
  });

  it('a read-only support session cannot write through the tenant API (403)', async () => {
    const writes = tenantRoutes().filter((r) => r.method !== 'get');
    expect(writes.length).toBeGreaterThan(0);
    const statuses: Array<[string, number]> = [];
    for (const route of writes) statuses.push([`${route.method} ${route.path}`, await call(route, a, bearer(tokens.support!))]);
    refused(statuses, [403]);
  });
});

/** A body the route would accept from the right person, so that a refusal is about who asks, not what. */
function bodyFor(route: Route): unknown {
  if (route.method === 'get' || route.method === 'delete') return undefined;
  if (route.path.endsWith('/api-keys')) return { name: 'intruder', scopes: ['calls:read'] };
  if (route.path.endsWith('/users')) return { email: `intruder.${Date.now()}@example.com`, role: 'member' };
  if (route.path.endsWith('/users/{userId}')) return { role: 'owner' };
  if (route.path === '/api/v1/appointments') return { customer_name: 'Intruder', starts_at: '2031-02-01T09:00:00Z' };
  if (route.path === '/api/v1/appointments/{id}') return { notes: 'changed by an intruder' };
  if (route.path === '/api/v1/settings') return { ai_settings: { greeting: 'Hijacked' } };
  return {};
}

/** The record of company A that a path parameter names. */
function idFor(path: string, name: string, a: Record<string, string>): string {
  if (name === 'userId') return a.user!;
  if (name === 'name') return 'premium_model';
  if (name === 'sid') return `CA${'0'.repeat(32)}`;
  const resource = /\/(tenants|calls|appointments|emails|dead-letters|api-keys|support-sessions)\/\{id\}/.exec(path)?.[1];
  const byResource: Record<string, string | undefined> = {
    tenants: a.tenant,
    calls: a.call,
    appointments: a.appointment,
    emails: a.email,
    'dead-letters': a.deadLetter,
    'api-keys': a.apiKey,
    'support-sessions': a.tenant,
  };
  return byResource[resource ?? ''] ?? a.tenant!;
}
