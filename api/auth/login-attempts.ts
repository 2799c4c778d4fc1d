import type { Knex } from 'knex';

/** The first hold-off, once the failures reach the limit; each further failure doubles it. */
const FIRST_HOLD_MS = 60_000;
/** The longest hold-off, however many failures. */
const MAX_HOLD_MS = 60 * 60_000;
/**
 * A run of failures is forgotten this long after its last failure (or after its hold-off
 * ended). It matches the rate limiter's own clean-up, which deletes rows of the shared
 * `rate_limits` table an hour after they expire.
 */
const FORGET_MS = 60 * 60_000;

/** What a claimed attempt holds, to be settled when the password was right. */
export interface ClaimedAttempt {
  pairKey: string;
  /** Set when the attempt came from an address the account has not signed in from. */
  accountKey: string | null;
}

class HeldOff extends Error {}

/**
 * Failed sign-ins, counted in Postgres (the `rate_limits` table, beside the rate limiter's
 * counters) so that every API process shares them, at two levels:
 *
 * - per account and client address: after `perAddress` failures in a row, that address is
 *   held off the account for a minute, doubling with each further failure (at most an
 *   hour). An attacker's guesses hold off the attacker's addresses, not the account's owner
 *   signing in from elsewhere;
 * - per account, from the addresses it has not signed in from, all together: after
 *   `perAccount` failures in a row, new addresses are held off the account the same way,
 *   so that guesses spread over many addresses stay bounded, while the addresses the
 *   account signed in from keep signing in.
 *
 * An attempt is claimed, atomically, before its password is checked: one upsert counts it
 * unless its key is held off, so parallel guesses cannot get more checks than the limit
 * (the attempt that reaches the limit sets the hold-off as if it failed; a success then
 * clears it). A held-off attempt is not counted and changes nothing.
 */
export class LoginAttempts {
  constructor(private readonly limits: { perAddress: number; perAccount: number }) {}

  /**
   * Claims one attempt at `subject` from `address`; undefined when either level holds it
   * off (and then nothing was counted).
   */
  async claim(trx: Knex.Transaction, subject: string, address: string, knownAddress: boolean): Promise<ClaimedAttempt | undefined> {
    const claimed: ClaimedAttempt = { pairKey: `signin-address:${subject}:${address}`, accountKey: knownAddress ? null : `signin-account:${subject}` };
    try {
      // A savepoint: an address claimed but its account held off counts nothing.
      await trx.transaction(async (savepoint) => {
        if (!(await this.take(savepoint, claimed.pairKey, this.limits.perAddress))) throw new HeldOff();
        if (claimed.accountKey && !(await this.take(savepoint, claimed.accountKey, this.limits.perAccount))) throw new HeldOff();
      });
    } catch (error) {
      if (error instanceof HeldOff) return undefined;
      throw error;
    }
    return claimed;
  }

  /**
   * The password was right: the address starts over, and the attempt is taken back from
   * the account's count (it was no failure).
   */
  async succeeded(trx: Knex.Transaction, claimed: ClaimedAttempt): Promise<void> {
    await trx('rate_limits').where({ key: claimed.pairKey }).delete();
    if (claimed.accountKey) {
      await trx.raw(
        `update rate_limits
            set points = greatest(points - 1, 0),
                expire = case when points - 1 < ?::int then least(expire, ?::bigint) else expire end
          where key = ?`,
        [this.limits.perAccount, Date.now(), claimed.accountKey],
      );
    }
  }

  /**
   * Counts one failure-to-be under `key`, unless the key is held off. `points` is the run
   * of failures, `expire` the end of the hold-off (ms since the epoch; the claim's time
   * while below the limit). True when counted.
   */
  private async take(trx: Knex.Transaction, key: string, limit: number): Promise<boolean> {
    const now = Date.now();
    const first = now + (limit <= 1 ? FIRST_HOLD_MS : 0);
    const { rows } = await trx.raw<{ rows: Array<{ points: number }> }>(
      `insert into rate_limits as r (key, points, expire) values (?, 1, ?::bigint)
       on conflict (key) do update set
         points = case when r.expire < ?::bigint then 1 else r.points + 1 end,
         expire = case
                    when r.expire < ?::bigint then ?::bigint
                    when r.points + 1 >= ?::int then ?::bigint + least(?::float8, ?::float8 * power(2, least(r.points + 1 - ?::int, 30)))::bigint
                    else ?::bigint
                  end
       where r.points < ?::int or r.expire <= ?::bigint
       returning points`,
      [key, first, now - FORGET_MS, now - FORGET_MS, first, limit, now, MAX_HOLD_MS, FIRST_HOLD_MS, limit, now, limit, now],
    );
    return rows.length > 0;
  }
}
