import type { Knex } from 'knex';
import { z } from 'zod';
import { withOperatorAccess } from '../../db/tenant-context';
import { CALL_COLUMNS, callDetailSchema, callOutcome as outcome, callSchema, filteredCalls, findCallDetail, withDetails } from '../call-records';
import { AdminRouter } from '../auth/operator-access';
import { CALL_CSV_DESCRIPTION, callCsvSelection, sendCallsCsv } from '../call-export';
import { Problem } from '../problem';
import { contentRange, isoDateTime, listQuery } from './list-query';
import { operatorActor } from '../auth/authenticate';


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
const listParams = listQuery(SORTABLE, filter);
const exportParams = listParams.omit({ range: true });

const idParams = z.object({ id: z.uuid() });


function sorted(q: Knex.QueryBuilder, sort: readonly [string, 'ASC' | 'DESC'] | undefined): Knex.QueryBuilder {
  const [field, order] = sort ?? ['started_at', 'DESC'];
  return q.orderBy(`c.${field}`, order.toLowerCase() as 'asc' | 'desc', 'last').orderBy('c.id');
}


/** The admin API for call logs: list, detail and a CSV export (ra-data-simple-rest). */
export function adminCallRoutes(): AdminRouter {
  return new AdminRouter()
    .endpoint(
      {
        method: 'get',
        path: '/calls',
        access: { permission: 'tenants:read' },
        summary: 'List calls (sort, range, filter: id, tenant_id, call_sid, q, outcome, is_test, over_limit, started_after, started_before)',
        tags: ['admin', 'calls'],
        query: listParams,
        responses: { 200: { description: 'Calls without their transcripts; the total is in Content-Range', schema: z.array(callSchema) } },
      },
      async ({ query }, req, res) => {
        const [first, last] = query.range ?? [0, 24];
        const { rows, total } = await withOperatorAccess(operatorActor(req), async (trx) => {
          const base = filteredCalls(trx, query.filter ?? {});
          const [rows, counted] = await Promise.all([
            sorted(base.clone().select(CALL_COLUMNS), query.sort).offset(first).limit(last - first + 1),
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
        access: { permission: 'tenants:read' },
        summary: 'The filtered calls as a CSV download (filter and sort as for the list)',
        tags: ['admin', 'calls'],
        query: exportParams,
        responses: { 200: { description: CALL_CSV_DESCRIPTION, contentType: 'text/csv', schema: z.string() } },
      },
      async ({ query }, req, res) => {
        await withOperatorAccess(operatorActor(req), async (trx) => {
          const selection = sorted(callCsvSelection(trx, filteredCalls(trx, query.filter ?? {})), query.sort);
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
        tags: ['admin', 'calls'],
        params: idParams,
        responses: { 200: { description: 'The call', schema: callDetailSchema } },
      },
      async ({ params }, req, res) => {
        const call = await withOperatorAccess(operatorActor(req), (trx) => findCallDetail(trx, { id: params.id }));
        if (!call) throw Problem.notFound(`No call ${params.id}`);
        res.json(call);
      },
    );
}
