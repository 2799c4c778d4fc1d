import type { Knex } from 'knex';
import { isolateByTenant } from './001_core';

/**
 * People who sign in: operators (Kestrel's staff, across tenants) and tenant users
 * (each of one company), their login sessions, and their failed attempts.
 * - A tenant user's e-mail is unique within its tenant; one person may belong to several
 *   (the locations of one company), and then names the company when signing in.
 * - Sessions hold only hashes of their tokens. The access token is short-lived; the
 *   refresh token rotates, and a refresh token used twice ends its session (it leaked).
 * - An operator's session may carry a support session: it then acts within one tenant.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('operator_users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('email').notNullable();
    t.text('name').notNullable();
    t.text('role').notNullable().checkIn(['super_admin', 'support'], 'operator_users_role_check');
    t.text('password_hash').notNullable();
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.timestamp('last_login_at', { useTz: true });
    t.timestamp('disabled_at', { useTz: true });
    t.timestamps(true, true);
  });
  await knex.raw('create unique index operator_users_email_key on operator_users (lower(email))');

  await knex.schema.alterTable('tenant_users', (t) => {
    t.integer('failed_logins').notNullable().defaultTo(0);
    t.timestamp('locked_until', { useTz: true });
    t.timestamp('last_login_at', { useTz: true });
    t.text('invite_token_hash').unique();
    t.timestamp('invite_expires_at', { useTz: true });
    t.text('invited_by');
  });

  await knex.schema.createTable('auth_sessions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    // Set for a tenant user's session (and row-level security then applies as everywhere).
    t.uuid('tenant_id').references('id').inTable('tenants');
    t.text('subject_type').notNullable().checkIn(['operator', 'tenant_user'], 'auth_sessions_subject_check');
    t.uuid('subject_id').notNullable();
    t.text('access_hash').notNullable().unique();
    t.timestamp('access_expires_at', { useTz: true }).notNullable();
    t.text('refresh_hash').notNullable().unique();
    t.timestamp('refresh_expires_at', { useTz: true }).notNullable();
    t.text('previous_refresh_hash').unique(); // the one rotated out: presented again, it ends the session
    t.uuid('support_session_id').references('id').inTable('support_sessions');
    t.text('user_agent');
    t.text('ip');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_seen_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.index(['subject_type', 'subject_id']);
  });
  await isolateByTenant(knex, 'auth_sessions', 'tenant_id');

  await knex.schema.alterTable('support_sessions', (t) => {
    t.timestamp('write_granted_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('support_sessions', (t) => t.dropColumn('write_granted_at'));
  await knex.schema.dropTable('auth_sessions');
  await knex.schema.alterTable('tenant_users', (t) => {
    for (const c of ['failed_logins', 'locked_until', 'last_login_at', 'invite_token_hash', 'invite_expires_at', 'invited_by']) t.dropColumn(c);
  });
  await knex.schema.dropTable('operator_users');
}
