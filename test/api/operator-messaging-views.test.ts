import { liveTenant, startCallPlatform, type CallPlatform, type LiveTenant } from '../calls/support';
import { caller, json, signUpOwner, type Call, type Owner } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { daytimeZone } from '../support/daytime-zone';
import { OPERATOR_TOKEN, eventually } from '../support/platform';

const SCOPES = ['contacts:read', 'contacts:write', 'jobs:read', 'jobs:write', 'customer-invoices:read', 'customer-invoices:write', 'campaigns:read', 'campaigns:write'];

/**
 * Operators read every company's jobs, invoices to customers and campaigns on the admin
 * API. Two companies make theirs through the tenant API (one with a number, whose campaign
 * texts a customer through the sandbox's Twilio); the operator's lists carry each row's
 * company, filter by company, status and search, and a campaign brings its steps and the
 * funnel the company itself reads. A support operator reads them too; a company's own
 * session and keys are turned away.
 */
describe("operators' views of companies' jobs, customer invoices and campaigns", () => {
  const area = claimAreaCode();
  const run = Date.now().toString(36);
  let p: CallPlatform;
  let api: Call;
  let a: LiveTenant;
  let b: Owner;
  let keyA: string;
  let keyB: string;
  let supportToken: string;
  const nameA = `Ridge Plumbing ${run}`;
  const nameB = `Harbor Electric ${run}`;
  const ids: Record<string, string> = {};

  const v1 = (key: string, path: string, init: { method?: string; body?: unknown } = {}) => api(`/api/v1${path}`, { ...init, token: key });
  const operator = (path: string, token = OPERATOR_TOKEN) => api(`/api/admin${path}`, { token });
  /** A list in the console's dialect: the rows and the Content-Range header. */
  const list = async (resource: string, params: { filter?: unknown; sort?: [string, string]; range?: [number, number] } = {}, token = OPERATOR_TOKEN) => {
    const query = new URLSearchParams(Object.entries(params).map(([name, value]): [string, string] => [name, JSON.stringify(value)]));
    const res = await operator(`/${resource}?${query}`, token);
    const rows = await json<any[]>(res, 200);
    return { rows, range: res.headers.get('content-range') };
  };
  const both = () => [a.id, b.tenantId];

  beforeAll(async () => {
    p = await startCallPlatform();
    api = caller(p.apiUrl);
    // Company A texts its customers: a number, and a zone where it is daytime, so quiet hours hold nothing.
    [a, b] = await Promise.all([liveTenant(p, area, { company_name: nameA, timezone: daytimeZone() }), signUpOwner(p, { company_name: nameB })]);
    const key = async (tenantId: string) => (await json(await api(`/api/admin/tenants/${tenantId}/api-keys`, { token: OPERATOR_TOKEN, body: { name: 'office', scopes: SCOPES } }), 201)).key as string;
    [keyA, keyB] = await Promise.all([key(a.id), key(b.tenantId)]);

    const made = async (res: Response) => (await json(res, 201)).id as string;
    ids.jobA1 = await made(await v1(keyA, '/jobs', { body: { phone: `+1${area}5550301`, name: 'Ada Quill', external_ref: `WO-${run}-1`, technician_name: 'Sam' } }));
    ids.jobA2 = await made(await v1(keyA, '/jobs', { body: { phone: `+1${area}5550302`, name: 'Ben Otter', external_ref: `WO-${run}-2`, status: 'parts_ordered', items: [{ name: 'Pressure valve', state: 'ordered' }] } }));
    ids.jobB1 = await made(await v1(keyB, '/jobs', { body: { phone: '+16175550303', name: 'Cy Marsh', external_ref: `HB-${run}-1`, technician_name: 'Lee' } }));
    ids.invoiceA = await made(await v1(keyA, '/customer-invoices', { body: { phone: `+1${area}5550301`, number: `R-${run}-1`, amount_cents: 24_000, due_date: '2031-06-30' } }));
    ids.invoiceB = await made(await v1(keyB, '/customer-invoices', { body: { phone: '+16175550303', number: `H-${run}-1`, amount_cents: 9_950, due_date: '2031-07-15', pay_link: 'https://pay.example.com/h1' } }));
    await json(await v1(keyB, `/customer-invoices/${ids.invoiceB}`, { method: 'PATCH', body: { status: 'paid' } }), 200);
    ids.campaignA = await made(
      await v1(keyA, '/campaigns', {
        body: {
          name: `Water heater check ${run}`,
          status: 'active',
          steps: [
            { body: 'Hi {contact_name}, time for a water heater check with {company_name}.', delay: '1s' },
            { body: 'Still want that check? Call {company_phone}.', delay: '2d' },
          ],
        },
      }),
    );
    ids.campaignB = await made(await v1(keyB, '/campaigns', { body: { name: `Panel upgrade ${run}`, steps: [{ body: 'Is your panel ready for an EV charger?', delay: '1d' }] } }));
    const jobA1 = await json(await v1(keyA, `/jobs/${ids.jobA1}`), 200);
    await json(await v1(keyA, `/campaigns/${ids.campaignA}/enrol`, { body: { contact_ids: [jobA1.contact_id] } }), 200);

    // A support operator, made as the product makes them, signed in.
    const support = { email: `support.views.${run}@kestrel.test`, password: 'support views password', name: 'Views Support', role: 'support' };
    await json(await api('/api/admin/operators', { token: OPERATOR_TOKEN, body: support }), 201);
    supportToken = (await json(await api('/api/auth/login', { body: { email: support.email, password: support.password } }), 200)).access_token;
  }, 180_000);
  afterAll(() => p?.close());

  it("lists both companies' jobs, each with its company and customer, filtered by company, status and search", async () => {
    const all = await list('jobs', { filter: { tenant_id: both() } });
    expect(all.range).toBe('jobs 0-2/3');
    expect(all.rows.map((r) => [r.id, r.company_name, r.contact_name]).sort()).toEqual(
      [
        [ids.jobA1, nameA, 'Ada Quill'],
        [ids.jobA2, nameA, 'Ben Otter'],
        [ids.jobB1, nameB, 'Cy Marsh'],
      ].sort(),
    );
    const b1 = all.rows.find((r) => r.id === ids.jobB1);
    expect(b1).toMatchObject({ tenant_id: b.tenantId, status: 'scheduled', technician_name: 'Lee', contact_phone: '+16175550303', tenant_timezone: 'America/New_York' });

    expect((await list('jobs', { filter: { tenant_id: b.tenantId } })).rows.map((r) => r.id)).toEqual([ids.jobB1]);
    expect((await list('jobs', { filter: { tenant_id: both(), status: 'parts_ordered' } })).rows.map((r) => r.id)).toEqual([ids.jobA2]);
    expect((await list('jobs', { filter: { tenant_id: both(), status: ['scheduled', 'completed'] } })).rows.map((r) => r.id).sort()).toEqual([ids.jobA1, ids.jobB1].sort());
    // Search: the company's reference, the technician, the customer's name or number.
    expect((await list('jobs', { filter: { q: `HB-${run}` } })).rows.map((r) => r.id)).toEqual([ids.jobB1]);
    expect((await list('jobs', { filter: { tenant_id: both(), q: 'otter' } })).rows.map((r) => r.id)).toEqual([ids.jobA2]);
    expect((await list('jobs', { filter: { tenant_id: both(), q: `${area}5550301` } })).rows.map((r) => r.id)).toEqual([ids.jobA1]);

    // Paged and sorted as react-admin asks.
    const oldest = await list('jobs', { filter: { tenant_id: both() }, sort: ['created_at', 'ASC'], range: [0, 0] });
    expect(oldest).toEqual({ rows: [expect.objectContaining({ id: ids.jobA1 })], range: 'jobs 0-0/3' });

    const one = await json(await operator(`/jobs/${ids.jobA2}`), 200);
    expect(one).toMatchObject({
      id: ids.jobA2,
      tenant_id: a.id,
      company_name: nameA,
      contact_name: 'Ben Otter',
      status: 'parts_ordered',
      items: [{ name: 'Pressure valve', state: 'ordered' }],
      status_history: [expect.objectContaining({ status: 'parts_ordered' })],
    });
    // What the company reads of it, and more.
    expect(one).toMatchObject(await json(await v1(keyA, `/jobs/${ids.jobA2}`), 200));
  });

  it("lists both companies' invoices to their customers, filtered by company, status and search", async () => {
    const all = await list('customer-invoices', { filter: { tenant_id: both() } });
    expect(all.range).toBe('customer-invoices 0-1/2');
    expect(all.rows.map((r) => [r.number, r.company_name, r.contact_name, r.amount_cents, r.due_date, r.status]).sort()).toEqual(
      [
        [`H-${run}-1`, nameB, 'Cy Marsh', 9_950, '2031-07-15', 'paid'],
        [`R-${run}-1`, nameA, 'Ada Quill', 24_000, '2031-06-30', 'pending'],
      ].sort(),
    );
    expect((await list('customer-invoices', { filter: { tenant_id: both(), status: 'paid' } })).rows.map((r) => r.id)).toEqual([ids.invoiceB]);
    expect((await list('customer-invoices', { filter: { tenant_id: a.id } })).rows.map((r) => r.id)).toEqual([ids.invoiceA]);
    expect((await list('customer-invoices', { filter: { q: `R-${run}` } })).rows.map((r) => r.id)).toEqual([ids.invoiceA]);
    expect((await list('customer-invoices', { filter: { tenant_id: both() }, sort: ['due_date', 'DESC'] })).rows.map((r) => r.id)).toEqual([ids.invoiceB, ids.invoiceA]);

    const one = await json(await operator(`/customer-invoices/${ids.invoiceB}`), 200);
    expect(one).toMatchObject({ ...(await json(await v1(keyB, `/customer-invoices/${ids.invoiceB}`), 200)), company_name: nameB, contact_phone: '+16175550303' });
    expect(one.paid_at).toEqual(expect.any(String));
  });

  it("lists both companies' campaigns; one brings its steps and the funnel the company reads", async () => {
    const all = await list('campaigns', { filter: { tenant_id: both() } });
    expect(all.range).toBe('campaigns 0-1/2');
    expect(all.rows.map((r) => [r.name, r.company_name, r.status, r.step_count]).sort()).toEqual(
      [
        [`Panel upgrade ${run}`, nameB, 'draft', 1],
        [`Water heater check ${run}`, nameA, 'active', 2],
      ].sort(),
    );
    expect((await list('campaigns', { filter: { tenant_id: both(), status: 'active' } })).rows.map((r) => r.id)).toEqual([ids.campaignA]);
    expect((await list('campaigns', { filter: { q: `panel upgrade ${run}` } })).rows.map((r) => r.id)).toEqual([ids.campaignB]);

    // The first step goes a second after enrolment and Twilio reports it delivered: the operator's funnel follows.
    const campaign = await eventually(
      async () => {
        const read = await json(await operator(`/campaigns/${ids.campaignA}`), 200);
        return read.funnel[0]?.delivered === 1 && read;
      },
      30_000,
      'the first step delivered',
    );
    expect(campaign).toMatchObject({ tenant_id: a.id, company_name: nameA, status: 'active', enrollments: { active: 1 } });
    expect(campaign.steps.map((s: any) => [s.position, s.delay])).toEqual([
      [1, '1s'],
      [2, '2d'],
    ]);
    expect(campaign.funnel).toEqual([
      { step_id: campaign.steps[0].id, position: 1, sent: 1, delivered: 1, replied: 0, opted_out: 0, goal_reached: 0, not_sent: 0 },
      { step_id: campaign.steps[1].id, position: 2, sent: 0, delivered: 0, replied: 0, opted_out: 0, goal_reached: 0, not_sent: 0 },
    ]);
    // Counted as the company's own progress route counts it.
    const progress = await json(await v1(keyA, `/campaigns/${ids.campaignA}/progress`), 200);
    expect(campaign.funnel).toEqual(progress.steps);
    const { funnel: _funnel, company_name: _name, tenant_timezone: _zone, tenant_id: _tenant, ...asTheCompanyReadsIt } = campaign;
    expect(asTheCompanyReadsIt).toEqual(await json(await v1(keyA, `/campaigns/${ids.campaignA}`), 200));

    const draft = await json(await operator(`/campaigns/${ids.campaignB}`), 200);
    expect(draft).toMatchObject({ company_name: nameB, status: 'draft', steps: [expect.objectContaining({ body: 'Is your panel ready for an EV charger?' })] });
    expect(draft.funnel).toEqual([expect.objectContaining({ position: 1, sent: 0, delivered: 0 })]);
  });

  it('answers a record that is not there with 404, and bad filters field by field (422)', async () => {
    for (const resource of ['jobs', 'customer-invoices', 'campaigns']) {
      const missing = await operator(`/${resource}/00000000-0000-4000-8000-000000000000`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await operator(`/${resource}/not-an-id`)).status).toBe(404);
    }
    const bad = await operator(`/jobs?${new URLSearchParams({ filter: JSON.stringify({ status: 'lost', tenant_id: 'acme' }), sort: JSON.stringify(['company_name', 'ASC']) })}`);
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await bad.json()) as { errors: Record<string, string> };
    expect(Object.keys(problem.errors).sort()).toEqual(['query.filter.status', 'query.filter.tenant_id', 'query.sort.0']);
    expect(problem.errors['query.filter.status']).toMatch(/expected one of scheduled, en_route/);
    expect((await operator(`/campaigns?filter=${encodeURIComponent('{not json')}`)).status).toBe(422);
  });

  it('lets a support operator read them all, and changes nothing: the views are read-only', async () => {
    expect((await list('jobs', { filter: { tenant_id: both() } }, supportToken)).range).toBe('jobs 0-2/3');
    expect((await list('customer-invoices', { filter: { tenant_id: both() } }, supportToken)).range).toBe('customer-invoices 0-1/2');
    expect((await list('campaigns', { filter: { tenant_id: both() } }, supportToken)).range).toBe('campaigns 0-1/2');
    for (const path of [`/jobs/${ids.jobA1}`, `/customer-invoices/${ids.invoiceA}`, `/campaigns/${ids.campaignA}`]) {
      expect((await operator(path, supportToken)).status).toBe(200);
    }
    // No admin route changes them: a change goes through the company (or a support session, on the tenant API).
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const res = await api(`/api/admin/jobs/${ids.jobA1}`, { method, token: OPERATOR_TOKEN, ...(method === 'DELETE' ? {} : { body: { status: 'completed' } }) });
      expect(res.status).toBe(404);
    }
    expect((await json(await v1(keyA, `/jobs/${ids.jobA1}`), 200)).status).toBe('scheduled');
  });

  it("turns a company's own session away (403) and its API key as no operator (401), as it does nobody", async () => {
    for (const path of ['/jobs', `/jobs/${ids.jobB1}`, '/customer-invoices', `/customer-invoices/${ids.invoiceB}`, '/campaigns', `/campaigns/${ids.campaignB}`]) {
      const asOwner = await operator(path, b.token);
      expect([path, asOwner.status]).toEqual([path, 403]);
      expect(asOwner.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect([path, (await operator(path, keyB)).status]).toEqual([path, 401]);
      expect([path, (await api(`/api/admin${path}`)).status]).toEqual([path, 401]);
    }
  });
});
