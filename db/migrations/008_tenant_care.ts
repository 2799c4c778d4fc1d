import type { Knex } from 'knex';
import { isolateByTenant } from './001_core';

/**
 * Tenant care: feature flags, health scores, and locations of one company.
 *
 * - `feature_flags` holds the global definitions: platform data, not a tenant's, so no
 *   row-level security (every role reads it; operators change it, audited).
 * - `tenant_feature_flags` holds per-tenant overrides, one row per tenant and flag. A table
 *   rather than the `tenants.feature_flags` JSON column (dropped here, never used): the
 *   override references its definition (no override of a flag that does not exist, and
 *   a removed flag takes its overrides with it), "which tenants override X" is an index
 *   scan, each override says who set it and when, and setting one never rewrites the
 *   tenant's row under a concurrent settings change.
 * - `health_scores`: one row per tenant per day (a rerun the same day replaces it), kept
 *   for the trend. `drop_key` names the fall below the alert line the score belongs to,
 *   so customer success hears of each fall once.
 * - A company with several locations has one tenant per location, `parent_tenant_id`
 *   naming the first; the locations keep the company's owner, so an owner's e-mail is
 *   unique among companies (tenants without a parent) rather than among all tenants.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('feature_flags', (t) => {
    t.text('name').primary();
    t.text('description').notNullable().defaultTo('');
    t.boolean('default_enabled').notNullable().defaultTo(false);
    t.decimal('rollout_percentage', 5, 2).notNullable().defaultTo(0);
    t.timestamps(true, true);
    t.check('rollout_percentage between 0 and 100', [], 'feature_flags_rollout_check');
    t.check(`name ~ '^[a-z][a-z0-9_]{1,62}$'`, [], 'feature_flags_name_check');
  });

  await knex.schema.createTable('tenant_feature_flags', (t) => {
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.text('flag_name').notNullable().references('name').inTable('feature_flags').onDelete('CASCADE');
    t.boolean('enabled').notNullable();
    t.text('set_by');
    t.timestamps(true, true);
    t.primary(['tenant_id', 'flag_name']);
    t.index(['flag_name']);
  });
  await isolateByTenant(knex, 'tenant_feature_flags', 'tenant_id');

  await knex.schema.createTable('health_scores', (t) => {
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.date('day').notNullable(); // UTC
    t.timestamp('computed_at', { useTz: true }).notNullable();
    t.smallint('score').notNullable();
    t.jsonb('breakdown').notNullable(); // each rule's deduction: {usage, engagement, support, payment}
    t.jsonb('inputs').notNullable().defaultTo('{}'); // the figures the rules read
    t.text('drop_key'); // set while below the alert line: the run that saw the fall
    t.smallint('drop_from'); // the score before that fall (null: the first score was below)
    t.primary(['tenant_id', 'day']);
    t.check('score between 0 and 100', [], 'health_scores_score_check');
  });
  await isolateByTenant(knex, 'health_scores', 'tenant_id');

  // Usage over the last 30 days is read per tenant by date.
  await knex.raw('create index usage_events_tenant_created_idx on usage_events (tenant_id, created_at)');

  await knex.schema.alterTable('tenants', (t) => {
    t.dropColumn('feature_flags');
    t.index(['parent_tenant_id']);
  });
  await knex.raw('drop index tenants_owner_email_key');
  await knex.raw('create unique index tenants_owner_email_key on tenants (lower(owner_email)) where deleted_at is null and parent_tenant_id is null');

  await knex('feature_flags').insert({
    name: 'premium_model',
    description: "Conversation turns use the more capable model (OPENAI_PREMIUM_MODEL) unless the tenant chose a model in its AI settings.",
    default_enabled: false,
    rollout_percentage: 0,
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index tenants_owner_email_key');
  await knex.raw('create unique index tenants_owner_email_key on tenants (lower(owner_email)) where deleted_at is null');
  await knex.schema.alterTable('tenants', (t) => {
    t.dropIndex(['parent_tenant_id']);
    t.jsonb('feature_flags').notNullable().defaultTo('{}');
  });
  await knex.raw('drop index usage_events_tenant_created_idx');
  await knex.schema.dropTable('health_scores');
  await knex.schema.dropTable('tenant_feature_flags');
  await knex.schema.dropTable('feature_flags');
}
