import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Knex } from 'knex';
import { z } from 'zod';
import { CALL_OUTCOMES } from '../../activities/calls';
import { withOperatorAccess } from '../../db/tenant-context';
import { ApiRouter } from '../endpoint';
import { Problem } from '../problem';
import { appointmentSchema, findAppointment } from './appointments';
import { containsPattern, contentRange, isoDateTime, listQuery } from './list-query';

const operator = { type: 'operator' as const, id: 'operator-token' };

const outcome = z.enum(CALL_OUTCOMES, { message: `expected one of ${CALL_OUTCOMES.join(', ')}` });
const uuids = z.union([z.uuid(), z.array(z.uuid()).max(1000)]);

const SORTABLE = ['started_at', 'duration_seconds', 'outcome', 'status'] as const;
const filter = z.object({
  id: uuids.optional(),
  tenant_id: uuids.optional(),
  call_sid: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
  outcome: z.union([outcome, z.array(outcome)]).optional(),
  is_test: z.boolean().optional(),
  over_limit: z.boolean().optional(),
  started_after: isoDateTime.optional(),
  started_before: isoDateTime.optional(),
});
type CallFilter = z.output<typeof filter>;
const listParams = listQuery(SORTABLE, filter);
const exportParams = listParams.omit({ range: true });

const idParams = z.object({ id: z.uuid() });

const detailsSchema = z.object({
  customer_name: z.string().nullable(),
  callback_number: z.string().nullable(),
  service_type: z.string().nullable(),
  sentiment: z.string().nullable(),
});
const callSchema = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  company_name: z.string(),
  call_sid: z.string(),
  from_number: z.string().nullable(),
  to_number: z.string().nullable(),
  status: z.string(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  duration_seconds: z.number().nullable(),
  summary: z.string().nullable(),
  outcome: z.string().nullable(),
  details: detailsSchema,
  appointment_id: z.uuid().nullable(),
  transferred_to: z.string().nullable(),
  over_limit: z.boolean(),
  is_test: z.boolean(),
});
const callDetailSchema = callSchema.extend({
  transcript: z.array(z.object({ role: z.enum(['caller', 'agent']), text: z.string(), at: z.string() })),
  appointment: appointmentSchema.nullable(),
});

const LIST_COLUMNS = [
  'c.id',
  'c.tenant_id',
  't.company_name',
  'c.call_sid',
  'c.from_number',
  'c.to_number',
  'c.status',
  'c.started_at',
  'c.ended_at',
  'c.duration_seconds',
  'c.summary',
  'c.outcome',
  'c.details',
  'c.appointment_id',
  'c.transferred_to',
  'c.over_limit',
  'c.is_test',
];

const DETAILS = ['customer_name', 'callback_number', 'service_type', 'sentiment'] as const;

const CSV_COLUMNS = [
  'call_sid',
  'company_name',
  'started_at',
  'ended_at',
  'duration_seconds',
  'from_number',
  'to_number',
  'status',
  'outcome',
  'summary',
  'customer_name',
  'callback_number',
  'service_type',
  'sentiment',
  'transferred_to',
  'over_limit',
  'is_test',
] as const;

/** Calls with their company, narrowed by the filter. */
function filteredCalls(trx: Knex.Transaction, f: CallFilter): Knex.QueryBuilder {
  return trx('call_logs as c')
    .join('tenants as t', 't.id', 'c.tenant_id')
    .modify((q) => {
      if (f.id) q.whereIn('c.id', ([] as string[]).concat(f.id));
      if (f.tenant_id) q.whereIn('c.tenant_id', ([] as string[]).concat(f.tenant_id));
      if (f.call_sid) q.where('c.call_sid', f.call_sid);
      if (f.outcome) q.whereIn('c.outcome', ([] as string[]).concat(f.outcome));
      if (f.is_test !== undefined) q.where('c.is_test', f.is_test);
      if (f.over_limit !== undefined) q.where('c.over_limit', f.over_limit);
      if (f.started_after) q.where('c.started_at', '>=', f.started_after);
      if (f.started_before) q.where('c.started_at', '<', f.started_before);
      if (f.q) {
        const like = containsPattern(f.q);
        // Only what was said: the transcript's JSON keys ("role", "agent"…) would match every call.
        q.where((w) =>
          w.whereILike('c.summary', like).orWhereRaw(`exists (select 1 from jsonb_array_elements(c.transcript) turn where turn->>'text' ilike ?)`, [like]),
        );
      }
    });
}

function sorted(q: Knex.QueryBuilder, sort: readonly [string, 'ASC' | 'DESC'] | undefined): Knex.QueryBuilder {
  const [field, order] = sort ?? ['started_at', 'DESC'];
  return q.orderBy(`c.${field}`, order.toLowerCase() as 'asc' | 'desc', 'last').orderBy('c.id');
}

