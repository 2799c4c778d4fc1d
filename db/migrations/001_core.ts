import type { Knex } from 'knex';

/**
 * The core schema. Every tenant-owned table carries `tenant_id` and is put under
 * forced row-level security by `isolateByTenant`, so a query that forgets its
 * `WHERE tenant_id = …` still sees only the tenant of its transaction.
 */

const TENANT_STATUSES = ['pending', 'provisioning', 'trial', 'active', 'past_due', 'suspended', 'cancelled', 'deleted'];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    -- The tenant of the current transaction, set with set_config('app.tenant_id', …, true).
    -- nullif: a pooled connection keeps the placeholder as '' once a transaction has used it.
    create or replace function app_current_tenant() returns uuid
      language sql stable parallel safe
      as $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;

  `);
  // Operator paths that must see every tenant switch to this role for one transaction
  // (SET LOCAL ROLE). It cannot log in and does not bypass RLS: it has its own policy.
  await knex.raw(`
    do $$ begin
      if not exists (select 1 from pg_roles where rolname = '${OPERATOR_ROLE}') then
        create role ${OPERATOR_ROLE} nologin nosuperuser nobypassrls;
      end if;
    end $$;
  `);

  await knex.schema.createTable('tenants', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('slug').notNullable().unique();
    t.text('company_name').notNullable();
    t.text('industry').notNullable();
    t.text('timezone').notNullable().defaultTo('America/New_York');
    t.text('owner_name').notNullable();
    t.text('owner_email').notNullable();
    t.text('owner_phone');
    t.text('status').notNullable().defaultTo('pending').checkIn(TENANT_STATUSES, 'tenants_status_check');
    t.text('plan_tier').notNullable().checkIn(['starter', 'professional', 'premium', 'enterprise'], 'tenants_plan_check');
    t.integer('custom_call_limit'); // enterprise plans are negotiated
    t.integer('custom_price_cents');
    t.timestamp('trial_ends_at', { useTz: true });
    t.timestamp('activated_at', { useTz: true });
    t.timestamp('billing_confirmed_at', { useTz: true });
    t.timestamp('current_period_start', { useTz: true });
    t.timestamp('current_period_end', { useTz: true });
    t.text('phone_number').unique(); // E.164, the number callers dial
    t.text('phone_number_sid');
    t.text('forward_to_number');
    t.text('emergency_phone');
    t.jsonb('ai_settings').notNullable().defaultTo('{}');
    t.jsonb('business_hours').notNullable().defaultTo('{}');
    t.jsonb('feature_flags').notNullable().defaultTo('{}');
    t.boolean('is_test_mode').notNullable().defaultTo(false);
    t.uuid('parent_tenant_id').references('id').inTable('tenants');
    t.text('status_reason');
    t.text('workflow_id');
    t.timestamp('cancelled_at', { useTz: true });
    t.timestamp('deleted_at', { useTz: true });
    t.timestamps(true, true);
  });
  await knex.raw(`create unique index tenants_owner_email_key on tenants (lower(owner_email)) where deleted_at is null`);
  await knex.raw(`create index tenants_status_idx on tenants (status)`);

  await knex.schema.createTable('tenant_users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    tenantColumn(t);
    t.text('email').notNullable();
    t.text('name');
    t.text('role').notNullable().checkIn(['owner', 'admin', 'member'], 'tenant_users_role_check');
    t.text('password_hash');
    t.timestamp('invited_at', { useTz: true });
    t.timestamp('accepted_at', { useTz: true });
    t.timestamp('disabled_at', { useTz: true });
    t.timestamps(true, true);
  });
  await knex.raw(`create unique index tenant_users_email_key on tenant_users (tenant_id, lower(email))`);

  await knex.schema.createTable('api_keys', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    tenantColumn(t);
    t.text('name').notNullable();
    t.text('mode').notNullable().checkIn(['live', 'test'], 'api_keys_mode_check');
    t.text('display_prefix').notNullable();
    t.text('key_hash').notNullable().unique();
    t.smallint('hash_version').notNullable().defaultTo(1);
    t.specificType('scopes', 'text[]').notNullable().defaultTo('{}');
    t.text('created_by');
    t.timestamp('expires_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('last_used_at', { useTz: true });
    t.timestamps(true, true);
  });

  await knex.schema.createTable('appointments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    tenantColumn(t);
    t.text('call_sid'); // the call that booked it, when one did
    t.text('customer_name').notNullable();
    t.text('callback_number');
    t.text('service_type');
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.integer('duration_minutes').notNullable().defaultTo(60);
    t.text('notes');
    t.text('status')
      .notNullable()
      .defaultTo('scheduled')
      .checkIn(['scheduled', 'confirmed', 'completed', 'cancelled'], 'appointments_status_check');
    t.timestamps(true, true);
    t.index(['tenant_id', 'starts_at']);
  });

  await knex.schema.createTable('call_logs', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    tenantColumn(t);
    t.text('call_sid').notNullable().unique();
    t.text('from_number');
    t.text('to_number');
    t.text('direction').notNullable().defaultTo('inbound');
    t.text('status').notNullable().defaultTo('in-progress');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true });
    t.integer('duration_seconds');
    t.jsonb('transcript').notNullable().defaultTo('[]'); // [{role, text, at}]
    t.text('summary');
    t.text('outcome');
    t.jsonb('details').notNullable().defaultTo('{}'); // structured summary beyond the headline fields
    t.uuid('appointment_id').references('id').inTable('appointments');
    t.text('transferred_to');
    t.boolean('over_limit').notNullable().defaultTo(false);
    t.boolean('is_test').notNullable().defaultTo(false);
    t.timestamps(true, true);
    t.index(['tenant_id', 'started_at']);
  });

  await knex.schema.createTable('usage_periods', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    tenantColumn(t);
    t.timestamp('period_start', { useTz: true }).notNullable();
    t.timestamp('period_end', { useTz: true }).notNullable();
    t.text('plan_tier').notNullable();
    t.integer('calls_included'); // null: no limit (enterprise without one)
    t.integer('calls_used').notNullable().defaultTo(0);
    t.timestamp('warning_sent_at', { useTz: true });
    t.timestamp('over_limit_sent_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.timestamps(true, true);
    t.unique(['tenant_id', 'period_start']);
  });

  await knex.schema.createTable('usage_events', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    tenantColumn(t);
    t.uuid('usage_period_id').notNullable().references('id').inTable('usage_periods');
    t.text('call_sid').notNullable().unique(); // a call is metered once, however often the step runs
    t.integer('units').notNullable().defaultTo(1);
    t.integer('duration_seconds');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('notifications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    tenantColumn(t, { nullable: true }); // platform mail (to operators) may concern no tenant
    t.text('channel').notNullable().checkIn(['email', 'sms'], 'notifications_channel_check');
    t.text('template').notNullable();
    t.text('recipient').notNullable();
    t.text('subject');
    t.text('idempotency_key').notNullable().unique();
    t.text('status').notNullable().defaultTo('pending');
    t.text('provider_id');
    t.text('error');
    t.jsonb('payload').notNullable().defaultTo('{}');
    t.timestamp('sent_at', { useTz: true });
    t.timestamps(true, true);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    tenantColumn(t, { nullable: true });
    t.text('actor_type').notNullable(); // operator | tenant_user | api_key | system
    t.text('actor_id');
    t.text('action').notNullable();
    t.text('target_type');
    t.text('target_id');
    t.text('reason');
    t.uuid('support_session_id');
    t.text('request_id');
    t.jsonb('details').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'created_at']);
  });

  await knex.schema.createTable('support_sessions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    tenantColumn(t);
    t.text('operator_id').notNullable();
    t.text('reason').notNullable();
    t.text('ticket_ref');
    t.boolean('can_write').notNullable().defaultTo(false);
    t.text('granted_by');
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true });
  });

  await knex.schema.createTable('dead_letters', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    tenantColumn(t, { nullable: true });
    t.text('workflow_id').notNullable();
    t.text('run_id');
    t.text('step').notNullable();
    t.jsonb('input').notNullable().defaultTo('{}'); // everything needed to replay the step
    t.text('error').notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('replayed_at', { useTz: true });
    t.timestamp('resolved_at', { useTz: true });
    t.timestamps(true, true);
  });

  await knex.schema.createTable('call_outbox', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    tenantColumn(t);
    t.text('call_sid').notNullable().unique();
    t.jsonb('webhook').notNullable(); // the voice webhook's parameters, to start the workflow later
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('replayed_at', { useTz: true });
  });

  await knex.schema.createTable('data_exports', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    tenantColumn(t);
    t.text('status')
      .notNullable()
      .defaultTo('pending')
      .checkIn(['pending', 'running', 'completed', 'failed', 'expired'], 'data_exports_status_check');
    t.integer('progress_percent').notNullable().defaultTo(0);
    t.text('requested_by');
    t.text('file_path');
    t.text('sha256');
    t.bigInteger('size_bytes');
    t.text('error');
    t.timestamp('completed_at', { useTz: true });
    t.timestamp('expires_at', { useTz: true });
    t.timestamps(true, true);
  });

  await isolateByTenant(knex, 'tenants', 'id');
  for (const table of TENANT_OWNED) await isolateByTenant(knex, table, 'tenant_id');
}

const TENANT_OWNED = [
  'tenant_users',
  'api_keys',
  'appointments',
  'call_logs',
  'usage_periods',
  'usage_events',
  'notifications',
  'audit_log',
  'support_sessions',
  'dead_letters',
  'call_outbox',
  'data_exports',
];

function tenantColumn(t: Knex.CreateTableBuilder, { nullable = false } = {}): void {
  const column = t.uuid('tenant_id').references('id').inTable('tenants');
  if (!nullable) column.notNullable();
  t.index(['tenant_id']);
}

export const OPERATOR_ROLE = 'kestrel_operator';

/**
 * Forced RLS (it applies to the table's owner too; only superusers and BYPASSRLS roles
 * escape it). Two policies rather than one with an OR, so that a tenant's queries stay a
 * plain, indexable `tenant_id = …` comparison.
 */
export async function isolateByTenant(knex: Knex, table: string, column: string): Promise<void> {
  await knex.raw(`alter table ?? enable row level security`, [table]);
  await knex.raw(`alter table ?? force row level security`, [table]);
  await knex.raw(`create policy tenant_isolation on ?? using (?? = app_current_tenant()) with check (?? = app_current_tenant())`, [
    table,
    column,
    column,
  ]);
  await knex.raw(`create policy operator_access on ?? to ${OPERATOR_ROLE} using (true) with check (true)`, [table]);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [...TENANT_OWNED].reverse()) await knex.schema.dropTableIfExists(table);
  await knex.schema.dropTableIfExists('tenants');
  await knex.raw('drop function if exists app_current_tenant();');
}
