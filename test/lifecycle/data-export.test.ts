import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import yauzl from 'yauzl';
import { EXPORT_SOURCES } from '../../activities/data-export/catalogue';
import { API_SCOPES } from '../../domain/api-scopes';
import { campaignEnrollmentWorkflowId } from '../../domain/campaigns';
import { EXPORT_SCHEMA_VERSION, EXPORT_TABLES, exportWorkflowId, type ExportTable } from '../../domain/data-export';
import { apiKeyHmacSecret } from '../../lib/api-key-secret';
import { exportLinkSignature } from '../../lib/export-links';
import { exportProgressQuery } from '../../workflows/data-export';
import { inviteUser, signUpOwner } from '../support/accounts';
import { keepHistory } from '../support/histories';
import { startApi, type RunningApi } from '../support/api';
import { OPERATOR_ID, OPERATOR_TOKEN, eventually, startTestPlatform, type Platform } from '../support/platform';

interface ExportRecord {
  id: string;
  tenant_id: string;
  status: string;
  progress_percent: number;
  rows_written: number;
  rows_total: number | null;
  current_table: string | null;
  requested_by: string;
  created_at: string;
  completed_at: string | null;
  expires_at: string | null;
  size_bytes: number | null;
  sha256: string | null;
  error: string | null;
  download_url: string | null;
}

interface Manifest {
  schema_version: number;
  tenant: { id: string; slug: string; company_name: string };
  generated_at: string;
  files: Array<{ name: string; rows: number; bytes: number; sha256: string }>;
}

/** Each entry of a zip, by name, with its bytes. */
async function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  const file = await yauzl.fromBufferPromise(zip, { lazyEntries: true });
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    file.on('error', reject);
    file.on('end', resolve);
    file.on('entry', (entry: yauzl.Entry) => {
      file.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          entries.set(entry.fileName, Buffer.concat(chunks));
          file.readEntry();
        });
      });
    });
    file.readEntry();
  });
  return entries;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The rows of each exported table in the database, read as the owner (past row-level security). */
async function databaseCounts(owner: Knex, tenantId: string): Promise<Record<string, number>> {
  const count = async (table: string, column = 'tenant_id') => Number((await owner(table).where(column, tenantId).count<Array<{ n: string }>>({ n: '*' }))[0]!.n);
  return {
    tenant: await count('tenants', 'id'),
    users: await count('tenant_users'),
    api_keys: await count('api_keys'),
    calls: await count('call_logs'),
    appointments: await count('appointments'),
    usage_periods: await count('usage_periods'),
    usage_events: await count('usage_events'),
    notifications: await count('notifications'),
    audit_log: await count('audit_log'),
    messages: await count('messages'),
    sms_opt_outs: await count('sms_opt_outs'),
    contacts: await count('contacts'),
    message_templates: await count('message_templates'),
    jobs: await count('jobs'),
    customer_invoices: await count('customer_invoices'),
    campaigns: await count('campaigns'),
    campaign_steps: await count('campaign_steps'),
    campaign_enrollments: await count('campaign_enrollments'),
  };
}

/** What a company keeps about its customers and tells them, made through the tenant API: the ids of each, by file. */
interface CustomerMessaging {
  contact: { id: string; phone: string };
  /** The company's wording of its job updates. */
  template: string;
  job: string;
  invoice: string;
  campaign: string;
  step: string;
  enrollment: string;
}

/**
 * Data export (GDPR article 20) on the real platform: a company with users, keys, a mass
 * of calls with awkward transcripts, appointments, usage, emails, texts, its audit log, and
 * the contacts, wording, jobs, invoices and campaign it made through the tenant API asks
 * for its data (the operator, then the company itself); the export runs as a workflow
 * whose progress the API shows, and the zip comes through its signed link. Its manifest
 * matches its files, every line parses, the counts are the database's, no secret is in it,
 * the link refuses any tampering, another company cannot see the export, and a short link
 * lifetime ends with the export expired and its file gone.
 */
