import type { Knex } from 'knex';

/**
 * Operators are invited by e-mail, as a company's people are, and reset a forgotten
 * password by e-mail: an invited operator has no password until their link sets one, and
 * each account keeps the hash of its one open invitation and of its one open reset link
 * (lib/account-tokens.ts; the tokens themselves are never stored).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('operator_users', (t) => {
    t.text('password_hash').nullable().alter();
    t.timestamp('invited_at', { useTz: true });
    t.text('invited_by');
    t.text('invite_token_hash').unique();
    t.timestamp('invite_expires_at', { useTz: true });
    t.text('password_reset_hash').unique();
    t.timestamp('password_reset_expires_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  // An invitation never accepted leaves an account without a password, which the older schema cannot hold.
  await knex('operator_users').whereNull('password_hash').delete();
  await knex.schema.alterTable('operator_users', (t) => {
    t.dropColumn('password_reset_expires_at');
    t.dropColumn('password_reset_hash');
    t.dropColumn('invite_expires_at');
    t.dropColumn('invite_token_hash');
    t.dropColumn('invited_by');
    t.dropColumn('invited_at');
    t.text('password_hash').notNullable().alter();
  });
}