/** The four headline fields of the structured summary, null when the summariser left one out. */
function withDetails<T extends { details: Record<string, unknown> | null }>(row: T): T {
  const details = row.details ?? {};
  return { ...row, details: Object.fromEntries(DETAILS.map((k) => [k, details[k] ?? null])) };
}

const CURSOR_BATCH = 500;

/** The query's rows, fetched in batches through a server-side cursor that lives as long as the transaction. */
async function* cursorRows(trx: Knex.Transaction, query: Knex.QueryBuilder): AsyncGenerator<Record<string, unknown>> {
  const { sql, bindings } = query.toSQL();
  await trx.raw(`declare calls_export no scroll cursor for ${sql}`, bindings);
  for (;;) {
    const { rows } = (await trx.raw(`fetch ${CURSOR_BATCH} from calls_export`)) as { rows: Array<Record<string, unknown>> };
    yield* rows;
    if (rows.length < CURSOR_BATCH) return;
  }
}

/** Columns holding what callers said or the model wrote, which a spreadsheet must not run. */
const FREE_TEXT = new Set(['summary', 'customer_name', 'service_type']);

/** A spreadsheet runs a cell starting with = + - @ as a formula; a leading quote keeps it text. */
function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The admin API for call logs: list, detail and a CSV export (ra-data-simple-rest). */
export function adminCallRoutes(): ApiRouter {
  return new ApiRouter('/api/admin')
    .endpoint(
      {
        method: 'get',
        path: '/calls',
        summary: 'List calls (sort, range, filter: id, tenant_id, call_sid, q, outcome, is_test, over_limit, started_after, started_before)',
        tags: ['admin', 'calls'],
        query: listParams,
        responses: { 200: { description: 'Calls without their transcripts; the total is in Content-Range', schema: z.array(callSchema) } },
      },
      async ({ query }, _req, res) => {
        const [first, last] = query.range ?? [0, 24];
        const { rows, total } = await withOperatorAccess(operator, async (trx) => {
          const base = filteredCalls(trx, query.filter ?? {});
          const [rows, counted] = await Promise.all([
            sorted(base.clone().select(LIST_COLUMNS), query.sort).offset(first).limit(last - first + 1),
            base.clone().count<Array<{ n: string }>>({ n: '*' }),
          ]);
          return { rows, total: Number(counted[0]?.n ?? 0) };
        });
        res.setHeader('Content-Range', contentRange('calls', first, rows.length, total));
        res.json(rows.map(withDetails));
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/calls/export.csv',
        summary: 'The filtered calls as a CSV download (filter and sort as for the list)',
        tags: ['admin', 'calls'],
        query: exportParams,
        responses: { 200: { description: `One header row (${CSV_COLUMNS.join(', ')}), then one row per call`, contentType: 'text/csv', schema: z.string() } },
      },
      async ({ query }, _req, res) => {
        await withOperatorAccess(operator, async (trx) => {
          const selection = sorted(
            filteredCalls(trx, query.filter ?? {}).select(
              'c.call_sid',
              't.company_name',
              'c.started_at',
              'c.ended_at',
              'c.duration_seconds',
              'c.from_number',
              'c.to_number',
              'c.status',
              'c.outcome',
              'c.summary',
              ...DETAILS.map((k) => trx.raw('c.details->>? as ??', [k, k])),
              'c.transferred_to',
              'c.over_limit',
              'c.is_test',
            ),
            query.sort,
          );
          const csv = stringify({
            header: true,
            columns: [...CSV_COLUMNS],
            cast: {
              date: (value) => value.toISOString(),
              boolean: (value) => String(value),
              string: (value, context) => (FREE_TEXT.has(String(context.column)) ? spreadsheetSafe(value) : value),
            },
          });
          res.status(200).type('text/csv').setHeader('Content-Disposition', 'attachment; filename="calls.csv"');
          try {
            // The rows go out as the database yields them, within the transaction that reads them.
            await pipeline(Readable.from(cursorRows(trx, selection)), csv, res);
          } catch (error) {
            // An operator who cancels the download is not an error of ours.
            if ((error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
            throw error;
          }
        });
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/calls/:id',
        summary: 'One call, with its transcript and the appointment it booked',
        tags: ['admin', 'calls'],
        params: idParams,
        responses: { 200: { description: 'The call', schema: callDetailSchema } },
      },
      async ({ params }, _req, res) => {
        const call = await withOperatorAccess(operator, async (trx) => {
          const row = await filteredCalls(trx, { id: params.id }).first([...LIST_COLUMNS, 'c.transcript']);
          if (!row) return undefined;
          const appointment = row.appointment_id ? await findAppointment(trx, row.appointment_id) : undefined;
          return { ...withDetails(row), appointment: appointment ?? null };
        });
        if (!call) throw Problem.notFound(`No call ${params.id}`);
        res.json(call);
      },
    );
}
