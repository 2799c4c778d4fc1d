import type { Knex } from 'knex';

/**
 * A password can be reset with a code texted to the account's verified phone, as well as
 * with the e-mailed link: `otp_codes` takes `password_reset` as a purpose.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table otp_codes drop constraint otp_codes_purpose_check');
  await knex.raw("alter table otp_codes add constraint otp_codes_purpose_check check (purpose in ('verify_phone', 'sign_in', 'password_reset'))");
}

export async function down(knex: Knex): Promise<void> {
  await knex('otp_codes').where({ purpose: 'password_reset' }).delete();
  await knex.raw('alter table otp_codes drop constraint otp_codes_purpose_check');
  await knex.raw("alter table otp_codes add constraint otp_codes_purpose_check check (purpose in ('verify_phone', 'sign_in'))");
}
