import type { Knex } from 'knex';

/**
 * An e-mail an operator sent again is a row of its own in `notifications` (its own
 * idempotency key, status and provider id), and `resend_of` names the row it repeats, so
 * the log shows both and how they relate. A re-send outlives nothing: erasing the original
 * leaves the re-send standing, without the link.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.uuid('resend_of').references('id').inTable('notifications').onDelete('SET NULL');
    t.index(['resend_of']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notifications', (t) => {
    t.dropIndex(['resend_of']);
    t.dropColumn('resend_of');
  });
}
