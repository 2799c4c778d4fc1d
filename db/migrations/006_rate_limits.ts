import type { Knex } from 'knex';

/**
 * Rate-limit counters (rate-limiter-flexible's Postgres store, api/rate-limit.ts): one
 * row per counted key (`tenant:<id>`, `api-key:<id>`, `onboarding:<ip>`…) with the requests
 * in its window and when the window ends, in milliseconds since the epoch. No tenant's
 * data: a counter names a key, not what it reads, so the table is outside row-level
 * security. Expired rows are deleted by the limiter itself.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limits', (t) => {
    t.string('key', 255).primary();
    t.integer('points').notNullable().defaultTo(0);
    t.bigInteger('expire');
    t.index(['expire']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
}
