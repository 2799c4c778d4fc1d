import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { tenantActivities } from '../../activities/tenants';
import { connectDatabase, createKnex, database, disconnectDatabase } from '../../db/connection';
import { CallLog, Tenant } from '../../db/models';
import { withOperatorAccess, withTenant } from '../../db/tenant-context';
import { parseConfig } from '../../lib/config';
import { spawnEntry } from '../support/process';

/**
 * One row for each tenant-owned table, as the product would write it: the fixtures of each
 * tenant (but its user, made by the sign-up's step), and the rows another tenant's scope
 * must be refused.
 */
function rowsFor(tenantId: string, n: string): Record<string, Record<string, unknown>> {
  const call_sid = `CA${n}${tenantId.replace(/-/g, '')}`.slice(0, 34);
  return {
    tenant_users: { tenant_id: tenantId, email: `owner-${n}@example.com`, role: 'owner' },
    api_keys: { tenant_id: tenantId, name: 'ci', mode: 'live', display_prefix: `kst_live_${n}`, key_hash: `hash-${tenantId}` },
    appointments: { tenant_id: tenantId, customer_name: 'Pat', starts_at: new Date() },
    call_logs: { tenant_id: tenantId, call_sid, started_at: new Date() },
    usage_periods: { tenant_id: tenantId, period_start: new Date(), period_end: new Date(), plan_tier: 'starter', calls_included: 500 },
    notifications: { tenant_id: tenantId, channel: 'email', template: 'welcome', recipient: 'a@example.com', idempotency_key: `welcome-${tenantId}` },
    audit_log: { tenant_id: tenantId, actor_type: 'system', action: 'tenant.created' },
    support_sessions: { tenant_id: tenantId, operator_id: 'op-1', reason: 'ticket', expires_at: new Date(Date.now() + 60_000) },
    dead_letters: { tenant_id: tenantId, workflow_id: `call-${call_sid}`, step: 'summarise', error: 'timeout' },
    call_outbox: { tenant_id: tenantId, call_sid, webhook: { CallSid: call_sid } },
    data_exports: { tenant_id: tenantId },
    invoices: { tenant_id: tenantId, billing_key: `${tenantId}:period:${n}`, stripe_invoice_id: `in_${n}${tenantId.replace(/-/g, '')}`, kind: 'period', status: 'open', currency: 'usd' },
    stripe_events: { id: `evt_${n}${tenantId.replace(/-/g, '')}`, type: 'invoice.paid', tenant_id: tenantId },
    contacts: { tenant_id: tenantId, phone: '+16175550123', source: 'sms' },
    messages: { tenant_id: tenantId, twilio_sid: `SM${n}${tenantId.replace(/-/g, '')}`.slice(0, 34), direction: 'inbound', kind: 'reply', status: 'received', from_number: '+16175550123', to_number: '+16175550100', body: 'STOP' },
    message_templates: { tenant_id: tenantId, kind: 'missed_call', body: 'Sorry we missed you! {company_name}' },
    campaigns: { tenant_id: tenantId, name: 'Spring tune-up', status: 'active' },
    sms_opt_outs: { tenant_id: tenantId, phone_number: '+16175550123' },
    tenant_feature_flags: { tenant_id: tenantId, flag_name: 'premium_model', enabled: true },
    health_scores: { tenant_id: tenantId, day: '2025-01-15', computed_at: new Date(), score: 80, breakdown: { usage: -20, engagement: 0, support: 0, payment: 0 } },
    otp_codes: { tenant_id: tenantId, user_id: tenantId, purpose: 'verify_phone', destination: '+16175550142', code_hash: `code-${n}-${tenantId}`, expires_at: new Date(Date.now() + 60_000) },
    auth_sessions: {
      tenant_id: tenantId,
      subject_type: 'tenant_user',
      subject_id: tenantId,
      access_hash: `access-${n}-${tenantId}`,
      access_expires_at: new Date(Date.now() + 60_000),
      refresh_hash: `refresh-${n}-${tenantId}`,
      refresh_expires_at: new Date(Date.now() + 60_000),
    },
  };
}

