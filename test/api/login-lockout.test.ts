jest.mock('../../lib/passwords', () => {
  // The real functions, counted: which hash each sign-in attempt checked.
  const actual = jest.requireActual('../../lib/passwords');
  return { ...actual, verifyPassword: jest.fn(actual.verifyPassword) };
});

import type { Knex } from 'knex';
import { createKnex } from '../../db/connection';
import * as passwords from '../../lib/passwords';
import { startApi, type RunningApi } from '../support/api';
import { OPERATOR_TOKEN } from '../support/operator';

const verifyPassword = passwords.verifyPassword as jest.MockedFunction<typeof passwords.verifyPassword>;

/** This suite's limits: an address is held off an account after 3 failures; new addresses together after 5. */
const PER_ADDRESS = 3;
const PER_ACCOUNT = 5;
const PASSWORD = 'the super admin password';

/**
 * The sign-in lock-out: held-off attempts look exactly like wrong passwords (and do the
 * same hash work); attempts are claimed before they are checked, so a burst cannot get
 * more checks than the limit; an attacker's failures hold off the attacker's addresses,
 * not the account's owner signing in from elsewhere.
 */
describe('sign-in lock-out', () => {
  let api: RunningApi;
  let owner: Knex;
  let decoy: string;
  let run = 0;

  /** Client addresses of this run (the API trusts its loopback peer's X-Forwarded-For, the default TRUST_PROXY). */
  const address = () => `198.51.100.${(run++ % 250) + 1}`;
  const attacker = () => `203.0.113.${(run++ % 250) + 1}`;

  const login = async (email: string, password: string, from: string) => {
    const res = await fetch(`${api.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from },
      body: JSON.stringify({ email, password }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), type: res.headers.get('content-type'), body: (await res.json()) as any };
  };
  /** A super_admin of its own, created through the admin API. */
  const superAdmin = async () => {
    const email = `super.${Date.now()}.${run++}@kestrel.test`;
    const res = await fetch(`${api.url}/api/admin/operators`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OPERATOR_TOKEN}` },
      body: JSON.stringify({ email, name: 'Sue Peradmin', role: 'super_admin', password: PASSWORD }),
    });
    if (res.status !== 201) throw new Error(`operator: ${res.status} ${await res.text()}`);
    return email;
  };
  /** The hashes checked since the last call: the account's, or the decoy's. */
  const checked = () => {
    const hashes = verifyPassword.mock.calls.map(([, stored]) => stored);
    verifyPassword.mockClear();
    return hashes.map((stored) => (stored === decoy ? 'decoy' : 'account'));
  };
  /** An answer without what differs by request. */
  const comparable = (answer: Awaited<ReturnType<typeof login>>) => ({
    status: answer.status,
    type: answer.type,
    retryAfter: answer.retryAfter,
    body: { ...answer.body, instance: undefined, request_id: undefined },
  });

  beforeAll(async () => {
    api = await startApi({ env: { LOGIN_MAX_FAILURES: String(PER_ADDRESS), LOGIN_ACCOUNT_MAX_FAILURES: String(PER_ACCOUNT), RATE_LIMIT_LOGIN: 'off' } });
    owner = createKnex(process.env.DATABASE_URL!, 1);
    decoy = await passwords.decoyHash();
  });
  afterAll(async () => {
    await owner?.destroy();
    await api?.close();
  });

  it('answers a held-off attempt exactly like a wrong password and an unknown e-mail, each after checking one hash of the same cost', async () => {
    const email = await superAdmin();
    const from = attacker();
    verifyPassword.mockClear();
    const unknown = await login(`nobody.${Date.now()}@kestrel.test`, 'a guess', from);
    const wrong = [];
    for (let i = 0; i < PER_ADDRESS; i++) wrong.push(await login(email, `guess ${i}`, from));
    const heldOff = await login(email, PASSWORD, from);

    expect(comparable(unknown)).toEqual({
      status: 401,
      type: expect.stringMatching(/^application\/problem\+json/),
      retryAfter: null,
      body: { type: '/docs#invalid-credentials', title: 'Unauthorized', status: 401, detail: 'The e-mail or the password is wrong.' },
    });
    for (const answer of [...wrong, heldOff]) expect(comparable(answer)).toEqual(comparable(unknown));
    // One hash per attempt, whatever the outcome: the unknown e-mail and the held-off attempt check the decoy.
    expect(checked()).toEqual(['decoy', 'account', 'account', 'account', 'decoy']);
    // The decoy costs what an account's hash costs: the same scrypt parameters.
    const [stored] = await owner('operator_users').whereRaw('lower(email) = ?', [email]).pluck('password_hash');
    expect(decoy.split('$')[1]).toBe(stored.split('$')[1]);
  });

  it(`claims attempts before checking them: ${PER_ADDRESS} of 20 parallel guesses are checked, and the address stays held off`, async () => {
    const email = await superAdmin();
    const from = attacker();
    verifyPassword.mockClear();
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => login(email, `parallel guess ${i}`, from)));
    expect(burst.map((a) => a.status)).toEqual(Array(20).fill(401));
    expect(checked().filter((h) => h === 'account')).toHaveLength(PER_ADDRESS);

    // The right password, right after the burst, from the same address: held off, and not checked.
    expect((await login(email, PASSWORD, from)).status).toBe(401);
    expect(checked()).toEqual(['decoy']);
    // The real super_admin, from their own address, is not kept out.
    expect((await login(email, PASSWORD, address())).status).toBe(200);
  });

  it('holds an address off for a minute, then twice as long after its next failure; a success starts it over', async () => {
    const email = await superAdmin();
    const from = attacker();
    for (let i = 0; i < PER_ADDRESS; i++) await login(email, `guess ${i}`, from);
    const key = (await owner('rate_limits').where('key', 'like', `signin-address:operator:%:${from}`).pluck('key'))[0] as string;
    /** The run of failures, and the hold-off in whole minutes (rounded up: a minute just begun counts). */
    const holdOf = async () => {
      const [row] = await owner('rate_limits').where({ key });
      return { failures: row.points as number, heldForMinutes: Math.ceil((Number(row.expire) - Date.now()) / 60_000) };
    };
    expect(await holdOf()).toEqual({ failures: PER_ADDRESS, heldForMinutes: 1 });
    // Held off: more attempts change nothing.
    await login(email, 'during the hold', from);
    expect((await holdOf()).failures).toBe(PER_ADDRESS);

    // The minute has passed (moved back in the store): the next failure holds it off for two.
    await owner('rate_limits').where({ key }).update({ expire: Date.now() - 1000 });
    expect((await login(email, 'after the hold', from)).status).toBe(401);
    expect(await holdOf()).toEqual({ failures: PER_ADDRESS + 1, heldForMinutes: 2 });

    // Over again, the right password signs in, and the address starts over.
    await owner('rate_limits').where({ key }).update({ expire: Date.now() - 1000 });
    expect((await login(email, PASSWORD, from)).status).toBe(200);
    expect(await owner('rate_limits').where({ key })).toEqual([]);
  });

  it('holds new addresses off an account after failures spread over many addresses, while an address it signed in from still signs in', async () => {
    const email = await superAdmin();
    const home = address();
    expect((await login(email, PASSWORD, home)).status).toBe(200);

    // A botnet: one guess from each of PER_ACCOUNT addresses (none reaches the per-address limit).
    for (let i = 0; i < PER_ACCOUNT; i++) expect((await login(email, `spread guess ${i}`, attacker())).status).toBe(401);
    verifyPassword.mockClear();
    // Now any new address is held off, with a wrong password's answer, even with the right one...
    const elsewhere = await login(email, PASSWORD, attacker());
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.body.detail).toBe('The e-mail or the password is wrong.');
    expect(checked()).toEqual(['decoy']);
    // ...while the super_admin signs in from the address they signed in from before.
    expect((await login(email, PASSWORD, home)).status).toBe(200);
    expect((await login(email, PASSWORD, home)).status).toBe(200);
    // And the owner's successes do not lift the hold for the attacker's new addresses.
    expect((await login(email, PASSWORD, attacker())).status).toBe(401);
  });
});
