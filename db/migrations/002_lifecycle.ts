import type { Knex } from 'knex';

/**
 * What the tenant lifecycle needs beyond the core: the plan billed this cycle (a plan
 * change takes its new price from the next cycle), and idempotent audit entries (the
 * activity that writes a transition may run more than once).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenants', (t) => {
    t.text('billing_plan_tier');
  });
  await knex.raw(`update tenants set billing_plan_tier = plan_tier where billing_plan_tier is null`);
  await knex.schema.alterTable('audit_log', (t) => {
    t.text('idempotency_key').unique();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_log', (t) => t.dropColumn('idempotency_key'));
  await knex.schema.alterTable('tenants', (t) => t.dropColumn('billing_plan_tier'));
}
