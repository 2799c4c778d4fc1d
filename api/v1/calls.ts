import type { Knex } from 'knex';
import { z } from 'zod';
import { withTenant } from '../../db/tenant-context';
import { CALL_COLUMNS, callDetailSchema, callOutcome, callSchema, filteredCalls, findCallDetail, withDetails } from '../call-records';
import { CALL_CSV_DESCRIPTION, callCsvSelection, sendCallsCsv } from '../call-export';
import { Problem } from '../http/problem';
import { isoDateTime } from '../admin/list-query';
import type { TenantCaller } from '../auth/tenant-caller';
import { TenantApiRouter, keyRecords, keysetOrder, page, pageAfterCursor, pageOf, pageQuery, type Keyset } from './router';

const filters = {
  outcome: z.union([callOutcome, z.array(callOutcome).max(20)]).optional(),
  started_after: isoDateTime.optional(),
  started_before: isoDateTime.optional(),
};
const listQuery = z.object({ ...pageQuery, ...filters });
const exportQuery = z.object(filters);

/** The list and the export: newest first. */
const NEWEST_FIRST: Keyset = { table: 'call_logs', alias: 'c', column: 'started_at', order: 'desc' };

/** The calls a key sees (live or test ones, as the key is), with the list's filters. */
const callsOf = (trx: Knex.Transaction, key: TenantCaller, query: z.output<typeof exportQuery>) =>
  filteredCalls(trx, {
    ...keyRecords(key),
    outcome: query.outcome,
    started_after: query.started_after,
    started_before: query.started_before,
  });


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
        const rows = await withTenant(key.tenantId, (trx) => pageAfterCursor(callsOf(trx, key, query).select(CALL_COLUMNS), NEWEST_FIRST, query));
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
        responses: { 200: { description: CALL_CSV_DESCRIPTION, contentType: 'text/csv', schema: z.string() } },
      },
      async ({ query }, key, _req, res) => {
        await withTenant(key.tenantId, async (trx) => {
          const selection = callCsvSelection(trx, callsOf(trx, key, query)).orderBy(keysetOrder(NEWEST_FIRST));
          await sendCallsCsv(trx, selection, res);
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
        const call = await withTenant(key.tenantId, (trx) => findCallDetail(trx, { id: params.id, ...keyRecords(key) }));
        if (!call) throw Problem.notFound(`No call ${params.id}`);
        res.json(call);
      },
    );
}
