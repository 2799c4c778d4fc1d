import type { Knex } from 'knex';

/**
 * Activities that keep failing and are still being retried: the worker notes one here
 * when an attempt past the threshold fails, and forgets it when a later attempt succeeds
 * or fails for good. The operator's "needs attention" list reads it, and asks Temporal
 * whether each one is still pending before showing it. Workflow and activity names and an
 * error message only, no tenant's data beyond the id in a workflow id, so the table is
 * outside row-level security, like the rate-limit counters.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('stuck_activities', (t) => {
    t.text('workflow_id').notNullable();
    t.text('run_id').notNullable();
    t.text('activity_id').notNullable();
    t.text('workflow_type').notNullable();
    t.text('activity_type').notNullable();
    t.boolean('is_local').notNullable().defaultTo(false);
    t.integer('attempt').notNullable();
    t.text('error').notNullable();
    t.timestamp('first_failed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_failed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['workflow_id', 'run_id', 'activity_id']);
    t.index(['last_failed_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('stuck_activities');
}
