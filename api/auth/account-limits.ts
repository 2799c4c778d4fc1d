import type { Knex } from 'knex';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { within } from '../../lib/within';
import { Problem } from '../http/problem';

/** The counters live in Postgres; past this they count as down (and the limit fails closed). */
const LIMITER_TIMEOUT_MS = 2_000;

/**
 * A limit counted under a key the request does not carry (an account, a phone number),
 * known only once the handler has read it: the route-level limiters (api/rate-limit.ts)
 * count per client address before the handler runs. The counts share the `rate_limits`
 * table, so every API process sees them. It fails closed: these limits stand between the
 * public and costly or guessable work (texts cost money and can be pumped; reset mail),
 * so while they cannot be counted the work is refused (503).
 */
export class AccountLimit {
  private readonly limiter: RateLimiterPostgres | undefined;

  constructor(
    db: Knex,
    readonly policy: string,
    spec: { points: number; durationMs: number } | null,
  ) {
    this.limiter = spec
      ? new RateLimiterPostgres({
          storeClient: db,
          storeType: 'knex',
          tableName: 'rate_limits',
          tableCreated: true, // by db/migrations/006_rate_limits.ts
          keyPrefix: policy,
          points: spec.points,
          duration: spec.durationMs / 1000,
        })
      : undefined;
  }

  /** Counts one under `key`: undefined when allowed, else the seconds until it would be. */
  async take(key: string): Promise<number | undefined> {
    if (!this.limiter) return undefined;
    try {
      const taken = await within(LIMITER_TIMEOUT_MS, this.limiter.consume(key));
      if (!taken) throw new Error('the counter did not answer in time');
      return undefined;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw Problem.unavailable(`The ${this.policy} limit cannot be counted at the moment, so nothing was sent; retry in a little while.`);
    }
  }

  /** Gives back what `take` counted, for work that did not happen (a text the provider refused). */
  async giveBack(key: string): Promise<void> {
    await this.limiter?.reward(key, 1).catch(() => undefined);
  }
}
