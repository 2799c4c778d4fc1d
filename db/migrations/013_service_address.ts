import type { Knex } from 'knex';

/**
 * Where the visit is: the street, city and postal code of the place the technician goes
 * to. A call's booking always has a street and a city; an appointment the company makes
 * for a visit at its own shop may have no address at all. A postal code alone, or a
 * street without its city, says nowhere, so the columns are set together or not at all.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('appointments', (t) => {
    t.text('service_street');
    t.text('service_city');
    t.text('service_postal_code');
  });
  await knex.raw(`
    alter table appointments add constraint appointments_service_address_check check (
      (service_street is null) = (service_city is null)
      and (service_postal_code is null or service_street is not null)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table appointments drop constraint appointments_service_address_check');
  await knex.schema.alterTable('appointments', (t) => {
    t.dropColumn('service_street');
    t.dropColumn('service_city');
    t.dropColumn('service_postal_code');
  });
}
