import type { Knex } from 'knex';
import { isolateByTenant } from './001_core';

/**
 * What keeps calls whole through outages, and text messages:
 * - a final status callback that could not reach its workflow waits in the call outbox
 *   beside the call it ends (`ended`), or on its own (`kind = 'status'`) when the call's
 *   workflow exists and only has to be told;
 * - a dead letter's replay records why it failed, if it did;
 * - inbound SMS are logged, and STOP/START keep a caller's opt-out per tenant.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('call_outbox', (t) => {
    t.text('kind').notNullable().defaultTo('call').checkIn(['call', 'status'], 'call_outbox_kind_check');
    t.jsonb('ended'); // {status, durationSeconds}: Twilio's final word on the call
    // The queue whose workers replay the entry: the one the storing API's workflows run on.
    t.text('task_queue');
    t.index(['task_queue', 'received_at'], 'call_outbox_pending_idx', { predicate: knex.whereNull('replayed_at') });
  });
  await knex.schema.alterTable('dead_letters', (t) => {
    t.text('replay_error');
  });

  await knex.schema.createTable('sms_messages', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.text('message_sid').notNullable().unique(); // Twilio repeats a webhook; the message is logged once
    t.text('direction').notNullable().checkIn(['inbound', 'outbound'], 'sms_messages_direction_check');
    t.text('from_number').notNullable();
    t.text('to_number').notNullable();
    t.text('body').notNullable();
    t.text('keyword'); // stop | start | help, when the message was one
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'created_at']);
  });
  await knex.schema.createTable('sms_opt_outs', (t) => {
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.text('phone_number').notNullable();
    t.timestamp('opted_out_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['tenant_id', 'phone_number']);
  });
  for (const table of ['sms_messages', 'sms_opt_outs']) await isolateByTenant(knex, table, 'tenant_id');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sms_opt_outs');
  await knex.schema.dropTable('sms_messages');
  await knex.schema.alterTable('dead_letters', (t) => t.dropColumn('replay_error'));
  await knex.schema.alterTable('call_outbox', (t) => {
    t.dropIndex(['task_queue', 'received_at'], 'call_outbox_pending_idx');
    t.dropColumn('task_queue');
    t.dropColumn('ended');
    t.dropColumn('kind');
  });
}
