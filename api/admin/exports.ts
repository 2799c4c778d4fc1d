import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { DataExport } from '../../db/models';
import { DATA_EXPORT_STATUSES } from '../../db/models/data-export';
import { withOperatorAccess } from '../../db/tenant-context';
import type { Config } from '../../lib/config';
import { requestIdOf } from '../http/audit-actor';
import { operatorActor } from '../auth/authenticate';
import { exportRecord, exportRecordSchema, liveExportRecord, requestExport } from '../data-export-records';
import { AdminRouter, tenantParam } from '../auth/operator-access';
import { Problem } from '../http/problem';
import { listOf, listQuery, listRequest, pageWithTotal, sendPage, uuids } from './list-query';

const status = z.enum(DATA_EXPORT_STATUSES, { message: `expected one of ${DATA_EXPORT_STATUSES.join(', ')}` });
const filter = z.object({
  id: uuids.optional(),
  tenant_id: z.uuid().optional(),
  status: z.union([status, z.array(status).max(DATA_EXPORT_STATUSES.length)]).optional(),
});
const idParams = z.object({ id: z.uuid() });

/**
 * Data exports (GDPR article 20) for operators: ask for a tenant's, follow its progress,
 * list every tenant's. The record carries the signed download link once the zip is ready.
 */
export function adminExportRoutes(deps: { config: Config; temporal: Client; secret: string }): AdminRouter {
  return new AdminRouter({ tags: ['admin', 'exports'] })
    .endpoint(
      {
        method: 'post',
        path: '/tenants/:id/actions/export',
        access: { permission: 'tenants:write', tenant: tenantParam },
        summary: "Export all of a tenant's data as a zip of NDJSON files with a manifest; while one is pending or running, that one is answered",
        params: idParams,
        responses: {
          202: { description: 'The export started', schema: exportRecordSchema },
          200: { description: 'An export of this tenant is already pending or running: that one', schema: exportRecordSchema },
          404: { description: 'No such tenant' },
          409: { description: "The tenant's data is erased" },
          503: { description: 'Temporal is unreachable; nothing was started' },
        },
      },
      async ({ params }, req, res) => {
        const actor = operatorActor(req);
        const { record, created } = await requestExport({
          temporal: deps.temporal,
          config: deps.config,
          secret: deps.secret,
          tenantId: params.id,
          actor,
          requestId: requestIdOf(req),
          scope: (work) => withOperatorAccess(actor, work),
        });
        res.status(created ? 202 : 200).json(record);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/exports',
        access: { permission: 'tenants:read' },
        summary: 'List data exports, newest first by default (sort, range; filter: id, tenant_id, status)',
        query: listQuery(['created_at', 'completed_at', 'expires_at', 'status', 'progress_percent', 'size_bytes'], filter),
        responses: { 200: { description: 'Exports; the total is in Content-Range', schema: z.array(exportRecordSchema) } },
      },
      async ({ query }, req, res) => {
        const list = listRequest(query, ['created_at', 'DESC']);
        const f = list.filter;
        const { rows, total } = await withOperatorAccess(operatorActor(req), () => {
          const base = DataExport.query().modify((q) => {
            if (f.id) q.whereIn('id', listOf(f.id));
            if (f.tenant_id) q.where('tenant_id', f.tenant_id);
            if (f.status) q.whereIn('status', listOf(f.status));
          });
          return pageWithTotal(list, base.clone().orderBy(list.field, list.direction, 'last').orderBy('id'), base.clone().resultSize());
        });
        const now = new Date();
        sendPage(res, 'exports', list, rows.map((row) => exportRecord(row, deps.secret, now)), total);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/exports/:id',
        access: { permission: 'tenants:read' },
        summary: "One data export: its status and progress (live from its workflow while it runs) and, once done, the zip's signed link",
        params: idParams,
        responses: { 200: { description: 'The export', schema: exportRecordSchema }, 404: { description: 'No such export' } },
      },
      async ({ params }, req, res) => {
        const row = await withOperatorAccess(operatorActor(req), () => DataExport.query().findById(params.id));
        if (!row) throw Problem.notFound(`No export ${params.id}`);
        res.json(await liveExportRecord(deps.temporal, row, deps.secret));
      },
    );
}
