import type { Knex } from 'knex';
import { isolateByTenant } from './001_core';

const KINDS = ['appointment_confirmation', 'appointment_reminder', 'missed_call', 'job_update', 'customer_invoice_reminder', 'campaign', 'reply'];
const STATUSES = ['held', 'queued', 'sent', 'delivered', 'undelivered', 'failed', 'suppressed', 'received'];
const CHANNELS = ['sms', 'whatsapp'];
const SOURCES = ['call', 'sms', 'appointment', 'import', 'api', 'portal'];

/**
 * Messages to a company's customers:
 * - `contacts`: the company's customers, one per phone number, with their preferred
 *   channel, consent and opt-out per channel, and where they came from;
 * - `messages`: every text in and out, one log (the SMS log of 004 renamed, its inbound
 *   rows kept as replies). An outbound message is written under its idempotency key before
 *   it is sent, so a retried step finds it and never sends twice; Twilio's SID, once
 *   known, is unique, so a repeated webhook changes nothing twice;
 * - `message_templates`: a company's own wording per kind of message;
 * - on the tenant, its quiet hours (what Kestrel initiates waits until they end) and its
 *   send rate.
 * `sms_opt_outs` stays the record of STOP per number, which every send checks.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenants', (t) => {
    t.text('quiet_hours_start').notNullable().defaultTo('21:00');
    t.text('quiet_hours_end').notNullable().defaultTo('08:00');
    t.integer('message_rate_per_minute').notNullable().defaultTo(60);
  });

  await knex.schema.createTable('contacts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.text('name');
    t.text('phone').notNullable(); // E.164
    t.text('email');
    t.text('preferred_channel').notNullable().defaultTo('sms').checkIn(CHANNELS, 'contacts_preferred_channel_check');
    // Texting a number the customer gave the company for their visit is expected; WhatsApp needs their say-so.
    t.boolean('sms_consent').notNullable().defaultTo(true);
    t.boolean('whatsapp_consent').notNullable().defaultTo(false);
    t.timestamp('sms_opted_out_at', { useTz: true });
    t.timestamp('whatsapp_opted_out_at', { useTz: true });
    t.text('time_zone'); // the contact's own, when it is known; else the company's
    t.text('source').notNullable().checkIn(SOURCES, 'contacts_source_check');
    t.timestamps(true, true);
    t.unique(['tenant_id', 'phone']);
    t.index(['tenant_id', 'created_at']);
  });

  await knex.schema.renameTable('sms_messages', 'messages');
  await knex.raw('alter table messages rename constraint sms_messages_direction_check to messages_direction_check');
  await knex.raw('alter table messages rename constraint sms_messages_message_sid_unique to messages_twilio_sid_unique');
  await knex.raw('alter index sms_messages_tenant_id_created_at_index rename to messages_tenant_id_created_at_index');
  await knex.raw('alter table messages rename constraint sms_messages_pkey to messages_pkey');
  await knex.raw('alter table messages rename constraint sms_messages_tenant_id_foreign to messages_tenant_id_foreign');
  await knex.schema.alterTable('messages', (t) => {
    t.renameColumn('message_sid', 'twilio_sid');
  });
  await knex.schema.alterTable('messages', (t) => {
    t.text('twilio_sid').nullable().alter(); // a message held, suppressed or refused never reached Twilio
    t.text('channel').notNullable().defaultTo('sms').checkIn(CHANNELS, 'messages_channel_check');
    t.text('kind').notNullable().defaultTo('reply').checkIn(KINDS, 'messages_kind_check');
    t.uuid('contact_id').references('id').inTable('contacts').onDelete('SET NULL');
    t.integer('segments');
    t.text('status').notNullable().defaultTo('received').checkIn(STATUSES, 'messages_status_check');
    t.integer('error_code');
    t.text('error_meaning');
    t.text('idempotency_key');
    t.timestamp('send_after', { useTz: true });
    t.uuid('appointment_id').references('id').inTable('appointments').onDelete('SET NULL');
    /** Who at the company wrote a reply by hand (an audit actor), when one did. */
    t.text('sent_by');
    /** When it was last handed to Twilio: a retry after that looks for it there before sending again. */
    t.timestamp('attempted_at', { useTz: true });
    t.timestamp('sent_at', { useTz: true });
    t.timestamp('status_changed_at', { useTz: true });
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['tenant_id', 'idempotency_key']);
    t.index(['tenant_id', 'contact_id', 'created_at']);
  });
  // The kind and status defaults describe the rows that were there: inbound texts.
  await knex.raw(`alter table messages alter column kind drop default, alter column status drop default`);
  await knex.raw(`update messages set segments = greatest(1, ceil(char_length(body) / 160.0)), updated_at = created_at`);
  // Each existing sender becomes a contact, and STOP on record is their opt-out.
  await knex.raw(`
    insert into contacts (tenant_id, phone, source, sms_opted_out_at, created_at, updated_at)
    select m.tenant_id, m.from_number, 'sms', o.opted_out_at, min(m.created_at), min(m.created_at)
      from messages m left join sms_opt_outs o on o.tenant_id = m.tenant_id and o.phone_number = m.from_number
     where m.direction = 'inbound' and m.from_number ~ '^\\+[1-9][0-9]{6,14}$'
     group by m.tenant_id, m.from_number, o.opted_out_at
    on conflict (tenant_id, phone) do nothing`);
  await knex.raw(`update messages m set contact_id = c.id from contacts c where c.tenant_id = m.tenant_id and c.phone = m.from_number and m.direction = 'inbound'`);

  await knex.schema.createTable('message_templates', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.text('kind').notNullable().checkIn(KINDS, 'message_templates_kind_check');
    t.text('body').notNullable();
    t.text('updated_by');
    t.timestamps(true, true);
    t.unique(['tenant_id', 'kind']);
  });
  for (const table of ['contacts', 'message_templates']) await isolateByTenant(knex, table, 'tenant_id');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('message_templates');
  await knex('messages').where({ direction: 'outbound' }).delete();
  await knex.schema.alterTable('messages', (t) => {
    t.dropUnique(['tenant_id', 'idempotency_key']);
    t.dropIndex(['tenant_id', 'contact_id', 'created_at']);
    for (const column of ['channel', 'kind', 'contact_id', 'segments', 'status', 'error_code', 'error_meaning', 'idempotency_key', 'send_after', 'appointment_id', 'sent_by', 'attempted_at', 'sent_at', 'status_changed_at', 'updated_at']) {
      t.dropColumn(column);
    }
  });
  await knex('messages').whereNull('twilio_sid').delete();
  await knex.schema.alterTable('messages', (t) => {
    t.text('twilio_sid').notNullable().alter();
    t.renameColumn('twilio_sid', 'message_sid');
  });
  await knex.raw('alter table messages rename constraint messages_direction_check to sms_messages_direction_check');
  await knex.raw('alter table messages rename constraint messages_twilio_sid_unique to sms_messages_message_sid_unique');
  await knex.raw('alter index messages_tenant_id_created_at_index rename to sms_messages_tenant_id_created_at_index');
  await knex.raw('alter table messages rename constraint messages_pkey to sms_messages_pkey');
  await knex.raw('alter table messages rename constraint messages_tenant_id_foreign to sms_messages_tenant_id_foreign');
  await knex.schema.renameTable('messages', 'sms_messages');
  await knex.schema.dropTable('contacts');
  await knex.schema.alterTable('tenants', (t) => {
    t.dropColumn('message_rate_per_minute');
    t.dropColumn('quiet_hours_end');
    t.dropColumn('quiet_hours_start');
  });
}
