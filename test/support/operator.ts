import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { hashPassword } from '../../lib/passwords';

/** The test run's first operator (a super_admin), for signing in to the console. */
export const OPERATOR_LOGIN = { email: 'operator@kestrel.test', password: 'operator test password' };
/** That operator's id, as audit rows name the actor. */
export const OPERATOR_ID = '7e57c0de-0000-4000-8000-000000000001';

/**
 * A live session of that operator for the whole run, so suites call the admin API with a
 * fixed bearer token. It is a real session (global-setup.ts writes it as the product
 * would: only its hash is stored); nothing in the API knows it apart.
 */
export const OPERATOR_TOKEN = 'ksa_test-run-operator-session-0123456789';

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Creates the operator and the run-long session, as test data in the run's database. */
export async function seedOperatorSession(owner: Knex): Promise<void> {
  const [operator] = await owner('operator_users')
    .insert({ id: OPERATOR_ID, email: OPERATOR_LOGIN.email, name: 'Test Operator', role: 'super_admin', password_hash: await hashPassword(OPERATOR_LOGIN.password) })
    .returning<Array<{ id: string }>>('id');
  const day = new Date(Date.now() + 24 * 60 * 60_000);
  await owner('auth_sessions').insert({
    subject_type: 'operator',
    subject_id: operator!.id,
    access_hash: digest(OPERATOR_TOKEN),
    access_expires_at: day,
    refresh_hash: digest(randomBytes(32).toString('base64url')),
    refresh_expires_at: day,
  });
}
