import type { Knex } from 'knex';

/**
 * Data exports (GDPR article 20): what `data_exports` needs beyond 001_core's sketch.
 *
 * - Progress as the export workflow reports it: `rows_written` of `rows_total` (counted when
 *   the export starts), and the table being written (`current_table`).
 * - `workflow_id` (`export-<id>`), so an operator can find the run in Temporal's UI.
 * - Who asked, as `api_keys.created_by` records it (`operator:<id>`, `tenant_user:<id>`,
 *   `api_key:<id>`), and the support session it was asked in, as the audit log does.
 * - `file_name`: what the download is called (the file itself is `file_path`, under
 *   EXPORT_DIR).
 * - At most one export per tenant is pending or running: a second request finds the first
 *   through this index rather than starting another, however close together they come.
 */
export async function up(knex: Knex): Promise<void> {
  await knex('data_exports').whereNull('requested_by').update({ requested_by: 'system' });
  await knex.schema.alterTable('data_exports', (t) => {
    t.bigInteger('rows_written').notNullable().defaultTo(0);
    t.bigInteger('rows_total');
    t.text('current_table');
    t.text('workflow_id');
    t.uuid('support_session_id');
    t.text('file_name');
    t.text('requested_by').notNullable().defaultTo('system').alter();
    t.check('progress_percent between 0 and 100', [], 'data_exports_progress_check');
  });
  await knex.raw(`create unique index data_exports_one_active_idx on data_exports (tenant_id) where status in ('pending', 'running')`);
  await knex.raw('create index data_exports_tenant_created_idx on data_exports (tenant_id, created_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists data_exports_tenant_created_idx');
  await knex.raw('drop index if exists data_exports_one_active_idx');
  await knex.schema.alterTable('data_exports', (t) => {
    t.dropChecks(['data_exports_progress_check']);
    t.text('requested_by').nullable().alter();
    for (const column of ['rows_written', 'rows_total', 'current_table', 'workflow_id', 'support_session_id', 'file_name']) t.dropColumn(column);
  });
}