/**
 * The rows of every other tenant-owned table. A tenant user is not written here: the
 * tenant's owner is, by the sign-up's own step (see `signedUpTenant`).
 */
async function insertFixtures(trx: Knex.Transaction, tenantId: string, n: string): Promise<void> {
  for (const [table, row] of Object.entries(rowsFor(tenantId, n))) if (table !== 'tenant_users') await trx(table).insert(row);
  const [period] = await trx('usage_periods').where({ tenant_id: tenantId }).select('id');
  await trx('usage_events').insert({ tenant_id: tenantId, usage_period_id: period.id, call_sid: `CA-usage-${tenantId}` });
  const [invoice] = await trx('invoices').where({ tenant_id: tenantId }).select('id');
  await trx('payment_attempts').insert({ tenant_id: tenantId, invoice_id: invoice.id, attempt_key: `charge-${tenantId}`, outcome: 'failed', amount_cents: 99_700, currency: 'usd' });
  const [contact] = await trx('contacts').where({ tenant_id: tenantId }).select('id');
  await trx('jobs').insert({ tenant_id: tenantId, contact_id: contact.id, status: 'scheduled', status_history: JSON.stringify([{ status: 'scheduled', at: new Date().toISOString() }]) });
  await trx('customer_invoices').insert({ tenant_id: tenantId, contact_id: contact.id, number: `INV-${n}`, amount_cents: 24_000, currency: 'USD', due_date: '2025-03-15' });
  const [campaign] = await trx('campaigns').where({ tenant_id: tenantId }).select('id');
  await trx('campaign_steps').insert({ tenant_id: tenantId, campaign_id: campaign.id, position: 1, body: 'Time for a tune-up? {company_name}', delay: '2d' });
  await trx('campaign_enrollments').insert({ tenant_id: tenantId, campaign_id: campaign.id, contact_id: contact.id, source: 'manual', workflow_id: `campaign-enrollment-${n}` });
}

/** Every table with a tenant_id column, read from the catalogue so new tables are covered too. */
async function tenantOwnedTables(knex: Knex): Promise<string[]> {
  const { rows } = await knex.raw(`
    select c.relname as name from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
     where n.nspname = 'public' and c.relkind = 'r' order by 1`);
  return rows.map((r: { name: string }) => r.name);
}

