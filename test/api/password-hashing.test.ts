import { randomBytes, scryptSync } from 'node:crypto';
import type { Knex } from 'knex';
import { createKnex } from '../../db/connection';
import { hashPassword, needsRehash, verifyPassword } from '../../lib/passwords';
import { startApi, type RunningApi } from '../support/api';
import { OPERATOR_TOKEN } from '../support/operator';

/** A hash as an earlier release stored it: scrypt with N = 2^15. */
function legacyHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize('NFKC'), salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return `scrypt$N=32768,r=8,p=1$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

/** Passwords are hashed at OWASP's current scrypt cost, and older hashes are brought up to it at sign-in. */
describe('password hashing', () => {
  let api: RunningApi;
  let owner: Knex;

  beforeAll(async () => {
    api = await startApi();
    owner = createKnex(process.env.DATABASE_URL!, 1);
  });
  afterAll(async () => {
    await owner?.destroy();
    await api?.close();
  });

  it('hashes with scrypt N = 2^17, r = 8, p = 1 (128 MiB, above Node\'s default maxmem)', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$N=131072,r=8,p=1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
    expect(needsRehash(legacyHash('x'))).toBe(true);
  });

  it('rehashes an older, cheaper hash at the next sign-in, and the password keeps working', async () => {
    const email = `rehash.${Date.now()}@kestrel.test`;
    const password = 'a password from long ago';
    const created = await fetch(`${api.url}/api/admin/operators`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OPERATOR_TOKEN}` },
      body: JSON.stringify({ email, name: 'Old Timer', role: 'support', password }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // As an earlier release left it.
    await owner('operator_users').where({ id }).update({ password_hash: legacyHash(password) });

    const signIn = () =>
      fetch(`${api.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
    expect((await signIn()).status).toBe(200);
    const [stored] = await owner('operator_users').where({ id }).pluck('password_hash');
    expect(stored).toMatch(/^scrypt\$N=131072,r=8,p=1\$/);
    expect((await signIn()).status).toBe(200);
  });
});
