import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { API_SCOPES } from '../../domain/api-scopes';
import { OPERATOR_PERMISSIONS } from '../../domain/operator-permissions';
import { inviteUser, signUpOwner } from '../support/accounts';
import { OPERATOR_LOGIN, signup, startTestPlatform, type Platform } from '../support/platform';

interface Route {
  method: string;
  path: string;
  scope?: string;
  /** The operator permission an admin route declares. */
  permission?: string;
  hasBody: boolean;
}

const PROBLEM = 'application/problem+json';

/** An operator as the matrix signs them in: their role, and the support session their sign-in holds. */
interface OperatorState {
  name: string;
  role: 'super_admin' | 'support';
  session: { on: 'A' | 'B'; write: boolean } | null;
}

const OPERATOR_STATES: OperatorState[] = [
  { name: 'support, no support session', role: 'support', session: null },
  { name: 'support, read-only session on A', role: 'support', session: { on: 'A', write: false } },
  { name: 'support, write-granted session on A', role: 'support', session: { on: 'A', write: true } },
  { name: 'support, write-granted session on B', role: 'support', session: { on: 'B', write: true } },
  { name: 'super_admin', role: 'super_admin', session: null },
];

/**
 * Whether an operator passes a route's permission on company A's records: the rule of the
 * security issue, written out here rather than read from the table it checks. A
 * super_admin does everything; support reads and opens (and ends) its own support
 * sessions; it changes a tenant only in a write-granted support session on that tenant.
 */
function mayPass(state: OperatorState, permission: string): boolean {
  if (state.role === 'super_admin') return true;
  if (permission === 'tenants:read' || permission === 'support-sessions:open') return true;
  return permission === 'tenants:write' && state.session?.on === 'A' && state.session.write;
}

/**
 * Allowed calls the matrix does not make, and why: what they would do reaches past the
 * matrix's own companies into the run's shared database.
 */
const SPARED: Record<string, string> = {
  'post /api/admin/health-scores/run': 'scores every tenant of the shared test database, which other suites score and alert on themselves',
};

/**
 * Every route of the admin API and of the tenant API, read from the OpenAPI document (so
 * a new route is covered without touching this file), asked by the wrong people: nobody,
 * another company's owner and member, revoked and expired keys, a key without the
 * route's scope, another company's key with this company's ids, and a read-only support
 * session writing. Each is refused (401, 403, or 404 for another company's records):
 * never a success, never a server error. Then every admin route against every operator
 * state (support without a session, with a read-only or write-granted one on this
 * company, with one on another company; a super_admin): what the route's permission
 * refuses is a 403 problem, what it allows is not refused.
 */
