import type { Knex } from 'knex';
import { isolateByTenant } from './001_core';

/**
 * A company's people get in on their own: the owner's account made at sign-up, verified
 * e-mail and phone, password reset, and one-time codes by text message.
 *
 * - `tenant_users` gain a phone (E.164) and when it and the e-mail address were proven to
 *   reach the user, whether sign-in asks for a code by text (two-step), and the hash of the
 *   one password-reset link they may have open (the link's token is derived, never stored;
 *   see lib/account-tokens.ts).
 * - `tenants.owner_phone_verified_at`: when the owner's phone (`owner_phone`) answered a
 *   code. A trigger clears it whenever `owner_phone` changes, whichever path changes it
 *   (operators' settings, the company's own, erasure), so a verification never outlives the
 *   number it verified.
 * - `otp_codes`: six-digit codes sent by text. Only a keyed hash of each code is kept (six
 *   digits hashed without a key would be reversed by trying them all), with its purpose,
 *   where it went, its attempts and how it ended. A sign-in code also holds the hash of its
 *   challenge, the opaque handle the password step hands the client. Like `auth_sessions`,
 *   the row names its user without a foreign key: erasure removes it with the tenant.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tenant_users', (t) => {
    t.text('phone');
    t.timestamp('phone_verified_at', { useTz: true });
    t.timestamp('email_verified_at', { useTz: true });
    t.boolean('two_step_enabled').notNullable().defaultTo(false);
    t.text('password_reset_hash').unique();
    t.timestamp('password_reset_expires_at', { useTz: true });
  });
  // Accepting an invitation took a link sent to the address: those users proved it already.
  await knex('tenant_users').whereNotNull('accepted_at').update({ email_verified_at: knex.ref('accepted_at') });

  await knex.schema.alterTable('tenants', (t) => {
    t.timestamp('owner_phone_verified_at', { useTz: true });
  });
  await knex.raw(`
    create function tenants_owner_phone_changed() returns trigger language plpgsql as $$
    begin
      if new.owner_phone is distinct from old.owner_phone then
        new.owner_phone_verified_at := null;
      end if;
      return new;
    end
    $$`);
  await knex.raw(`
    create trigger tenants_owner_phone_changed before update of owner_phone on tenants
      for each row execute function tenants_owner_phone_changed()`);

  await knex.schema.createTable('otp_codes', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('tenant_id').notNullable().references('id').inTable('tenants');
    t.uuid('user_id').notNullable();
    t.text('purpose').notNullable().checkIn(['verify_phone', 'sign_in'], 'otp_codes_purpose_check');
    t.text('channel').notNullable().defaultTo('sms').checkIn(['sms'], 'otp_codes_channel_check');
    t.text('destination').notNullable();
    t.text('code_hash').notNullable();
    t.text('challenge_hash').unique();
    t.smallint('attempts').notNullable().defaultTo(0);
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('ended_at', { useTz: true });
    t.text('ended_reason').checkIn(['used', 'replaced', 'exhausted', 'send_failed'], 'otp_codes_ended_reason_check');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // The latest code of a user for a purpose is what a verification looks at.
    t.index(['tenant_id', 'user_id', 'purpose', 'created_at']);
  });
  await isolateByTenant(knex, 'otp_codes', 'tenant_id');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('otp_codes');
  await knex.raw('drop trigger if exists tenants_owner_phone_changed on tenants');
  await knex.raw('drop function if exists tenants_owner_phone_changed()');
  await knex.schema.alterTable('tenants', (t) => t.dropColumn('owner_phone_verified_at'));
  await knex.schema.alterTable('tenant_users', (t) => {
    for (const c of ['phone', 'phone_verified_at', 'email_verified_at', 'two_step_enabled', 'password_reset_hash', 'password_reset_expires_at']) t.dropColumn(c);
  });
}
