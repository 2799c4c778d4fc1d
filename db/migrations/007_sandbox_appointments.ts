import type { Knex } from 'knex';

/**
 * Appointments are live or sandbox data, as calls are (`call_logs.is_test`): a test API
 * key reads and writes sandbox appointments only, a live key live ones only.
 * - An appointment created with a test key is inserted with `is_test`.
 * - A call books while its tenant is in test mode exactly when the call is a test call, so
 *   the booking activity marks it with its tenant's test mode: it is sandbox data from its
 *   first moment, before the call's log is written.
 * - Appointments booked by earlier test calls are marked once here.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('appointments', (t) => {
    t.boolean('is_test').notNullable().defaultTo(false);
  });
  // Forced row-level security hides every row from an owner that is not a superuser; the
  // backfill reads and writes across tenants, so it lifts the forcing inside this transaction.
  await knex.raw('alter table appointments no force row level security');
  await knex.raw('alter table call_logs no force row level security');
  await knex.raw(`
    update appointments a set is_test = true
     where exists (select 1 from call_logs c where c.call_sid = a.call_sid and c.is_test)
  `);
  await knex.raw('alter table appointments force row level security');
  await knex.raw('alter table call_logs force row level security');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('appointments', (t) => t.dropColumn('is_test'));
}