describe('data export', () => {
  let p: Platform;
  let owner: Knex;
  const exportDir = mkdtempSync(path.join(tmpdir(), 'kestrel-export-'));
  /** Parts of 400 rows: the calls are written in several parts, with many calls at the same instant across their edges. */
  const CHUNK_ROWS = 400;
  const CALLS = 1_000;

  const company = { id: '', ownerToken: '', memberToken: '', key: '', keyId: '', keyHash: '', passwordHashes: [] as string[], inviteHash: '' };
  const other = { id: '', ownerToken: '', key: '' };
  let companyMessaging: CustomerMessaging;
  let otherMessaging: CustomerMessaging;
  /** Far enough ahead that no reminder of the invoice falls due while the suite runs. */
  const dueDate = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  let exported: ExportRecord;
  /** The database's rows per table when the first export finished (a download adds an audit entry after it). */
  let counts: Record<string, number>;
  let zip: Buffer;

  const request = (pathname: string, init: { method?: string; body?: unknown; token?: string | null; base?: string } = {}) =>
    fetch(`${init.base ?? p.api.url}${pathname}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(init.token === null ? {} : { Authorization: `Bearer ${init.token ?? OPERATOR_TOKEN}` }),
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const json = async (res: Response, status = 200): Promise<any> => {
    const body = await res.json();
    if (res.status !== status) throw new Error(`${res.url}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const signIn = async (email: string, password: string) =>
    (await json(await fetch(`${p.api.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) })))
      .access_token as string;
  const adminExport = (id: string, base?: string) => request(`/api/admin/exports/${id}`, { base }).then((r) => json(r) as Promise<ExportRecord>);
  const finished = (id: string, seen: ExportRecord[] = [], base?: string) =>
    eventually(
      async () => {
        const record = await adminExport(id, base);
        seen.push(record);
        if (record.status === 'failed') throw new Error(`the export failed: ${record.error}`);
        return record.status === 'completed' ? record : null;
      },
      60_000,
      `export ${id} to complete`,
    );

  /** A company with people, keys and a bit of everything; its calls are bulk-inserted, as a busy company's would be. */
  async function populate(tenantId: string, calls: number): Promise<void> {
    await owner.raw(
      `insert into call_logs (tenant_id, call_sid, from_number, to_number, status, started_at, ended_at, duration_seconds, transcript, summary, outcome, details)
       select ?, 'CA' || md5(?::text || g), '+1617555' || lpad((g % 10000)::text, 4, '0'), '+16175550100', 'completed',
              timestamp '2025-03-01 09:00:00+00' - ((g % 7) || ' minutes')::interval,
              timestamp '2025-03-01 09:05:00+00', 300,
              jsonb_build_array(
                jsonb_build_object('role', 'assistant', 'text', 'Thanks for calling, how can I help.', 'at', '2025-03-01T09:00:01Z'),
                jsonb_build_object('role', 'caller', 'text', E'My "furnace" #' || g || E' is broken\\nsince Monday \\u2028 🔥 \\\\ ok', 'at', '2025-03-01T09:00:05Z')),
              'Furnace repair request ' || g, 'booked', jsonb_build_object('customer_name', 'Customer ' || g)
         from generate_series(1, ?) g`,
      [tenantId, tenantId, calls],
    );
    await owner('appointments').insert(
      Array.from({ length: 30 }, (_, i) => ({ tenant_id: tenantId, customer_name: `Customer ${i}`, callback_number: '+16175550123', starts_at: new Date(Date.UTC(2025, 3, 1 + i, 14)) })),
    );
    const [period] = await owner('usage_periods')
      .insert({ tenant_id: tenantId, period_start: new Date('2025-03-01T00:00:00Z'), period_end: new Date('2025-04-01T00:00:00Z'), plan_tier: 'starter', calls_included: 500, calls_used: 40 })
      .returning('id');
    await owner('usage_events').insert(Array.from({ length: 40 }, (_, i) => ({ tenant_id: tenantId, usage_period_id: period.id, call_sid: `CA${randomBytes(16).toString('hex')}`, duration_seconds: 60 + i })));
    await owner('notifications').insert(
      Array.from({ length: 5 }, (_, i) => ({ tenant_id: tenantId, channel: 'email', template: 'usage_warning', recipient: 'owner@example.com', subject: `Usage ${i}`, idempotency_key: `${tenantId}.usage.${i}`, status: 'sent' })),
    );
    // Staff mail about the company is Kestrel's, not the company's: it has no tenant_id and is not exported.
    await owner('notifications').insert({ channel: 'email', template: 'tenant_signup', recipient: 'operators@kestrel.local', idempotency_key: `${tenantId}.staff`, status: 'sent' });
    await owner('messages').insert([
      { tenant_id: tenantId, twilio_sid: `SM${randomBytes(16).toString('hex')}`, direction: 'inbound', kind: 'reply', status: 'received', from_number: '+16175550123', to_number: '+16175550100', body: 'Is Tuesday ok?' },
      { tenant_id: tenantId, twilio_sid: `SM${randomBytes(16).toString('hex')}`, direction: 'inbound', kind: 'reply', status: 'received', from_number: '+16175550124', to_number: '+16175550100', body: 'STOP', keyword: 'stop' },
    ]);
    await owner('sms_opt_outs').insert({ tenant_id: tenantId, phone_number: '+16175550124' });
  }

  /**
   * What a company does with its customers, as it would through the tenant API: imports a
   * customer from a spreadsheet, rewrites its job-update text, records a job and an invoice
   * for the customer, and enrols them in a campaign of one step. Nothing falls due during the
   * suite (the step waits a week, the invoice is due in two months, a scheduled job texts no
   * one), so the rows stay as made.
   */
  async function messageCustomers(key: string, name: string): Promise<CustomerMessaging> {
    const phone = '+16175550188';
    const report = await json(
      await fetch(`${p.api.url}/api/v1/contacts/import`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'text/csv' },
        body: `phone,name,email\n${phone},${name},customer@example.com\n`,
      }),
    );
    expect(report).toEqual({ created: 1, updated: 0, refused: [] });
    const [contact] = (await json(await request(`/api/v1/contacts?${new URLSearchParams({ q: phone })}`, { token: key }))).data;
    const wording = `{company_name}: {job_status} Questions, ${name}? Reply here.`;
    const template = await json(await request('/api/v1/message-templates/job_update', { method: 'PUT', body: { body: wording }, token: key }));
    expect(template).toMatchObject({ body: wording, is_default: false });
    const job = await json(
      await request('/api/v1/jobs', { body: { contact_id: contact.id, external_ref: 'WO-1001', technician_name: 'Sam', items: [{ name: 'blower motor', state: 'needed' }] }, token: key }),
      201,
    );
    const invoice = await json(
      await request('/api/v1/customer-invoices', { body: { contact_id: contact.id, number: 'INV-1001', amount_cents: 12_500, due_date: dueDate, pay_link: 'https://pay.example.com/inv-1001' }, token: key }),
      201,
    );
    const campaign = await json(
      await request('/api/v1/campaigns', { body: { name: 'Spring tune-up', status: 'active', steps: [{ body: 'Time for a tune-up, {contact_name}?', delay: '1w' }] }, token: key }),
      201,
    );
    const enrolled = await json(await request(`/api/v1/campaigns/${campaign.id}/enrol`, { body: { contact_ids: [contact.id] }, token: key }));
    expect(enrolled.refused).toEqual([]);
    return {
      contact: { id: contact.id, phone },
      template: wording,
      job: job.id,
      invoice: invoice.id,
      campaign: campaign.id,
      step: campaign.steps[0].id,
      enrollment: enrolled.enrolled[0].enrollment_id,
    };
  }

  beforeAll(async () => {
    p = await startTestPlatform({ lifecycleInSeconds: true, env: { EXPORT_DIR: exportDir, EXPORT_CHUNK_ROWS: String(CHUNK_ROWS) } });
    owner = p.owner;

    // Both companies sign up (201, or 202 when the workflow takes a moment to create the row);
    // each owner sets a password from the welcome e-mail, and the company's owner invites a member.
    const suffix = Date.now().toString(36);
    const [a, b] = await Promise.all([
      signUpOwner(p, { owner_email: `owner.a.${suffix}@example.com` }, { password: `owner password ${suffix}` }),
      signUpOwner(p, { owner_email: `owner.b.${suffix}@example.com` }, { password: `owner password ${suffix}` }),
    ]);
    company.id = a.tenantId;
    other.id = b.tenantId;
    company.ownerToken = await signIn(a.email, `owner password ${suffix}`);
    other.ownerToken = await signIn(b.email, `owner password ${suffix}`);
    const member = await inviteUser(p, company.id, { email: `member.a.${suffix}@example.com`, role: 'member' }, { password: `member password ${suffix}`, by: company.ownerToken });
    company.memberToken = await signIn(member.email, `member password ${suffix}`);
    // An invitation still open: its token's hash is a secret of the company's too.
    await json(await request(`/api/admin/tenants/${company.id}/users`, { body: { email: `invited.a.${suffix}@example.com`, role: 'admin' } }), 201);
    const created = await json(await request(`/api/admin/tenants/${company.id}/api-keys`, { body: { name: 'integration', scopes: API_SCOPES } }), 201);
    company.key = created.key;
    company.keyId = created.id;
    other.key = (await json(await request(`/api/admin/tenants/${other.id}/api-keys`, { body: { name: 'integration', scopes: API_SCOPES } }), 201)).key;

    await populate(company.id, CALLS);
    await populate(other.id, 50);
    companyMessaging = await messageCustomers(company.key, 'Ada');
    otherMessaging = await messageCustomers(other.key, 'Ben');
    company.keyHash = (await owner('api_keys').where({ id: created.id }).first()).key_hash;
    const users = await owner('tenant_users').where({ tenant_id: company.id });
    company.passwordHashes = users.flatMap((u) => (u.password_hash ? [u.password_hash as string] : []));
    company.inviteHash = users.find((u) => u.invite_token_hash)?.invite_token_hash;
    expect(company.passwordHashes.length).toBe(2);
    expect(company.inviteHash).toBeTruthy();
  }, 120_000);

  afterAll(async () => {
    await p?.close();
    rmSync(exportDir, { recursive: true, force: true });
  });

  it('starts one export per company at a time, whoever asks, and audits the request', async () => {
    // No worker for a while: the export stays pending, so the requests below meet it unfinished.
    await p.worker.stop();
    const started = await json(await request(`/api/admin/tenants/${company.id}/actions/export`, { body: {} }), 202);
    expect(started).toMatchObject({ tenant_id: company.id, status: 'pending', progress_percent: 0, rows_written: 0, requested_by: `operator:${OPERATOR_ID}`, download_url: null });
    // While it runs, asking again (the operator, the company's owner) answers the same export.
    const again = await json(await request(`/api/admin/tenants/${company.id}/actions/export`, { body: {} }));
    const asOwner = await json(await request('/api/v1/exports', { body: {}, token: company.ownerToken }));
    expect([again.id, asOwner.id]).toEqual([started.id, started.id]);
    // A member follows exports but does not ask for one.
    const refused = await request('/api/v1/exports', { body: {}, token: company.memberToken });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await json(await request(`/api/v1/exports/${started.id}`, { token: company.memberToken }))).id).toBe(started.id);

    const requests = await owner('audit_log').where({ tenant_id: company.id, action: 'data_export.requested' });
    expect(requests.map((r) => [r.actor_type, r.actor_id, r.target_id])).toEqual([['operator', OPERATOR_ID, started.id]]);
    expect((await adminExport(started.id)).status).toBe('pending');

    await p.startWorker();
    const seen: ExportRecord[] = [];
    exported = await finished(started.id, seen);
    const written = seen.map((r) => r.rows_written);
    expect(written).toEqual([...written].sort((x, y) => x - y));
    expect(seen.every((r) => ['pending', 'running', 'completed'].includes(r.status) && r.progress_percent >= 0 && r.progress_percent <= 100)).toBe(true);
  }, 90_000);

  it('reports its progress through the workflow and the record, ending complete with a signed link', async () => {
    counts = await databaseCounts(owner, company.id);
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    expect(exported).toMatchObject({ status: 'completed', progress_percent: 100, rows_written: total, rows_total: total, current_table: null, error: null });
    expect(exported.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Date.parse(exported.expires_at!) - Date.parse(exported.completed_at!)).toBe(7 * 24 * 3600_000);
    expect(exported.download_url).toMatch(new RegExp(`^/downloads/exports/${exported.id}\\?expires=(\\d+)&signature=[0-9a-f]{64}$`));
    expect(Number(/expires=(\d+)/.exec(exported.download_url!)![1]) * 1000).toBeLessThanOrEqual(Date.parse(exported.expires_at!));

    const progress = await p.temporal.workflow.getHandle(exportWorkflowId(exported.id)).query(exportProgressQuery);
    expect(progress).toEqual({ status: 'completed', progress_percent: 100, rows_written: total, rows_total: total, current_table: null });
    // The company sees the same record in its own list.
    const listed = await json(await request('/api/v1/exports', { token: company.ownerToken }));
    expect(listed.data.map((r: ExportRecord) => r.id)).toEqual([exported.id]);
    expect(listed.data[0]).toEqual(exported);
    // And operators in theirs.
    const res = await request(`/api/admin/exports?${new URLSearchParams({ filter: JSON.stringify({ tenant_id: company.id, status: 'completed' }) })}`);
    expect(res.headers.get('content-range')).toBe('exports 0-0/1');
    expect(((await res.json()) as ExportRecord[]).map((r) => r.id)).toEqual([exported.id]);
  });

  it('downloads through the signed link alone, and the download is audited', async () => {
    const res = await fetch(`${p.api.url}${exported.download_url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="kestrel-export-[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.zip"$/);
    zip = Buffer.from(await res.arrayBuffer());
    expect(zip.length).toBe(exported.size_bytes);
    expect(sha256(zip)).toBe(exported.sha256);
    const downloads = await owner('audit_log').where({ tenant_id: company.id, action: 'data_export.downloaded', target_id: exported.id });
    expect(downloads).toHaveLength(1);
    // On the shared volume, the file is the process's own user's alone.
    expect(statSync(path.join(exportDir, `${exported.id}.zip`)).mode & 0o777).toBe(0o600);
  });

  it("holds a manifest whose hashes match its files, lines that all parse, and the database's counts, all of this company", async () => {
    const entries = await unzip(zip);
    expect([...entries.keys()].sort()).toEqual([...EXPORT_TABLES.map((t) => `${t}.ndjson`), 'manifest.json'].sort());
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as Manifest;
    const tenant = await owner('tenants').where({ id: company.id }).first();
    expect(manifest).toMatchObject({ schema_version: EXPORT_SCHEMA_VERSION, tenant: { id: company.id, slug: tenant.slug, company_name: tenant.company_name } });
    expect(Number.isNaN(Date.parse(manifest.generated_at))).toBe(false);
    expect(manifest.files.map((f) => f.name)).toEqual(EXPORT_TABLES.map((t) => `${t}.ndjson`));

    for (const file of manifest.files) {
      const data = entries.get(file.name)!;
      expect({ name: file.name, sha256: sha256(data), bytes: data.length }).toEqual({ name: file.name, sha256: file.sha256, bytes: file.bytes });
      const lines = data.toString('utf8').split('\n');
      expect(lines.pop()).toBe(''); // every line ends with a newline, the last too
      const rows = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const table = file.name.replace(/\.ndjson$/, '');
      expect({ table, rows: rows.length, manifest: file.rows }).toEqual({ table, rows: counts[table], manifest: counts[table] });
      for (const row of rows) expect(table === 'tenant' ? row.id : row.tenant_id).toBe(company.id);
      // Each row once: keyset paging over parts neither skips nor repeats a row, ties on the same instant included.
      const ids = rows.map((r) => JSON.stringify(r.id ?? r.phone_number));
      expect(new Set(ids).size).toBe(ids.length);
    }

    const calls = entries.get('calls.ndjson')!.toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const one = calls.find((c) => c.summary === 'Furnace repair request 7');
    expect(one.transcript[1].text).toBe('My "furnace" #7 is broken\nsince Monday \u2028 🔥 \\ ok');
    const audit = entries.get('audit_log.ndjson')!.toString('utf8');
    expect(audit).toContain('"action":"data_export.requested"');
    expect(audit).toContain('"action":"api_key.created"');
  });

  it("holds the company's contacts, wording, jobs, invoices to its customers and campaign: exactly the rows it made, in the listed columns, none of another company's", async () => {
    const entries = await unzip(zip);
    const rowsOf = (table: ExportTable) =>
      entries
        .get(`${table}.ndjson`)!
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const mine = companyMessaging;
    const expected: Partial<Record<ExportTable, Array<Record<string, unknown>>>> = {
      contacts: [{ id: mine.contact.id, phone: mine.contact.phone, name: 'Ada', email: 'customer@example.com', source: 'import', sms_consent: true, sms_opted_out_at: null }],
      message_templates: [{ kind: 'job_update', body: mine.template, updated_by: `api_key:${company.keyId}` }],
      jobs: [
        {
          id: mine.job,
          contact_id: mine.contact.id,
          external_ref: 'WO-1001',
          status: 'scheduled',
          technician_name: 'Sam',
          items: [{ name: 'blower motor', state: 'needed' }],
          status_history: [expect.objectContaining({ status: 'scheduled' })],
        },
      ],
      customer_invoices: [
        { id: mine.invoice, contact_id: mine.contact.id, number: 'INV-1001', amount_cents: 12_500, currency: 'USD', due_date: dueDate, due_at: null, pay_link: 'https://pay.example.com/inv-1001', status: 'pending' },
      ],
      campaigns: [{ id: mine.campaign, name: 'Spring tune-up', status: 'active', trigger: 'manual', goal: 'none', exit_on_reply: true }],
      campaign_steps: [{ id: mine.step, campaign_id: mine.campaign, position: 1, body: 'Time for a tune-up, {contact_name}?', delay: '1w', condition: 'none' }],
      campaign_enrollments: [{ id: mine.enrollment, campaign_id: mine.campaign, contact_id: mine.contact.id, status: 'active', exit_reason: null, source: 'manual' }],
    };
    for (const [table, rows] of Object.entries(expected) as Array<[ExportTable, Array<Record<string, unknown>>]>) {
      const exported = rowsOf(table);
      expect({ table, rows: exported }).toEqual({ table, rows: rows.map((row) => expect.objectContaining({ ...row, tenant_id: company.id })) });
      // Each row holds its table's listed columns and nothing else.
      for (const row of exported) expect({ table, columns: Object.keys(row) }).toEqual({ table, columns: EXPORT_SOURCES[table].columns });
    }

    // The campaign's texts are told by the message log: each text's enrolment and step are columns of it.
    for (const row of rowsOf('messages')) expect(Object.keys(row)).toEqual(expect.arrayContaining(['campaign_enrollment_id', 'campaign_step_id', 'updated_at']));
    // Plumbing stays out: the enrolment's workflow id and its once-per-cause guard, the texts' Twilio ids and keys.
    const everything = [...entries.values()].map((data) => data.toString('utf8')).join('\n');
    expect(everything).not.toContain(campaignEnrollmentWorkflowId(mine.enrollment));
    for (const column of ['workflow_id', 'enrol_key']) expect(rowsOf('campaign_enrollments')[0]).not.toHaveProperty(column);
    for (const column of ['twilio_sid', 'idempotency_key', 'attempted_at']) expect(rowsOf('messages')[0]).not.toHaveProperty(column);

    // The other company made the same things; none of them is in this company's export.
    const theirs = [otherMessaging.contact.id, otherMessaging.template, otherMessaging.job, otherMessaging.invoice, otherMessaging.campaign, otherMessaging.step, otherMessaging.enrollment];
    for (const value of theirs) expect({ value, found: everything.includes(value) }).toEqual({ value, found: false });
  });

  it('holds no password hash, key, key hash, invitation token hash or server secret', async () => {
    const entries = await unzip(zip);
    const everything = Buffer.concat([zip, ...entries.values()]).toString('latin1');
    const secrets = { ...Object.fromEntries(company.passwordHashes.map((h, i) => [`password hash ${i}`, h])), key: company.key, keyHash: company.keyHash, invite: company.inviteHash, server: apiKeyHmacSecret(p.config) };
    for (const [what, secret] of Object.entries(secrets)) expect({ what, found: everything.includes(secret) }).toEqual({ what, found: false });
    for (const file of ['users.ndjson', 'api_keys.ndjson']) {
      const keys = new Set(entries.get(file)!.toString('utf8').split('\n').filter(Boolean).flatMap((l) => Object.keys(JSON.parse(l))));
      for (const column of ['password_hash', 'invite_token_hash', 'key_hash', 'hash_version', 'failed_logins', 'locked_until']) expect(keys.has(column)).toBe(false);
    }
  });

  it('refuses a tampered, altered, expired or missing signature with 403', async () => {
    const url = new URL(exported.download_url!, p.api.url);
    const expires = Number(url.searchParams.get('expires'));
    const signature = url.searchParams.get('signature')!;
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    const secret = apiKeyHmacSecret(p.config);
    const past = Math.floor(Date.now() / 1000) - 60;
    const links = {
      tampered: `/downloads/exports/${exported.id}?expires=${expires}&signature=${flipped}`,
      'later expiry': `/downloads/exports/${exported.id}?expires=${expires + 3600}&signature=${signature}`,
      'another export': `/downloads/exports/${other.id}?expires=${expires}&signature=${signature}`,
      expired: `/downloads/exports/${exported.id}?expires=${past}&signature=${exportLinkSignature(secret, exported.id, past)}`,
      'no signature': `/downloads/exports/${exported.id}?expires=${expires}`,
      'no expiry': `/downloads/exports/${exported.id}?signature=${signature}`,
    };
    for (const [what, link] of Object.entries(links)) {
      const res = await fetch(`${p.api.url}${link}`);
      expect({ what, status: res.status, type: res.headers.get('content-type') }).toEqual({ what, status: 403, type: expect.stringMatching(/^application\/problem\+json/) });
    }
  });

  it("keeps the export from another company: its people and keys get 404, its list is its own", async () => {
    for (const token of [other.ownerToken, other.key]) {
      expect((await request(`/api/v1/exports/${exported.id}`, { token })).status).toBe(404);
      expect((await json(await request('/api/v1/exports', { token }))).data).toEqual([]);
    }
    // Another company's owner is no operator.
    expect((await request(`/api/admin/exports/${exported.id}`, { token: other.ownerToken })).status).toBe(403);
  });

  it('lets the company ask with an API key once the first is done, as that key', async () => {
    const started = await json(await request('/api/v1/exports', { body: {}, token: company.key }), 202);
    expect(started.id).not.toBe(exported.id);
    const key = await owner('api_keys').where({ tenant_id: company.id }).first('id');
    expect(started.requested_by).toBe(`api_key:${key.id}`);
    const done = await finished(started.id);
    expect(done.rows_written).toBeGreaterThan(CALLS);
  }, 90_000);

  describe('with a short link lifetime', () => {
    let shortLived: RunningApi;
    beforeAll(async () => {
      shortLived = await startApi({ env: { ...p.env, EXPORT_LINK_TTL: '3s' } });
    });
    afterAll(async () => shortLived?.close());

    it('expires the export: its file is deleted and its link answers 410', async () => {
      const started = await json(await request(`/api/admin/tenants/${other.id}/actions/export`, { body: {}, base: shortLived.url }), 202);
      const done = await finished(started.id, [], shortLived.url);
      expect(Date.parse(done.expires_at!) - Date.parse(done.completed_at!)).toBe(3000);
      expect(existsSync(path.join(exportDir, `${done.id}.zip`))).toBe(true);
      const expired = await eventually(
        async () => {
          const record = await adminExport(done.id);
          return record.status === 'expired' ? record : null;
        },
        30_000,
        'the export to expire',
      );
      expect(expired.download_url).toBeNull();
      expect(readdirSync(exportDir).filter((name) => name.startsWith(done.id))).toEqual([]);
      const res = await fetch(`${p.api.url}${done.download_url}`);
      expect(res.status).toBe(410);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // A whole export's life, from request to expiry, for the determinism test's fixtures.
      const history = await p.temporal.workflow.getHandle(exportWorkflowId(done.id)).fetchHistory();
      keepHistory('dataExportWorkflow-0', history);
    }, 90_000);
  });

  it('leaves no staging files behind: only the zips of unexpired exports', async () => {
    // This file's companies only: other suites share the database and write elsewhere.
    const live = await owner('data_exports').where({ status: 'completed' }).whereIn('tenant_id', [company.id, other.id]).pluck('id');
    expect(readdirSync(exportDir).sort()).toEqual(live.map((id: string) => `${id}.zip`).sort());
  });

  it('fails an export that cannot be written, saying why, and lets the next one start', async () => {
    // A file where the export directory should be: no retry mends that.
    const moved = `${exportDir}.moved`;
    renameSync(exportDir, moved);
    writeFileSync(exportDir, 'not a directory');
    let failed: ExportRecord;
    try {
      const started = await json(await request('/api/v1/exports', { body: {}, token: company.ownerToken }), 202);
      failed = await eventually(
        async () => {
          const record = await adminExport(started.id);
          return record.status === 'failed' ? record : null;
        },
        30_000,
        'the export to fail',
      );
    } finally {
      rmSync(exportDir, { force: true });
      renameSync(moved, exportDir);
    }
    expect(failed).toMatchObject({ status: 'failed', download_url: null, current_table: null });
    expect(failed.error).toMatch(/^Counting the rows failed: The export directory cannot be written \(E[A-Z]+: /);
    expect(failed.error).not.toMatch(/secret|password|postgres:\/\//i);
    // A failed export stands in nobody's way.
    const next = await json(await request('/api/v1/exports', { body: {}, token: company.ownerToken }), 202);
    expect(next.id).not.toBe(failed.id);
    await finished(next.id);
  }, 90_000);
});
