import type { Response } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';

/**
 * The ra-data-simple-rest dialect of list requests: `sort=["field","ASC"]`,
 * `range=[0,24]`, `filter={"status":"trial"}`, each a JSON text in the query string.
 */
const json = <T extends z.ZodType>(schema: T, label: string) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `expected ${label} as JSON` });
        return z.NEVER;
      }
    })
    .pipe(schema);

export function listQuery<F extends string, T extends z.ZodType<Record<string, unknown>>>(sortable: readonly [F, ...F[]], filter: T) {
  return z.object({
    sort: json(z.tuple([z.enum(sortable), z.enum(['ASC', 'DESC'])]), '["field","ASC|DESC"]').optional(),
    range: json(
      z.tuple([z.number().int().min(0), z.number().int().min(0)]).refine(([a, b]) => b >= a && b - a < 1000, 'expected [first,last], at most 1000 rows'),
      '[first,last]',
    ).optional(),
    filter: json(filter, 'an object').optional(),
  });
}

/** `Content-Range: tenants 0-24/319`, which react-admin reads for the total. */
export function contentRange(resource: string, first: number, count: number, total: number): string {
  return count === 0 ? `${resource} */${total}` : `${resource} ${first}-${first + count - 1}/${total}`;
}

/** One id or a list of them: react-admin's getMany asks for `filter={"id":[…]}`. */
export const uuids = z.union([z.uuid(), z.array(z.uuid()).max(1000)]);

/** A one-or-many filter's values as a list, for whereIn. */
export const listOf = <T>(value: T | T[]): T[] => ([] as T[]).concat(value);

type Sort<F extends string> = readonly [F, 'ASC' | 'DESC'];

/** Which rows of a list to read: `range=[first,last]`. */
export interface ListPage {
  offset: number;
  limit: number;
}

/**
 * A parsed list request with the route's defaults filled in: the first 25 rows when it
 * names no range, the route's order when it names no sort, no filter as `{}`.
 */
export function listRequest<F extends string, Filter extends object>(
  query: { sort?: Sort<F>; range?: readonly [number, number]; filter?: Filter },
  defaultSort: Sort<NoInfer<F>>,
): ListPage & { field: F; order: 'ASC' | 'DESC'; direction: 'asc' | 'desc'; filter: Filter } {
  const [first, last] = query.range ?? [0, 24];
  const [field, order] = query.sort ?? defaultSort;
  return { offset: first, limit: last - first + 1, field, order, direction: order === 'ASC' ? 'asc' : 'desc', filter: query.filter ?? ({} as Filter) };
}

/** The page of ordered rows a list request asks for, and how many rows there are in all, read side by side. */
export async function pageWithTotal<Row>(
  page: ListPage,
  ordered: { offset(n: number): { limit(n: number): PromiseLike<Row[]> } },
  total: PromiseLike<number>,
): Promise<{ rows: Row[]; total: number }> {
  const [rows, count] = await Promise.all([ordered.offset(page.offset).limit(page.limit), total]);
  return { rows, total: count };
}

/** How many rows a knex query selects. */
export async function countRows(query: Knex.QueryBuilder): Promise<number> {
  const [counted] = await query.clone().count<Array<{ n: string }>>({ n: '*' });
  return Number(counted?.n ?? 0);
}

/** Answers a list request: the page's rows, and in Content-Range the total react-admin pages by. */
export function sendPage(res: Response, resource: string, page: ListPage, rows: unknown[], total: number): void {
  res.setHeader('Content-Range', contentRange(resource, page.offset, rows.length, total));
  res.json(rows);
}

/** Answers a request for a whole list (one page holds every row). */
export function sendAll(res: Response, resource: string, rows: unknown[]): void {
  sendPage(res, resource, { offset: 0, limit: rows.length }, rows, rows.length);
}

/** A case-insensitive "contains" pattern for ILIKE, with the user's % _ and \ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Date-time bounds in filters: ISO 8601 with a zone (Z or an offset), so they mean one
 * instant; year 0000, which ISO 8601 has and Postgres does not, is refused.
 */
export const isoDateTime = z.iso
  .datetime({ offset: true, message: 'expected an ISO date-time such as 2025-03-01T09:00:00Z' })
  .refine((value) => !value.startsWith('0000'), 'expected a year from 0001 on');

/** A filter on one of `values`, or on several (`{"status":["a","b"]}`), refused with the values it may take. */
export const oneOrMany = <T extends readonly [string, ...string[]]>(values: T) =>
  z.union([z.enum(values), z.array(z.enum(values)).max(values.length)], { message: `expected one of ${values.join(', ')}, or a list of them` });
