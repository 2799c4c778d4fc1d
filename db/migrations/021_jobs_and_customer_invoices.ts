import type { Knex } from 'knex';
import { isolateByTenant } from './001_core';

const JOB_STATUSES = ['scheduled', 'en_route', 'parts_ordered', 'parts_arrived', 'completed'];
const INVOICE_STATUSES = ['pending', 'paid', 'overdue', 'void'];

/**
 * What a company tells its customers about their work and what they owe:
 * - `jobs`: a job from the company's own system (by its reference), for one contact, with
 *   its status, technician and arrival time, its parts (`items`: name and state) and the
 *   history of its statuses (each change texts the customer once);
 * - `customer_invoices`: the company's invoices to its customers (Kestrel's own invoices to
 *   the company are `invoices`), with a number unique in the company, the amount in the
 *   currency's minor unit, the due date (and a due moment, when one was given), the pay
 *   link and the status; reminders go before and after the due date until it is paid.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('jobs', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.uuid('contact_id').notNullable().references('id').inTable('contacts');
    t.text('external_ref');
    t.text('status').notNullable().checkIn(JOB_STATUSES, 'jobs_status_check');
    t.text('technician_name');
    t.timestamp('eta', { useTz: true });
    t.jsonb('items').notNullable().defaultTo('[]');
    t.jsonb('status_history').notNullable();
    t.uuid('appointment_id').references('id').inTable('appointments').onDelete('SET NULL');
    t.timestamps(true, true);
    t.unique(['tenant_id', 'external_ref']);
    t.index(['tenant_id', 'created_at']);
    t.index(['tenant_id', 'contact_id']);
  });

  await knex.schema.createTable('customer_invoices', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.uuid('contact_id').notNullable().references('id').inTable('contacts');
    t.text('number').notNullable();
    t.bigInteger('amount_cents').notNullable();
    t.text('currency').notNullable();
    t.date('due_date').notNullable();
    // A due moment within the day, when the company gave one; else the invoice is due through the day.
    t.timestamp('due_at', { useTz: true });
    t.text('pay_link');
    t.text('status').notNullable().defaultTo('pending').checkIn(INVOICE_STATUSES, 'customer_invoices_status_check');
    t.timestamp('overdue_at', { useTz: true });
    t.timestamp('paid_at', { useTz: true });
    t.timestamp('voided_at', { useTz: true });
    t.timestamps(true, true);
    t.unique(['tenant_id', 'number']);
    t.index(['tenant_id', 'created_at']);
    t.index(['tenant_id', 'contact_id']);
  });
  await knex.raw('alter table customer_invoices add constraint customer_invoices_amount_check check (amount_cents > 0)');

  for (const table of ['jobs', 'customer_invoices']) await isolateByTenant(knex, table, 'tenant_id');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('customer_invoices');
  await knex.schema.dropTable('jobs');
}
