import type { Knex } from 'knex';
import { isolateByTenant } from './001_core';

const STATUSES = ['draft', 'active', 'paused', 'archived'];
const TRIGGERS = ['manual', 'call_information', 'appointment_completed', 'seasonal'];
const GOALS = ['appointment_booked', 'replied', 'none'];
const CONDITIONS = ['none', 'no_appointment_since_enrolment', 'no_reply'];
const ENROLLMENT_STATUSES = ['active', 'paused', 'completed', 'exited', 'cancelled'];
const EXIT_REASONS = ['stop', 'reply', 'goal', 'cancelled'];
const SOURCES = ['manual', 'csv', 'call', 'appointment', 'seasonal'];

/**
 * Drip campaigns:
 * - `campaigns`: a company's sequences, with how contacts come in (by hand, or a trigger)
 *   and what ends an enrolment early (the goal, a reply);
 * - `campaign_steps`: each campaign's texts in order, each with its delay after the step
 *   before and a condition checked when it falls due;
 * - `campaign_enrollments`: one contact in one campaign, run by one workflow; a contact is
 *   in a campaign at most once at a time, and a trigger enrols once per cause (`enrol_key`);
 * - on `messages`, the enrolment and step a campaign text belongs to: the per-step funnel
 *   is counted from the message log itself.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('campaigns', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.text('name').notNullable();
    t.text('status').notNullable().defaultTo('draft').checkIn(STATUSES, 'campaigns_status_check');
    t.text('trigger').notNullable().defaultTo('manual').checkIn(TRIGGERS, 'campaigns_trigger_check');
    t.jsonb('trigger_settings').notNullable().defaultTo('{}');
    t.text('goal').notNullable().defaultTo('none').checkIn(GOALS, 'campaigns_goal_check');
    t.boolean('exit_on_reply').notNullable().defaultTo(true);
    t.text('created_by');
    t.timestamps(true, true);
    t.index(['tenant_id', 'trigger', 'status']);
  });

  await knex.schema.createTable('campaign_steps', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.uuid('campaign_id').notNullable().references('id').inTable('campaigns').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.text('body').notNullable();
    /** Short form: `2d`, `3h`, `1w` (see domain/campaigns.ts). */
    t.text('delay').notNullable();
    t.text('condition').notNullable().defaultTo('none').checkIn(CONDITIONS, 'campaign_steps_condition_check');
    t.timestamps(true, true);
    t.unique(['campaign_id', 'position']);
  });

  await knex.schema.createTable('campaign_enrollments', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.uuid('campaign_id').notNullable().references('id').inTable('campaigns');
    t.uuid('contact_id').notNullable().references('id').inTable('contacts');
    t.text('status').notNullable().defaultTo('active').checkIn(ENROLLMENT_STATUSES, 'campaign_enrollments_status_check');
    t.text('exit_reason').checkIn(EXIT_REASONS, 'campaign_enrollments_exit_reason_check');
    t.text('source').notNullable().checkIn(SOURCES, 'campaign_enrollments_source_check');
    /** What enrolled the contact by trigger (`call:<sid>`, `appointment:<id>`): one enrolment per cause. */
    t.text('enrol_key');
    t.text('workflow_id').notNullable();
    /** The position of the last step the enrolment has come to (sent or skipped); null before the first. */
    t.integer('last_position');
    t.timestamp('next_step_at', { useTz: true });
    t.timestamp('enrolled_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('ended_at', { useTz: true });
    t.timestamps(true, true);
    t.unique(['campaign_id', 'enrol_key']);
    t.index(['tenant_id', 'contact_id', 'status']);
    t.index(['campaign_id', 'status']);
  });
  // A contact is in a campaign once at a time; after it ends they may be enrolled again.
  await knex.raw(`create unique index campaign_enrollments_ongoing_unique on campaign_enrollments (campaign_id, contact_id) where status in ('active', 'paused')`);

  await knex.schema.alterTable('messages', (t) => {
    t.uuid('campaign_enrollment_id').references('id').inTable('campaign_enrollments').onDelete('SET NULL');
    t.uuid('campaign_step_id').references('id').inTable('campaign_steps').onDelete('SET NULL');
    t.index(['campaign_step_id']);
    t.index(['campaign_enrollment_id']);
  });

  for (const table of ['campaigns', 'campaign_steps', 'campaign_enrollments']) await isolateByTenant(knex, table, 'tenant_id');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('messages', (t) => {
    t.dropColumn('campaign_step_id');
    t.dropColumn('campaign_enrollment_id');
  });
  await knex.schema.dropTable('campaign_enrollments');
  await knex.schema.dropTable('campaign_steps');
  await knex.schema.dropTable('campaigns');
}
