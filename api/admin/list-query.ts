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