describe('tenant isolation by row-level security', () => {
  let owner: Knex;
  let tables: string[];
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    connectDatabase(process.env.DATABASE_APP_URL!);
    owner = createKnex(process.env.DATABASE_URL!, 2);
    tables = await tenantOwnedTables(owner);
    const ids: string[] = [];
    for (const n of ['a', 'b']) {
      const tenantId = await signedUpTenant(n);
      await withOperatorAccess({ type: 'system', id: 'test' }, (trx) => insertFixtures(trx, tenantId, n));
      ids.push(tenantId);
    }
    [tenantA, tenantB] = ids as [string, string];
  });

  /**
   * A tenant and its owner's account, made by the step of the sign-up workflow that makes
   * them (`createTenant`, in the tenant's own scope): no API or worker runs in this suite.
   */
  async function signedUpTenant(n: string): Promise<string> {
    const tenantId = randomUUID();
    await tenantActivities(parseConfig(process.env)).createTenant({
      tenantId,
      workflowId: `tenant-${tenantId}`,
      slug: `isolation-${n}-${Date.now()}`,
      company_name: `Company ${n}`,
      industry: 'hvac',
      timezone: 'America/New_York',
      owner_name: 'Owner',
      owner_email: `owner-${n}-${Date.now()}@example.com`,
      owner_phone: null,
      plan_tier: 'starter',
      forward_to_number: null,
      emergency_phone: null,
      business_hours: null,
    });
    return tenantId;
  }

  afterAll(async () => {
    await owner.destroy();
    await disconnectDatabase();
  });

  it('covers every tenant-owned table of the schema', () => {
    expect(tables).toEqual(expect.arrayContaining(Object.keys(rowsFor(tenantA, 'x'))));
    expect(tables).toContain('usage_events');
  });

  it("inside tenant A's context, a query without WHERE on each tenant-owned table returns only A's rows", async () => {
    await withTenant(tenantA, async (trx) => {
      for (const table of tables) {
        const rows = await trx(table).select('tenant_id');
        expect({ table, count: rows.length > 0 }).toEqual({ table, count: true });
        expect({ table, tenants: [...new Set(rows.map((r) => r.tenant_id))] }).toEqual({ table, tenants: [tenantA] });
      }
      const tenants = await trx('tenants').select('id');
      expect(tenants.map((t) => t.id)).toEqual([tenantA]);
    });
  });

  it('models pick up the scope of the transaction without being handed it', async () => {
    const seen = await withTenant(tenantB, async () => ({
      tenants: await Tenant.query(),
      calls: await CallLog.query(),
    }));
    expect(seen.tenants.map((t) => t.id)).toEqual([tenantB]);
    expect(seen.calls.map((c) => c.tenant_id)).toEqual([tenantB]);
  });

  it("inserting a row of tenant B inside A's context fails", async () => {
    for (const [table, row] of Object.entries(rowsFor(tenantB, 'z'))) {
      const attempt = withTenant(tenantA, (trx) => trx(table).insert(row));
      await expect(attempt).rejects.toMatchObject({ code: '42501' }); // new row violates row-level security policy
    }
  });

  it("updating rows of tenant B inside A's context changes nothing, and moving A's rows to B fails", async () => {
    const touched = await withTenant(tenantA, (trx) => trx('appointments').where({ tenant_id: tenantB }).update({ notes: 'hijacked' }));
    expect(touched).toBe(0);
    const moved = withTenant(tenantA, (trx) => trx('appointments').update({ tenant_id: tenantB }));
    await expect(moved).rejects.toMatchObject({ code: '42501' });
    const notes = await owner('appointments').where({ tenant_id: tenantB }).pluck('notes');
    expect(notes).not.toContain('hijacked');
  });

  it('outside any tenant context, tenant-owned tables return nothing', async () => {
    for (const table of [...tables, 'tenants']) {
      const rows = await database()(table).select();
      expect({ table, rows: rows.length }).toEqual({ table, rows: 0 });
    }
    expect(await Tenant.query()).toEqual([]);
    // The rows are there: the owner, whom tests use as a witness, sees both tenants.
    expect(await owner('call_logs').whereIn('tenant_id', [tenantA, tenantB]).count({ n: '*' })).toEqual([{ n: 2 }]);
  });

  it('a tenant scope ends with its transaction and never leaks to the next user of a pooled connection', async () => {
    await withTenant(tenantA, (trx) => trx('call_logs').select());
    const afterwards = await Promise.all(Array.from({ length: 10 }, () => database()('call_logs').select()));
    expect(afterwards.every((rows) => rows.length === 0)).toBe(true);
  });

  it('every table with a tenant_id column has forced row-level security and a policy', async () => {
    const { rows } = await owner.raw(`
      select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p')
         and (c.relname = 'tenants' or exists (
           select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped))`);
    const unprotected = rows.filter((r: { enabled: boolean; forced: boolean; policies: number }) => !r.enabled || !r.forced || r.policies === 0);
    expect(unprotected).toEqual([]);
    expect(rows.length).toBe(tables.length + 1);
  });

  it('the API and the worker refuse an application role given to them that row-level security does not apply to', async () => {
    // The owner's connection, given as the application's: the role owns the tables (and here is a superuser).
    for (const entry of ['api/main.ts', 'worker/main.ts']) {
      const child = spawnEntry(entry, { ...process.env, DATABASE_APP_URL: process.env.DATABASE_URL, API_PORT: '0', LOG_LEVEL: 'info' });
      expect(await child.exited).toEqual({ code: 78, signal: null });
      expect(child.output()).toContain('DATABASE_APP_URL: the application database role must be neither superuser');
    }
  }, 60_000);

  it('the application connects as a role that is neither superuser, BYPASSRLS nor the tables\' owner', async () => {
    const { rows } = await database().raw(`
      select rolsuper, rolbypassrls,
             exists (select 1 from pg_tables where schemaname = 'public' and tableowner = current_user) as owns
        from pg_roles where rolname = current_user`);
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, owns: false });
  });
});
