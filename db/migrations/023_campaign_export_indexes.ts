import type { Knex } from 'knex';

const TABLES = ['campaigns', 'campaign_steps', 'campaign_enrollments'];

/**
 * A company's data export reads each table a part at a time, in creation order from where the
 * part before stopped (keyset paging on `created_at, id`, activities/data-export): that needs an
 * index starting with the tenant and its creation time. The other tables the export reads have
 * one; the campaign tables were indexed only for the campaign's own reads.
 */
export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.index(['tenant_id', 'created_at']);
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.dropIndex(['tenant_id', 'created_at']);
    });
  }
}
