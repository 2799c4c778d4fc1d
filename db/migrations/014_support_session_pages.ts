import type { Knex } from 'knex';

/**
 * What an operator read in a support session: each tenant API path asked with GET, and
 * how many times. The company's activity log gets one row when the session closes (ended
 * or expired) that lists these, instead of a row for every page the console loaded; each
 * change asked for in the session is still a row of its own.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('support_sessions', (t) => {
    t.jsonb('pages_viewed').notNullable().defaultTo('{}');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('support_sessions', (t) => t.dropColumn('pages_viewed'));
}
