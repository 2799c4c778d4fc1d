import type { Knex } from 'knex';
import { isolateByTenant } from './001_core';

/**
 * Billing on Stripe. `invoices` mirrors Stripe's invoices (written only from Stripe's
 * answers and events; `billing_key` is the period or change it bills, so an invoice is
 * never issued twice), `payment_attempts` keeps every charge tried and why it failed,
 * `stripe_events` makes a redelivered webhook event change nothing. The tenant keeps its
 * Stripe customer, the card on file as Stripe describes it (brand, last 4, expiry; never
 * the number), the negotiated overage price beside the other enterprise terms, and its
 * dunning state as the lifecycle workflow decided it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenants', (t) => {
    t.text('stripe_customer_id').unique();
    t.jsonb('payment_method');
    t.integer('custom_overage_cents');
    t.text('scheduled_plan_tier');
    t.timestamp('past_due_since', { useTz: true });
    t.timestamp('grace_ends_at', { useTz: true });
    t.text('payment_failure');
  });

  await knex.schema.createTable('invoices', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.text('billing_key').notNullable().unique();
    t.text('stripe_invoice_id').unique();
    t.text('kind').notNullable().checkIn(['period', 'proration'], 'invoices_kind_check');
    t.text('number');
    t.text('description');
    t.text('status').notNullable().checkIn(['draft', 'open', 'paid', 'void', 'uncollectible'], 'invoices_status_check');
    t.text('currency').notNullable();
    t.integer('total_cents').notNullable().defaultTo(0);
    t.integer('amount_due_cents').notNullable().defaultTo(0);
    t.integer('amount_paid_cents').notNullable().defaultTo(0);
    t.timestamp('period_start', { useTz: true });
    t.timestamp('period_end', { useTz: true });
    t.jsonb('lines').notNullable().defaultTo('[]');
    t.timestamp('due_date', { useTz: true });
    t.timestamp('paid_at', { useTz: true });
    t.text('hosted_invoice_url');
    t.text('invoice_pdf');
    t.integer('attempt_count').notNullable().defaultTo(0);
    t.text('last_payment_error');
    t.boolean('paid_out_of_band').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'created_at']);
    t.index(['status']);
  });
  await isolateByTenant(knex, 'invoices', 'tenant_id');

  await knex.schema.createTable('payment_attempts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.uuid('invoice_id').notNullable().references('id').inTable('invoices');
    /** The charge's Stripe idempotency key: one row per attempt, however often the activity ran. */
    t.text('attempt_key').notNullable().unique();
    t.text('outcome').notNullable().checkIn(['succeeded', 'failed'], 'payment_attempts_outcome_check');
    t.integer('amount_cents').notNullable();
    t.text('currency').notNullable();
    t.text('decline_code');
    t.text('reason');
    t.timestamp('attempted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['tenant_id', 'attempted_at']);
  });
  await isolateByTenant(knex, 'payment_attempts', 'tenant_id');

  // Filed by the webhook (in an operator scope) before it is known whose the event is: a tenant sees its own.
  await knex.schema.createTable('stripe_events', (t) => {
    t.text('id').primary();
    t.text('type').notNullable();
    t.uuid('tenant_id').references('id').inTable('tenants');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    /** When the tenant's workflow had it; a delivery before that is taken again. */
    t.timestamp('handed_over_at', { useTz: true });
    t.index(['tenant_id']);
  });
  await isolateByTenant(knex, 'stripe_events', 'tenant_id');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('stripe_events');
  await knex.schema.dropTable('payment_attempts');
  await knex.schema.dropTable('invoices');
  await knex.schema.alterTable('tenants', (t) => {
    for (const c of ['stripe_customer_id', 'payment_method', 'custom_overage_cents', 'scheduled_plan_tier', 'past_due_since', 'grace_ends_at', 'payment_failure']) t.dropColumn(c);
  });
}