describe('isolation matrix', () => {
  let platform: Platform;
  let owner: Knex;
  let routes: Route[];
  /** Company A's records, by the path parameter that names them. */
  const a: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  /** Route × caller × tenant combinations asked, and allowed calls left unmade (SPARED). */
  let checked = 0;
  let spared = 0;

  const request = async (route: Route, ids: Record<string, string>, headers: Record<string, string>, body = bodyFor(route)) => {
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(idFor(route.path, name, ids)));
    const res = await fetch(`${platform.api.url}${path}`, {
      method: route.method.toUpperCase(),
      headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await res.arrayBuffer();
    checked++;
    return res;
  };
  const call = async (route: Route, ids: Record<string, string>, headers: Record<string, string>, body = bodyFor(route)) => {
    const res = await request(route, ids, headers, body);
    // A refusal is a problem document, like every other error of the API.
    if ((res.status === 401 || res.status === 403) && !res.headers.get('content-type')?.startsWith(PROBLEM)) return -res.status;
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
    platform = await startTestPlatform({ lifecycleInSeconds: true });
    owner = platform.owner;
    const operator = await signIn(OPERATOR_LOGIN.email, OPERATOR_LOGIN.password);
    const admin = (path: string, body?: unknown) =>
      fetch(`${platform.api.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { ...bearer(operator), 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(created);

    // Company B signs up: its owner sets a password from the welcome e-mail.
    const [companyA, ownerB] = await Promise.all([platform.post('/api/onboarding', signup()).then(created), signUpOwner(platform, {}, { password: 'owner of b password' })]);
    a.tenant = companyA.tenant.id;
    const b = ownerB.tenantId;

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
    // Its job, invoice to a customer and campaign, as its own API makes them.
    const madeByA = async (path: string, body: unknown) =>
      (
        await fetch(`${platform.api.url}/api/v1${path}`, { method: 'POST', headers: { ...bearer(keyA.key), 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(created)
      ).id as string;
    a.job = await madeByA('/jobs', { phone: '+16175550177', name: 'Alice of A' });
    a.customerInvoice = await madeByA('/customer-invoices', { phone: '+16175550177', number: 'A-1', amount_cents: 1000, due_date: '2031-01-31' });
    a.campaign = await madeByA('/campaigns', { name: 'A campaign', steps: [{ body: 'Hello from A', delay: '1d' }] });
    const callSid = `CA${randomBytes(16).toString('hex')}`;
    const idOf = (rows: Array<{ id: string }>) => rows[0]!.id;
    a.call = idOf(await owner('call_logs').insert({ tenant_id: a.tenant, call_sid: callSid, started_at: new Date(), summary: 'A call of A' }).returning('id'));
    a.deadLetter = idOf(await owner('dead_letters').insert({ tenant_id: a.tenant, workflow_id: `call-${callSid}`, step: 'summariseCall', error: 'x' }).returning('id'));
    a.email = idOf(
      await owner('notifications').insert({ tenant_id: a.tenant, channel: 'email', template: 'welcome', recipient: 'a@example.com', idempotency_key: `matrix-${a.tenant}` }).returning('id'),
    );
    a.user = (await admin(`/api/admin/tenants/${a.tenant}/users`, { email: `user.${Date.now()}@example.com`, role: 'member' })).id;

    // Company B's people (its owner, and a member the owner invites, who accepts) and keys.
    tokens['b-owner'] = await signIn(ownerB.email, 'owner of b password');
    const memberB = await inviteUser(platform, b, { email: `member.b.${Date.now()}@example.com`, role: 'member' }, { password: 'member of b password', by: tokens['b-owner'] });
    tokens['b-member'] = await signIn(memberB.email, 'member of b password');
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

    // A support operator (made as the product makes them), signed in once per state: a support session belongs to one sign-in.
    const supportLogin = { email: `support.matrix.${Date.now()}@kestrel.test`, password: 'support matrix password' };
    await admin('/api/admin/operators', { ...supportLogin, name: 'Matrix Support', role: 'support' });
    for (const state of OPERATOR_STATES) {
      const token = state.role === 'super_admin' ? await signIn(OPERATOR_LOGIN.email, OPERATOR_LOGIN.password) : await signIn(supportLogin.email, supportLogin.password);
      tokens[state.name] = token;
      if (!state.session) continue;
      const opened = await fetch(`${platform.api.url}/api/admin/tenants/${state.session.on === 'A' ? a.tenant : b}/support-sessions`, {
        method: 'POST',
        headers: { ...bearer(token), 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: `isolation matrix: ${state.name}` }),
      }).then(created);
      if (state.session.write) await admin(`/api/admin/support-sessions/${opened.id}/grant-write`, {});
    }

    const document = (await (await fetch(`${platform.api.url}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security?: Array<Record<string, string[]>>; requestBody?: unknown }>>;
    };
    routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, op]) => ({
        method,
        path,
        scope: op.security?.[0]?.apiKey?.[0],
        permission: op.security?.[0]?.operatorSession?.[0],
        hasBody: op.requestBody !== undefined,
      })),
    );
  }, 120_000);

  afterAll(async () => {
    const unmade = spared ? ` (${spared} allowed call${spared === 1 ? '' : 's'} left unmade: ${Object.keys(SPARED).join(', ')})` : '';
    console.log(`isolation matrix: ${checked} route × role × tenant combinations checked${unmade}`);
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

  it('declares on every admin route one permission of the table; support reads every record, and no change passes as a read', () => {
    const undeclared = adminRoutes().filter((r) => !r.permission || !(r.permission in OPERATOR_PERMISSIONS));
    expect(undeclared).toEqual([]);
    // The staff's own accounts are the one thing support does not see.
    const unreadable = adminRoutes().filter((r) => r.method === 'get' && r.permission !== 'tenants:read' && r.path !== '/api/admin/operators');
    expect(unreadable).toEqual([]);
    expect(adminRoutes().filter((r) => r.method !== 'get' && r.permission === 'tenants:read')).toEqual([]);
  });

  it('an operator without a support session has no tenant on the tenant API (403)', async () => {
    const statuses: Array<[string, number]> = [];
    for (const route of tenantRoutes()) statuses.push([`${route.method} ${route.path}`, await call(route, a, bearer(tokens['support, no support session']!))]);
    refused(statuses, [403]);
  });

  describe.each(OPERATOR_STATES)('$name', (state) => {
    it('is refused (403 problem) exactly what its role and support session do not allow, on every admin route', async () => {
      const wrong: string[] = [];
      let allowed = 0;
      for (const route of adminRoutes()) {
        // A route that declares nothing is held to the safe default (reads for support, changes for super_admins), and fails the test above.
        const permission = route.permission ?? (route.method === 'get' ? 'tenants:read' : 'undeclared change');
        const passes = mayPass(state, permission);
        const name = `${route.method} ${route.path} (${permission})`;
        if (!passes) {
          // A body the route would accept, so the refusal is about who asks.
          const status = await call(route, a, bearer(tokens[state.name]!));
          if (status !== 403) wrong.push(`${name}: ${status}, expected a 403 problem`);
          continue;
        }
        if (SPARED[`${route.method} ${route.path}`]) {
          spared++;
          continue;
        }
        allowed++;
        const status = await call(route, probeIds(route), bearer(tokens[state.name]!), probeBody(route));
        if (status === 401 || status === 403 || status < 0) wrong.push(`${name}: ${status}, expected it let through`);
        else if (status >= 500) wrong.push(`${name}: ${status}, a server error`);
      }
      expect(wrong).toEqual([]);
      // Support reads everything and super_admins do everything: each state is let through somewhere.
      expect(allowed).toBeGreaterThan(state.role === 'super_admin' ? 50 : 20);
    });
  });

  /**
   * An allowed call must show it was let through without doing more than it must. Routes
   * that read a body get a JSON array, which no body schema accepts: the answer is a 422
   * from behind the check, and nothing happens. A route on a tenant's records names
   * company A's; any other names nothing, so that a platform-wide action it lets through
   * finds nothing to act on (a flag to delete, a dead letter to replay).
   */
  function probeIds(route: Route): Record<string, string> {
    if (route.permission === 'tenants:read' || route.permission === 'tenants:write') return a;
    const nothing = randomUUID();
    return { tenant: nothing, apiKey: nothing, appointment: nothing, call: nothing, deadLetter: nothing, email: nothing, user: nothing };
  }
  function probeBody(route: Route): unknown {
    return route.hasBody ? [] : undefined;
  }
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
  if (route.path === '/api/v1/campaigns/{id}/steps') return { body: 'Hijacked', delay: '1d' };
  if (route.path === '/api/v1/campaigns/{id}/enrol') return { contact_ids: [randomUUID()] };
  return {};
}

/** The record of company A that a path parameter names. */
function idFor(path: string, name: string, a: Record<string, string>): string {
  if (name === 'userId') return a.user!;
  // A flag no one defines: the calls a super_admin is allowed must not delete one other suites use.
  if (name === 'name') return 'matrix_no_such_flag';
  if (name === 'sid') return `CA${'0'.repeat(32)}`;
  const resource = /\/(tenants|calls|appointments|emails|dead-letters|api-keys|support-sessions|jobs|customer-invoices|campaigns)\/\{id\}/.exec(path)?.[1];
  const byResource: Record<string, string | undefined> = {
    tenants: a.tenant,
    calls: a.call,
    appointments: a.appointment,
    emails: a.email,
    'dead-letters': a.deadLetter,
    'api-keys': a.apiKey,
    'support-sessions': a.tenant,
    jobs: a.job,
    'customer-invoices': a.customerInvoice,
    campaigns: a.campaign,
  };
  return byResource[resource ?? ''] ?? a.tenant!;
}
