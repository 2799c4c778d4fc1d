import type { Knex } from 'knex';
import { OPERATOR_ROLE } from './001_core';

/**
 * Erasure (GDPR article 17) of a tenant that has left.
 *
 * - `tenants.erased_at`: when the tenant's personal data was erased; the row stays as a
 *   tombstone (ids, plan, dates) so that what refers to it keeps its meaning.
 * - The audit log is append-only for the application (no UPDATE or DELETE), and stays so.
 *   Erasure needs one exception: the personal data inside a deleted tenant's entries
 *   (before/after values, reasons) is replaced by a marker, keeping who did what and when.
 *   `erase_tenant_audit_details` is that exception and nothing more: it runs as the owner
 *   (SECURITY DEFINER, with a fixed search_path and schema-qualified names), touches one
 *   tenant's entries, refuses a tenant that is not soft-deleted, and may be called by the
 *   operator role only, so only an explicit operator transaction reaches it.
 * - Erasing a tenant deletes its appointments and its operators' support sessions; the
 *   rows referring to them (`call_logs.appointment_id`, `auth_sessions.support_session_id`)
 *   are indexed so that each delete's foreign key check is a lookup, not a scan of every
 *   tenant's calls.
 */
/** What an erased entry's details become. */
const ERASED_MARKER = { erased: true };

/** Entries about the erasure itself: their reason is the operator's, and they are what remains. */
const ERASURE_ACTIONS = ['tenant.erasure_requested', 'tenant.erased'];

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenants', (t) => {
    t.timestamp('erased_at', { useTz: true });
  });
  await knex.raw('create index call_logs_appointment_id_idx on call_logs (appointment_id) where appointment_id is not null');
  await knex.raw('create index auth_sessions_support_session_id_idx on auth_sessions (support_session_id) where support_session_id is not null');

  await knex.raw(`
    create function public.erase_tenant_audit_details(p_tenant uuid, p_limit integer) returns integer
      language plpgsql
      security definer
      set search_path = pg_catalog, pg_temp
    as $$
    declare
      previous text := current_setting('app.tenant_id', true);
      scrubbed integer;
    begin
      if p_limit is null or p_limit < 1 then
        raise exception 'p_limit must be a positive number of entries';
      end if;
      -- Forced row-level security applies to the owner too: the function sees the
      -- tenant's entries as that tenant, for this transaction, and puts the setting back.
      perform set_config('app.tenant_id', p_tenant::text, true);
      if not exists (select 1 from public.tenants where id = p_tenant and deleted_at is not null) then
        raise exception 'tenant % is not deleted: its audit log is kept whole', p_tenant;
      end if;
      with batch as (
        select id from public.audit_log
         where tenant_id = p_tenant
           and action <> all (${sqlTextArray(ERASURE_ACTIONS)})
           and (details <> '${JSON.stringify(ERASED_MARKER)}'::jsonb or reason is not null)
         order by id
         limit p_limit
      )
      update public.audit_log a
         set details = '${JSON.stringify(ERASED_MARKER)}'::jsonb, reason = null
        from batch
       where a.id = batch.id;
      get diagnostics scrubbed = row_count;
      perform set_config('app.tenant_id', coalesce(previous, ''), true);
      return scrubbed;
    end
    $$
  `);
  await knex.raw('revoke all on function public.erase_tenant_audit_details(uuid, integer) from public');
  await knex.raw(`grant execute on function public.erase_tenant_audit_details(uuid, integer) to ${OPERATOR_ROLE}`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function if exists public.erase_tenant_audit_details(uuid, integer)');
  await knex.raw('drop index if exists auth_sessions_support_session_id_idx');
  await knex.raw('drop index if exists call_logs_appointment_id_idx');
  await knex.schema.alterTable('tenants', (t) => t.dropColumn('erased_at'));
}

function sqlTextArray(values: string[]): string {
  return `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')}]::text[]`;
}
