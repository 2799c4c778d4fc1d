import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Knex } from 'knex';
import { z } from 'zod';
import { withTenant } from '../../db/tenant-context';
import { spreadsheetSafeCast } from '../../domain/spreadsheet';
import { CALL_COLUMNS, CALL_DETAILS, callDetailSchema, callOutcome, callSchema, filteredCalls, findCallDetail, withDetails } from '../call-records';
import { Problem } from '../problem';
import { isoDateTime } from '../admin/list-query';
import { TenantApiRouter, page, pageOf, pageQuery } from './router';

const filters = {
  outcome: z.union([callOutcome, z.array(callOutcome).max(20)]).optional(),
  started_after: isoDateTime.optional(),
  started_before: isoDateTime.optional(),
};
const listQuery = z.object({ ...pageQuery, ...filters });
const exportQuery = z.object(filters);

/** The columns of the operators' export (api/admin/calls.ts), so a company's file reads like theirs. */
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

const CURSOR_BATCH = 500;

/** The query's rows, fetched in batches through a server-side cursor that lives as long as the tenant's transaction. */
async function* cursorRows(trx: Knex.Transaction, query: Knex.QueryBuilder): AsyncGenerator<Record<string, unknown>> {
  const { sql, bindings } = query.toSQL();
  await trx.raw(`declare tenant_calls_export no scroll cursor for ${sql}`, bindings);
  for (;;) {
    const { rows } = (await trx.raw(`fetch ${CURSOR_BATCH} from tenant_calls_export`)) as { rows: Array<Record<string, unknown>> };
    yield* rows;
    if (rows.length < CURSOR_BATCH) return;
  }
}

/**
 * The tenant's calls. A live key sees live calls, a test key the calls its tenant took in
 * test mode (`is_test`), never the other kind.
 */
export function tenantApiCallRoutes(): TenantApiRouter {
  return new TenantApiRouter()
    .route(
      'calls:read',
      {
        method: 'get',
        path: '/calls',
        summary: 'List calls, newest first (paging: limit, cursor; filters: outcome, started_after, started_before)',
        query: listQuery,
        responses: { 200: { description: 'A page of calls without their transcripts, and the cursor of the next page (null on the last)', schema: pageOf(callSchema) } },
      },
      async ({ query }, key, _req, res) => {
        const rows = await withTenant(key.tenantId, (trx) =>
          filteredCalls(trx, {
            tenant_id: key.tenantId,
            is_test: key.mode === 'test',
            outcome: query.outcome,
            started_after: query.started_after,
            started_before: query.started_before,
          })
            .modify((q) => {
              if (query.cursor) q.whereRaw('(c.started_at, c.id) < (select started_at, id from call_logs where id = ?)', [query.cursor]);
            })
            .select(CALL_COLUMNS)
            .orderBy([
              { column: 'c.started_at', order: 'desc' },
              { column: 'c.id', order: 'desc' },
            ])
            .limit(query.limit + 1),
        );
        res.json(page(rows.map(withDetails), query.limit));
      },
    )
    .route(
      'calls:read',
      {
        method: 'get',
        path: '/calls/export.csv',
        summary: 'The calls as a CSV download, newest first, with the list\'s filters (outcome, started_after, started_before); spreadsheet-safe',
        query: exportQuery,
        responses: { 200: { description: `One header row (${CSV_COLUMNS.join(', ')}), then one row per call`, contentType: 'text/csv', schema: z.string() } },
      },
      async ({ query }, key, _req, res) => {
        await withTenant(key.tenantId, async (trx) => {
          const selection = filteredCalls(trx, {
            tenant_id: key.tenantId,
            is_test: key.mode === 'test',
            outcome: query.outcome,
            started_after: query.started_after,
            started_before: query.started_before,
          })
            .select(
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
              ...CALL_DETAILS.map((k) => trx.raw('c.details->>? as ??', [k, k])),
              'c.transferred_to',
              'c.over_limit',
              'c.is_test',
            )
            .orderBy([
              { column: 'c.started_at', order: 'desc' },
              { column: 'c.id', order: 'desc' },
            ]);
          const csv = stringify({
            header: true,
            columns: [...CSV_COLUMNS],
            cast: { date: (value) => value.toISOString(), boolean: (value) => String(value), ...spreadsheetSafeCast },
          });
          res.status(200).type('text/csv').setHeader('Content-Disposition', 'attachment; filename="calls.csv"');
          try {
            // The rows go out as the database yields them, within the transaction (and scope) that reads them.
            await pipeline(Readable.from(cursorRows(trx, selection)), csv, res);
          } catch (error) {
            // A download cancelled by the client is not an error of ours.
            if ((error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
            throw error;
          }
        });
      },
    )
    .route(
      'calls:read',
      {
        method: 'get',
        path: '/calls/:id',
        summary: 'One call, with its transcript and the appointment it booked',
        params: z.object({ id: z.uuid() }),
        responses: { 200: { description: 'The call', schema: callDetailSchema }, 404: { description: 'No such call for this key' } },
      },
      async ({ params }, key, _req, res) => {
        const call = await withTenant(key.tenantId, (trx) => findCallDetail(trx, { id: params.id, tenant_id: key.tenantId, is_test: key.mode === 'test' }));
        if (!call) throw Problem.notFound(`No call ${params.id}`);
        res.json(call);
      },
    );
}
