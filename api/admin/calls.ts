import type { Knex } from 'knex';
import { z } from 'zod';
import { withOperatorAccess } from '../../db/tenant-context';
import { ADMIN_CALL_COLUMNS, adminCallDetailSchema, adminCallSchema, callOutcome as outcome, filteredCalls, findCallDetail, withDetails } from '../call-records';
import { AdminRouter } from '../auth/operator-access';
import { CALL_CSV_DESCRIPTION, callCsvSelection, sendCallsCsv } from '../call-export';
import { Problem } from '../http/problem';
import { countRows, isoDateTime, listQuery, listRequest, pageWithTotal, sendPage, uuids } from './list-query';
import { operatorActor } from '../auth/authenticate';



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
const listParams = listQuery(SORTABLE, filter);
const exportParams = listParams.omit({ range: true });

const idParams = z.object({ id: z.uuid() });


/** The list's and the export's order when the request names none: newest first. */
const DEFAULT_SORT = ['started_at', 'DESC'] as const;

function sorted(q: Knex.QueryBuilder, order: { field: string; direction: 'asc' | 'desc' }): Knex.QueryBuilder {
  return q.orderBy(`c.${order.field}`, order.direction, 'last').orderBy('c.id');
}


/** The admin API for call logs: list, detail and a CSV export (ra-data-simple-rest). */
export function adminCallRoutes(): AdminRouter {
  return new AdminRouter({ tags: ['admin', 'calls'] })
    .endpoint(
      {
        method: 'get',
        path: '/calls',
        access: { permission: 'tenants:read' },
        summary: 'List calls (sort, range, filter: id, tenant_id, call_sid, q, outcome, is_test, over_limit, started_after, started_before)',
        query: listParams,
        responses: { 200: { description: 'Calls without their transcripts; the total is in Content-Range', schema: z.array(adminCallSchema) } },
      },
      async ({ query }, req, res) => {
        const list = listRequest(query, DEFAULT_SORT);
        const { rows, total } = await withOperatorAccess(operatorActor(req), (trx) => {
          const base = filteredCalls(trx, list.filter);
          return pageWithTotal<z.input<typeof adminCallSchema>>(list, sorted(base.clone().select(ADMIN_CALL_COLUMNS), list), countRows(base));
        });
        sendPage(res, 'calls', list, rows.map(withDetails), total);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/calls/export.csv',
        access: { permission: 'tenants:read' },
        summary: 'The filtered calls as a CSV download (filter and sort as for the list)',
        query: exportParams,
        responses: { 200: { description: CALL_CSV_DESCRIPTION, contentType: 'text/csv', schema: z.string() } },
      },
      async ({ query }, req, res) => {
        await withOperatorAccess(operatorActor(req), async (trx) => {
          const list = listRequest(query, DEFAULT_SORT);
          const selection = sorted(callCsvSelection(trx, filteredCalls(trx, list.filter)), list);
          await sendCallsCsv(trx, selection, res);
        });
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/calls/:id',
        access: { permission: 'tenants:read' },
        summary: 'One call, with its transcript and the appointment it booked',
        params: idParams,
        responses: { 200: { description: 'The call', schema: adminCallDetailSchema } },
      },
      async ({ params }, req, res) => {
        const call = await withOperatorAccess(operatorActor(req), (trx) => findCallDetail(trx, { id: params.id }, 'operator'));
        if (!call) throw Problem.notFound(`No call ${params.id}`);
        res.json(call);
      },
    );
}
