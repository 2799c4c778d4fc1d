import type { Knex } from 'knex';

/**
 * What the call path needs beyond the core: a call books at most one appointment, so a
 * retried booking step finds the row it wrote instead of writing another (NULLs stay
 * distinct: appointments made outside a call are unaffected).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('appointments', (t) => {
    t.unique(['call_sid'], { indexName: 'appointments_call_sid_key' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('appointments', (t) => t.dropUnique(['call_sid'], 'appointments_call_sid_key'));
}
