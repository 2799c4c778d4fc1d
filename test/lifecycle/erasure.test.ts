import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import twilio from 'twilio';
import { numberTag } from '../../activities/telephony';
import { createKnex } from '../../db/connection';
import { ERASURE_STEPS } from '../../domain/erasure';
import { RETENTION_SCHEDULE_ID, retentionRun } from '../../workflows/retention-run';
import { erasureWorkflowId } from '../../workflows/tenant-erasure';
import { liveTenant, placeCall, type CallPlatform, type LiveTenant } from '../calls/support';
import { inviteUser } from '../support/accounts';
import { claimAreaCode } from '../support/area-codes';
import { keepHistory } from '../support/histories';
import { OPERATOR_ID, OPERATOR_LOGIN, OPERATOR_TOKEN, eventually, signup, startTestPlatform } from '../support/platform';

/** Every way a North American number is written: E.164 and the national forms people type. */
function phoneForms(e164: string): string[] {
  const [, area, exchange, line] = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164)!;
  return [e164, `${area}${exchange}${line}`, `(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`, `${area} ${exchange} ${line}`];
}

/**
 * Every text, varchar, json and jsonb column (and text array) of every table of the public
 * schema, read from the catalogue, searched as the owner for each needle. Answers
 * `table.column: needle` for each find.
 */
