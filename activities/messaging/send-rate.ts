import type { Knex } from 'knex';
import { database } from '../../db/connection';

const WINDOW_MS = 60_000;

/** The counter of a company's sends, in the shared `rate_limits` table (outside row-level security: it names no one). */
export const sendRateKey = (tenantId: string) => `messages:${tenantId}`;

/**
 * Takes one of the company's sends of this minute: a fixed window counted in Postgres, so
 * every worker and API process shares it. Over the rate, nothing is counted and the answer
 * says how long until the window ends. `db`: the send's own transaction, so the slot and the
 * send's mark commit together (the counter's row stays locked until then: keep what follows
 * short).
 */
export async function takeSendSlot(
  tenantId: string,
  perMinute: number,
  db: Knex | Knex.Transaction = database(),
): Promise<{ allowed: true } | { allowed: false; retryAfterMs: number }> {
  const now = Date.now();
  const { rows } = await db.raw<{ rows: Array<{ points: number; expire: string }> }>(
    `insert into rate_limits (key, points, expire) values (?, 1, ?)
     on conflict (key) do update set
       points = case when rate_limits.expire is null or rate_limits.expire <= ? then 1 else rate_limits.points + 1 end,
       expire = case when rate_limits.expire is null or rate_limits.expire <= ? then excluded.expire else rate_limits.expire end
     returning points, expire`,
    [sendRateKey(tenantId), now + WINDOW_MS, now, now],
  );
  const { points, expire } = rows[0]!;
  if (points <= perMinute) return { allowed: true };
  // Over: the attempt is not a send, so it does not use up the next one.
  await db('rate_limits').where({ key: sendRateKey(tenantId) }).decrement('points', 1);
  return { allowed: false, retryAfterMs: Math.max(1_000, Number(expire) - now) };
}
