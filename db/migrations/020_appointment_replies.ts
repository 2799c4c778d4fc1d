import type { Knex } from 'knex';

/** A customer who answers an appointment's text with R asks the office for another time: the appointment keeps when. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('appointments', (t) => {
    t.timestamp('reschedule_requested_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('appointments', (t) => t.dropColumn('reschedule_requested_at'));
}