async function scanDatabase(owner: Knex, needles: string[]): Promise<string[]> {
  const { rows: columns } = await owner.raw(`
    select c.table_name, c.column_name
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
       and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb') or c.udt_name in ('_text', '_varchar'))
     order by 1, 2`);
  const patterns = needles.map((n) => `%${n.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  const found: string[] = [];
  for (const { table_name, column_name } of columns as Array<{ table_name: string; column_name: string }>) {
    const { rows } = await owner.raw(`select n.i from unnest(?::text[]) with ordinality as n(pattern, i) where exists (select 1 from ?? where ??::text ilike n.pattern)`, [
      patterns,
      table_name,
      column_name,
    ]);
    for (const { i } of rows as Array<{ i: number }>) found.push(`${table_name}.${column_name}: ${needles[Number(i) - 1]}`);
  }
  return found;
}

/** The tenant-owned tables' rows of one tenant, table by table. */
async function rowCounts(owner: Knex, tenantId: string): Promise<Record<string, number>> {
  const { rows: tables } = await owner.raw(`
    select c.relname as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind = 'r' order by 1`);
  const counts: Record<string, number> = {};
  for (const { name } of tables as Array<{ name: string }>) {
    counts[name] = Number((await owner(name).where('tenant_id', tenantId).count<Array<{ count: string }>>('* as count'))[0]!.count);
  }
  return counts;
}

/**
 * Erasure on the real platform: a tenant with everything a company leaves behind (a number,
 * users, keys, sessions, real calls and a mass of call logs, appointments, emails, texts, a
 * support session, a flag override, health scores, an export), cancelled and then erased on
 * a super_admin's request; afterwards no column of any table holds any of its names, e-mail
 * addresses or numbers, its numbers are free again at Twilio, the audit log keeps a
 * tombstone, and another company is untouched. The daily retention run erases a tenant
 * that left long enough ago and leaves a recent one.
 */
describe('erasure', () => {
  /** Each company's numbers, its people's too, are in a code no other file uses: the scan of the shared database finds only theirs. */
  const erasedAreaCode = claimAreaCode();
  const otherAreaCode = claimAreaCode();
  let p: CallPlatform;
  const suffix = Date.now().toString(36);
  const exportDir = mkdtempSync(path.join(tmpdir(), 'kestrel-erasure-'));

  beforeAll(async () => {
    p = await startTestPlatform({ calls: true, env: { CALL_TURN_BUDGET: '5s', EXPORT_DIR: exportDir } });
  });
  afterAll(async () => {
    await p?.close();
    rmSync(exportDir, { recursive: true, force: true });
  });

  const request = (pathname: string, init: { method?: string; body?: unknown; token?: string } = {}) =>
    fetch(`${p.apiUrl}${pathname}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { Authorization: `Bearer ${init.token ?? OPERATOR_TOKEN}`, ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const json = async (res: Response, status = 200): Promise<any> => {
    const body = await res.json();
    if (res.status !== status) throw new Error(`${res.url}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const signIn = async (body: Record<string, string>) => (await json(await fetch(`${p.apiUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }))).access_token as string;
  const list = (resource: string, filter: Record<string, unknown>) => request(`/api/admin/${resource}?${new URLSearchParams({ filter: JSON.stringify(filter) })}`).then((r) => json(r)) as Promise<any[]>;
  const slugOf = async (tenantId: string) => (await p.owner('tenants').where({ id: tenantId }).first()).slug as string;

  const text = async (tenant: LiveTenant, from: string, body: string) => {
    const { authToken } = (await (await fetch(`${p.sandbox.url}/sandbox/twilio/account`)).json()) as { authToken: string };
    const params = { MessageSid: `SM${randomBytes(16).toString('hex')}`, From: from, To: tenant.phoneNumber, Body: body };
    const url = `${p.apiUrl}/webhooks/twilio/sms`;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(authToken, url, params) },
      body: new URLSearchParams(params),
    });
    expect(res.status).toBe(200);
  };
  const finishedLog = (callSid: string) =>
    eventually(async () => (await p.owner('call_logs').where({ call_sid: callSid }).first())?.summary, 30_000, `the call log of ${callSid}`);

  /** A company with a bit of everything; what identifies its people is returned as needles to look for. */
  async function populatedTenant(who: { company: string; owner: string; user: string; caller: string; customer: string; area: string; prefix: string }) {
    const ownerEmail = `${who.prefix}.owner.${suffix}@${who.prefix}-example.com`;
    const userEmail = `${who.prefix}.user.${suffix}@${who.prefix}-example.com`;
    const staffEmail = `${who.prefix}.staff.${suffix}@${who.prefix}-example.com`;
    const phones = {
      owner: `+1${who.area}5550142`,
      forward: `+1${who.area}5550199`,
      emergency: `+1${who.area}5550111`,
      changedEmergency: `+1${who.area}5550112`,
      caller: `+1${who.area}5550123`,
      secondCaller: `+1${who.area}5550124`,
      customer: `+1${who.area}5550177`,
    };
    const tenant = await liveTenant(p, who.area, {
      company_name: `${who.company} ${suffix}`,
      owner_name: who.owner,
      owner_email: ownerEmail,
      owner_phone: phoneForms(phones.owner)[2],
      forward_to_number: phoneForms(phones.forward)[3],
      emergency_phone: phones.emergency,
    });
    const id = tenant.id;

    // Settings changed by an operator: the audit log holds before and after.
    await json(await request(`/api/admin/tenants/${id}`, { method: 'PUT', body: { ai_settings: { greeting: `${who.company}, ${who.owner} speaking. How can we help?` }, emergency_phone: phones.changedEmergency } }));
    // People: an invited user, and one who accepts the invitation, signs in and uses the tenant API.
    await json(await request(`/api/admin/tenants/${id}/users`, { body: { email: userEmail, name: who.user, role: 'member' } }), 201);
    await inviteUser(p, id, { email: staffEmail, name: `${who.user} Senior`, role: 'admin' }, { password: 'staff member password' });
    const staffToken = await signIn({ email: staffEmail, password: 'staff member password' });
    await json(await request('/api/v1/usage', { token: staffToken }));
    const key = await json(await request(`/api/admin/tenants/${id}/api-keys`, { body: { name: `${who.owner}'s booking tool`, scopes: ['appointments:write', 'appointments:read'] } }), 201);
    await json(
      await request('/api/v1/appointments', { token: key.key, body: { customer_name: who.customer, callback_number: phones.customer, starts_at: '2031-03-04T15:00:00Z', notes: `Gate code from ${who.customer}` } }),
      201,
    );

    // Real calls: one books a visit, one asks a question.
    const booked = await placeCall(p, tenant.phoneNumber, ['Hi, my furnace is broken and I need a technician to come out', 'Tuesday at 10am', `My name is ${who.caller}, at 12 Oak Street, Boston`, "No thanks, that's all. Bye"], {
      from: phones.caller,
    });
    const asked = await placeCall(p, tenant.phoneNumber, [`This is ${who.caller} again, do you service boilers?`, 'Bye'], { from: phones.secondCaller });
    await Promise.all([finishedLog(booked.sid), finishedLog(asked.sid)]);
    // Texts: a message, and an opt-out.
    await text(tenant, phones.caller, `Hi, ${who.caller} here about Tuesday`);
    await text(tenant, phones.caller, 'STOP');

    // A support session (from a session of its own: it attaches to the operator's session) and a flag override.
    const supportToken = await signIn(OPERATOR_LOGIN);
    await json(await request(`/api/admin/tenants/${id}/support-sessions`, { token: supportToken, body: { reason: `${who.owner} cannot see the calls of ${who.caller}` } }), 201);
    await json(await request(`/api/admin/tenants/${id}/feature-flags/premium_model`, { method: 'PUT', body: { enabled: true } }));
    await json(await request(`/api/admin/tenants/${id}/health-score`, { body: {} }));

    // What the platform keeps when things go wrong, and an export with its file.
    await p.owner('dead_letters').insert({ tenant_id: id, workflow_id: `call-CA${suffix}`, step: 'summariseCall', input: { from: phones.caller, transcript: [{ role: 'caller', text: `I am ${who.caller}` }] }, error: 'timeout' });
    await p.owner('call_outbox').insert({ tenant_id: id, call_sid: `CA${randomBytes(16).toString('hex')}`, webhook: { From: phones.secondCaller, To: tenant.phoneNumber }, task_queue: 'nowhere' });
    const [finished] = await p.owner('data_exports').insert({ tenant_id: id, status: 'completed' }).returning('id');
    const file = path.join(exportDir, `${finished.id}.zip`);
    writeFileSync(file, `calls of ${who.caller} for ${who.company}`);
    await p.owner('data_exports').where({ id: finished.id }).update({ file_path: file });
    const [running] = await p.owner('data_exports').insert({ tenant_id: id, status: 'running' }).returning('id');
    const partial = path.join(exportDir, `${running.id}.zip.partial`);
    writeFileSync(partial, `${who.owner} ${ownerEmail}`);

    const company = (await p.owner('tenants').where({ id }).first()).company_name as string;
    return {
      ...tenant,
      slug: await slugOf(id),
      company,
      ownerEmail,
      files: [file, partial],
      needles: [
        company,
        await slugOf(id),
        who.owner,
        who.user,
        who.caller,
        who.customer,
        ownerEmail,
        userEmail,
        staffEmail,
        ...[tenant.phoneNumber, ...Object.values(phones)].flatMap(phoneForms),
      ],
    };
  }

  it('erases every trace of a cancelled tenant on a super_admin\'s request, and nothing of another company', async () => {
    const gone = await populatedTenant({ company: 'Zephyr Plumbing', owner: 'Quentin Marchetti', user: 'Ursula Fennimore', caller: 'Cornelius Vandermeer', customer: 'Beatrix Holloway', area: erasedAreaCode, prefix: 'zephyr' });
    const kept = await populatedTenant({ company: 'Juniper Heating', owner: 'Olive Kestrelton', user: 'Harriet Lindqvist', caller: 'Ambrose Pemberton', customer: 'Wilhelmina Cho', area: otherAreaCode, prefix: 'juniper' });

    // A mass of older calls with transcripts, so each table goes in several batches.
    await p.owner.raw(
      `insert into call_logs (tenant_id, call_sid, from_number, to_number, started_at, status, transcript, summary, details)
       select ?, 'CA' || md5(?::text || g), ?, ?, now() - make_interval(mins => g), 'completed',
              jsonb_build_array(jsonb_build_object('role', 'caller', 'text', 'It is ' || ?::text || ' about the leak')), ?::text || ' called about a leak', jsonb_build_object('customer_name', ?::text)
         from generate_series(1, 2500) g`,
      [gone.id, gone.id, `+1${erasedAreaCode}5550125`, gone.phoneNumber, 'Cornelius Vandermeer', 'Cornelius Vandermeer', 'Cornelius Vandermeer'],
    );
    // A number bought for the tenant whose purchase never reached its record: still the tenant's, by its tag.
    const stray = await p.twilio.incomingPhoneNumbers.create({ areaCode: erasedAreaCode, friendlyName: numberTag(gone.id) });

    // Before: the searches find the company, and the scan finds each of them (so it can see what it looks for).
    expect((await list('tenants', { q: 'Zephyr Plumbing' })).map((t) => t.id)).toEqual([gone.id]);
    expect((await list('calls', { q: 'Cornelius Vandermeer' })).length).toBeGreaterThan(0);
    expect((await list('appointments', { q: 'Beatrix' })).map((a) => a.tenant_id)).toEqual([gone.id]);
    expect((await list('emails', { q: gone.ownerEmail })).length).toBeGreaterThan(0);
    expect(await p.owner('rate_limits').where('key', `tenant:${gone.id}`)).toHaveLength(1);
    const before = await scanDatabase(p.owner, gone.needles);
    expect(before.length).toBeGreaterThan(40);
    const keptBefore = await rowCounts(p.owner, kept.id);
    const keptTenantBefore = await p.owner('tenants').where({ id: kept.id }).first();

    // Refused: a tenant still active, a support operator, a confirmation that is not the slug, an empty reason.
    await json(await request(`/api/admin/tenants/${kept.id}/actions/erase`, { body: { confirm: kept.slug, reason: 'asked by the company' } }), 409);
    await json(await request(`/api/admin/tenants/${gone.id}/actions/cancel`, { body: { reason: 'moving to another provider' } }));
    await json(await request('/api/admin/operators', { body: { email: `support.${suffix}@kestrel.test`, name: 'Support Person', role: 'support', password: 'support person password' } }), 201);
    const support = await signIn({ email: `support.${suffix}@kestrel.test`, password: 'support person password' });
    expect((await json(await request(`/api/admin/tenants/${gone.id}/actions/erase`, { token: support, body: { confirm: gone.slug, reason: 'asked' } }), 403)).detail).toMatch(/super_admin/);
    const wrong = await json(await request(`/api/admin/tenants/${gone.id}/actions/erase`, { body: { confirm: 'zephyr-plumbing', reason: 'asked' } }), 422);
    expect(Object.keys(wrong.errors)).toEqual(['confirm']);
    expect(Object.keys((await json(await request(`/api/admin/tenants/${gone.id}/actions/erase`, { body: { confirm: gone.slug, reason: '  ' } }), 422)).errors)).toEqual(['reason']);

    const accepted = await json(await request(`/api/admin/tenants/${gone.id}/actions/erase`, { body: { confirm: gone.slug, reason: 'verified request from the company, ticket 4711' } }), 202);
    expect(accepted).toEqual({ workflow_id: erasureWorkflowId(gone.id), tenant_id: gone.id, status: 'erasing' });
    const handle = p.temporal.workflow.getHandle(accepted.workflow_id);
    const result = await handle.result();
    expect(result.stage).toBe('done');

    // Nothing of the tenant's people, callers or numbers is left in any column of any table.
    expect(await scanDatabase(p.owner, gone.needles)).toEqual([]);
    // The scan does see what is there: the other company is found in full.
    expect((await scanDatabase(p.owner, kept.needles)).length).toBeGreaterThan(40);

    // Its numbers are free again at Twilio: the one it used and the stray one.
    expect(await p.twilio.incomingPhoneNumbers.list({ phoneNumber: gone.phoneNumber })).toEqual([]);
    await expect(p.twilio.incomingPhoneNumbers(stray.sid).fetch()).rejects.toMatchObject({ status: 404 });
    expect(await p.twilio.incomingPhoneNumbers.list({ friendlyName: numberTag(gone.id) })).toEqual([]);
    expect(await p.twilio.incomingPhoneNumbers.list({ phoneNumber: kept.phoneNumber })).toHaveLength(1);
    // Its export files are gone, the other company's are there.
    for (const file of gone.files) expect(existsSync(file)).toBe(false);
    for (const file of kept.files) expect(existsSync(file)).toBe(true);

    // The tombstone: the record stays, deleted and erased, under a name that says only that.
    const tombstone = await json(await request(`/api/admin/tenants/${gone.id}`));
    expect(tombstone).toMatchObject({ id: gone.id, status: 'deleted', company_name: `Erased tenant ${gone.id.slice(0, 8)}`, phone_number: null, erased_at: expect.any(String) });
    expect(tombstone.deleted_at).not.toBeNull();
    const [erased] = await p.owner('audit_log').where({ tenant_id: gone.id, action: 'tenant.erased' });
    expect(erased).toMatchObject({ actor_type: 'operator', actor_id: OPERATOR_ID, target_id: gone.id, reason: 'verified request from the company, ticket 4711' });
    expect(erased.details.counts).toMatchObject({
      call_logs: 2502,
      appointments: 2,
      // The owner's account made at sign-up, the invited user and the staff member.
      tenant_users: 3,
      api_keys: 1,
      support_sessions: 1,
      sms_opt_outs: 1,
      tenant_feature_flags: 1,
      health_scores: 1,
      dead_letters: 1,
      call_outbox: 1,
      data_exports: 2,
      export_files: 2,
      numbers_released: 1,
    });
    // The two texts it got, and what it sent its customers (its appointments' confirmations).
    expect(erased.details.counts.messages).toBeGreaterThanOrEqual(2);
    expect(erased.details.counts.contacts).toBeGreaterThan(0);
    expect(erased.details.counts.notifications).toBeGreaterThan(0);
    expect(erased.details.counts.audit_log).toBeGreaterThan(0);
    // The audit log keeps who did what and when, without the values.
    const history = await p.owner('audit_log').where({ tenant_id: gone.id }).orderBy('id');
    expect(history.map((e: any) => e.action)).toEqual(expect.arrayContaining(['tenant.created', 'tenant.settings_updated', 'tenant.cancelled', 'tenant.deleted', 'tenant.erasure_requested', 'tenant.erased']));
    expect(history.filter((e: any) => !['tenant.erasure_requested', 'tenant.erased'].includes(e.action)).every((e: any) => e.reason === null && e.details.erased === true)).toBe(true);
    // What it is left with: the tombstone, its audit log, its usage periods (the figures billed) and the ids of Stripe's events about it.
    const left = Object.entries(await rowCounts(p.owner, gone.id)).filter(([, n]) => n > 0);
    expect(left.map(([table]) => table).sort()).toEqual(['audit_log', 'stripe_events', 'usage_periods']);

    // Rate-limit counters and sessions of its people are gone; the operator's session let go of the support session.
    expect(await p.owner('rate_limits').where('key', 'like', `%${gone.id}%`)).toEqual([]);
    expect(await p.owner('auth_sessions').where({ tenant_id: gone.id })).toEqual([]);

    // Search finds it no more, by any of its old names.
    for (const q of [gone.company, 'Zephyr', gone.ownerEmail, gone.slug]) expect(await list('tenants', { q })).toEqual([]);
    expect(await list('calls', { q: 'Cornelius Vandermeer' })).toEqual([]);
    expect(await list('calls', { tenant_id: gone.id })).toEqual([]);
    expect(await list('appointments', { q: 'Beatrix' })).toEqual([]);
    expect(await list('appointments', { q: `+1${erasedAreaCode}5550177` })).toEqual([]);
    expect(await list('emails', { q: gone.ownerEmail })).toEqual([]);

    // The other company is untouched.
    expect(await rowCounts(p.owner, kept.id)).toEqual(keptBefore);
    expect(await p.owner('tenants').where({ id: kept.id }).first()).toEqual(keptTenantBefore);
    expect((await list('tenants', { q: 'Juniper Heating' })).map((t) => t.id)).toEqual([kept.id]);

    // Once erased, twice refused.
    await json(await request(`/api/admin/tenants/${gone.id}/actions/erase`, { body: { confirm: tombstone.slug, reason: 'again' } }), 409);

    // The workflow's history carries ids, never what it erased.
    const recorded = keepHistory('tenantErasureWorkflow-0', await handle.fetchHistory());
    expect(gone.needles.filter((needle) => recorded.toLowerCase().includes(needle.toLowerCase()))).toEqual([]);
  }, 240_000);

  it('has a step for every tenant-owned table of the schema (a new table needs one, or a reason to be kept)', async () => {
    const { rows } = await p.owner.raw(`
      select c.relname as name from pg_class c
        join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
       where n.nspname = 'public' and c.relkind = 'r' order by 1`);
    // Kept: usage periods, invoices and payment attempts are the financial record (amounts, periods, Stripe ids; no
    // personal data), and Stripe's events are kept as ids and types only.
    const handled = new Set<string>([...ERASURE_STEPS, 'data_exports', 'usage_periods', 'invoices', 'payment_attempts', 'stripe_events']);
    expect((rows as Array<{ name: string }>).map((r) => r.name).filter((table) => !handled.has(table))).toEqual([]);
  });

  it('keeps the audit log append-only: the scrubbing function is reachable in an operator transaction only, and only for a deleted tenant', async () => {
    const tenant = await json(await fetch(`${p.apiUrl}/api/onboarding`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(signup()) }), 201);
    const app = createKnex(process.env.DATABASE_APP_URL!, 1);
    try {
      await expect(app.raw('select public.erase_tenant_audit_details(?::uuid, 10)', [tenant.tenant.id])).rejects.toThrow(/permission denied/);
      await expect(
        app.transaction(async (trx) => {
          await trx.raw(`set local role kestrel_operator`);
          await trx.raw('select public.erase_tenant_audit_details(?::uuid, 10)', [tenant.tenant.id]);
        }),
      ).rejects.toThrow(/is not deleted/);
    } finally {
      await app.destroy();
    }
    const [created] = await p.owner('audit_log').where({ tenant_id: tenant.tenant.id, action: 'tenant.created' });
    expect(created.details).toMatchObject({ slug: tenant.tenant.slug });
  });

  it('the daily retention run erases a tenant that left longer ago than the retention period, and leaves a recent one', async () => {
    const onboard = async () => (await json(await fetch(`${p.apiUrl}/api/onboarding`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(signup()) }), 201)).tenant as { id: string; slug: string };
    const [old, recent] = [await onboard(), await onboard()];
    for (const t of [old, recent]) await json(await request(`/api/admin/tenants/${t.id}/actions/cancel`, { body: { reason: 'closing the business' } }));
    // The old one left two days ago.
    await p.owner('tenants').where({ id: old.id }).update({ cancelled_at: new Date(Date.now() - 2 * 86_400_000) });

    const handle = await p.temporal.workflow.start(retentionRun, { workflowId: `${RETENTION_SCHEDULE_ID}-${suffix}`, taskQueue: p.config.TEMPORAL_TASK_QUEUE, args: [{ period: '1d' }] });
    expect(await handle.result()).toEqual({ started: 1, running: 0 });
    const erasure = await p.temporal.workflow.getHandle(erasureWorkflowId(old.id)).result();
    expect(erasure.stage).toBe('done');

    const [oldRow, recentRow] = [await p.owner('tenants').where({ id: old.id }).first(), await p.owner('tenants').where({ id: recent.id }).first()];
    expect(oldRow).toMatchObject({ status: 'deleted', company_name: `Erased tenant ${old.id.slice(0, 8)}`, owner_name: 'Erased' });
    expect(oldRow.erased_at).not.toBeNull();
    const [entry] = await p.owner('audit_log').where({ tenant_id: old.id, action: 'tenant.erased' });
    expect(entry).toMatchObject({ actor_type: 'system', actor_id: 'system', reason: 'the retention period (1d) after the tenant left ended' });
    // Deleted the normal way first: its lifecycle ended with the delete.
    expect(await p.owner('audit_log').where({ tenant_id: old.id, action: 'tenant.deleted' })).toHaveLength(1);

    expect(recentRow).toMatchObject({ status: 'cancelled', slug: recent.slug, erased_at: null });
    expect(recentRow.company_name).toMatch(/^Acme Heating /);

    // A second run finds nothing left to do.
    expect(await p.temporal.workflow.execute(retentionRun, { workflowId: `${RETENTION_SCHEDULE_ID}-${suffix}-again`, taskQueue: p.config.TEMPORAL_TASK_QUEUE, args: [{ period: '1d' }] })).toEqual({ started: 0, running: 0 });
    keepHistory('retentionRun-0', await handle.fetchHistory());
  }, 120_000);
});
