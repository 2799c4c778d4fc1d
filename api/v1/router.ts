import type { Request, Response } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { ApiScope } from '../../domain/api-scopes';
import { callerOf, requireScope } from '../auth/api-key-auth';
import type { TenantCaller } from '../auth/tenant-caller';
import { ApiRouter, type EndpointSpec, type Input } from '../http/endpoint';
import { Problem } from '../http/problem';

/** What every tenant API route may answer besides its own responses. */
const COMMON_RESPONSES = {
  401: { description: 'No API key, or an unknown, revoked or expired one' },
  403: { description: 'The key lacks the scope this route needs' },
  429: { description: 'Over the rate limit of the key or of the tenant; Retry-After says when to retry' },
};

type TenantApiSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = Omit<EndpointSpec<P, Q, B>, 'tags' | 'security'>;

/**
 * The tenant API's routes (`/api/v1`), each needing one scope of the request's API key.
 * The scope is checked before the request is validated, so a key without it learns
 * nothing about the route's input; the route's handler gets the accepted key.
 */
export class TenantApiRouter extends ApiRouter {
  constructor() {
    super('/api/v1', { tags: ['tenant-api'] });
  }

  route<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown>(
    scope: ApiScope,
    spec: TenantApiSpec<P, Q, B>,
    handler: (input: Input<P, Q, B>, key: TenantCaller, req: Request, res: Response) => unknown,
  ): this {
    this.router[spec.method](spec.path, requireScope(scope));
    return this.endpoint(
      { ...spec, security: [{ apiKey: [scope] }, { session: [scope] }], responses: { ...COMMON_RESPONSES, ...spec.responses } },
      (input, req, res) => handler(input, callerOf(req), req, res),
    );
  }
}


/** The records a key reaches: its company's, and of those the live ones with a live key, the sandbox ones with a test key. */
export const keyRecords = (key: TenantCaller) => ({ tenant_id: key.tenantId, is_test: key.mode === 'test' });

/** Writes with a test key reach sandbox data only; what has no sandbox copy is refused. */
export function liveKeyRequired(key: TenantCaller, what: string, doing: 'change' | 'read' = 'change'): void {
  if (key.mode === 'test') throw new Problem(403, 'Forbidden', `A test key cannot ${doing} ${what}, which is live data. Use a live key.`);
}

/**
 * Cursor paging, newest or soonest first: `limit` rows (1–100, 25 by default) and, for
 * the next page, the `cursor` the previous page gave as `next_cursor`. A cursor is
 * opaque to clients; it names the last row of the page before.
 */
export const pageQuery = {
  limit: z.coerce
    .number({ message: 'expected a whole number from 1 to 100' })
    .int('expected a whole number from 1 to 100')
    .min(1, 'expected a whole number from 1 to 100')
    .max(100, 'expected a whole number from 1 to 100')
    .default(25),
  cursor: z
    .string()
    .transform((value, ctx) => {
      const id = Buffer.from(value, 'base64url').toString('utf8');
      if (!z.uuid().safeParse(id).success) {
        ctx.addIssue({ code: 'custom', message: 'expected the next_cursor of a previous page' });
        return z.NEVER;
      }
      return id;
    })
    .optional(),
};

/** A list's order, which its cursor follows: by `column`, then id, from `table` (`alias` in the query). */
export interface Keyset {
  table: string;
  alias?: string;
  column: string;
  order: 'asc' | 'desc';
}

const keysetColumn = (keyset: Keyset, name: string) => (keyset.alias ? `${keyset.alias}.${name}` : name);

/** The keyset's order, for orderBy. */
export const keysetOrder = (keyset: Keyset) => [
  { column: keysetColumn(keyset, keyset.column), order: keyset.order },
  { column: keysetColumn(keyset, 'id'), order: keyset.order },
];

/** The query builders of knex and objection alike, as far as a page needs them. */
interface Pageable {
  whereRaw(sql: string, bindings: readonly Knex.RawBinding[]): unknown;
  orderBy(columns: ReturnType<typeof keysetOrder>): unknown;
  limit(count: number): unknown;
}

/**
 * Narrows `q` to a page in the keyset's order: the rows after the cursor's row, one more
 * than `limit` (so `page` can tell whether another page follows).
 */
export function pageAfterCursor<Q extends Pageable>(q: Q, keyset: Keyset, query: { cursor?: string; limit: number }): Q {
  if (query.cursor) {
    const after = keyset.order === 'desc' ? '<' : '>';
    q.whereRaw(`(??, ??) ${after} (select ??, id from ?? where id = ?)`, [keysetColumn(keyset, keyset.column), keysetColumn(keyset, 'id'), keyset.column, keyset.table, query.cursor]);
  }
  q.orderBy(keysetOrder(keyset));
  q.limit(query.limit + 1);
  return q;
}

export const pageOf = <S extends z.ZodType>(item: S) => z.object({ data: z.array(item), next_cursor: z.string().nullable() });

/** A page of `limit` rows out of `rows` (fetched with one more, to know whether a next page exists). */
export function page<T extends { id: string }>(rows: T[], limit: number): { data: T[]; next_cursor: string | null } {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, next_cursor: rows.length > limit && last ? Buffer.from(last.id, 'utf8').toString('base64url') : null };
}
