import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { DataExport } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import type { Config } from '../../lib/config';
import { actorOf, requestIdOf } from '../http/audit-actor';
import type { TenantCaller } from '../auth/tenant-caller';
import { exportRecord, exportRecordSchema, liveExportRecord, requestExport } from '../data-export-records';
import { Problem } from '../http/problem';
import { TenantApiRouter, page, pageAfterCursor, pageOf, pageQuery, type Keyset } from './router';

const NEWEST_FIRST: Keyset = { table: 'data_exports', column: 'created_at', order: 'desc' };

/** An export holds the company's live data: a test key, which sees sandbox data only, has no business with it. */
function liveCallerRequired(caller: TenantCaller): void {
  if (caller.mode === 'test') throw new Problem(403, 'Forbidden', 'A test key cannot reach data exports: they hold live data. Use a live key.');
}

/**
 * The company's own data exports (GDPR article 20): owners and admins (or a key with
 * `exports:write`) ask for one; members (or `exports:read`) follow them and download the
 * zip through the record's signed link.
 */
export function tenantApiExportRoutes(deps: { config: Config; temporal: Client; secret: string }): TenantApiRouter {
  return new TenantApiRouter()
    .route(
      'exports:write',
      {
        method: 'post',
        path: '/exports',
        summary: "Export all of the company's data (a zip of NDJSON files with a manifest); while one is pending or running, that one is answered",
        body: z.object({}),
        responses: {
          202: { description: 'The export started; follow it with GET /exports/{id}', schema: exportRecordSchema },
          200: { description: 'An export is already pending or running: that one', schema: exportRecordSchema },
          503: { description: 'Temporal is unreachable; nothing was started' },
        },
      },
      async (_input, caller, req, res) => {
        liveCallerRequired(caller);
        const { record, created } = await requestExport({
          temporal: deps.temporal,
          config: deps.config,
          secret: deps.secret,
          tenantId: caller.tenantId,
          actor: actorOf(caller),
          requestId: requestIdOf(req),
          scope: (work) => withTenant(caller.tenantId, work),
        });
        res.status(created ? 202 : 200).json(record);
      },
    )
    .route(
      'exports:read',
      {
        method: 'get',
        path: '/exports',
        summary: "The company's data exports, newest first (paging: limit, cursor)",
        query: z.object(pageQuery),
        responses: { 200: { description: 'A page of exports, and the cursor of the next page (null on the last)', schema: pageOf(exportRecordSchema) } },
      },
      async ({ query }, caller, _req, res) => {
        liveCallerRequired(caller);
        const rows = await withTenant(caller.tenantId, () => pageAfterCursor(DataExport.query().where('tenant_id', caller.tenantId), NEWEST_FIRST, query));
        const now = new Date();
        res.json(page(rows.map((row) => exportRecord(row, deps.secret, now)), query.limit));
      },
    )
    .route(
      'exports:read',
      {
        method: 'get',
        path: '/exports/:id',
        summary: 'One data export: status, progress (live while it runs) and, once done, the signed link of the zip',
        params: z.object({ id: z.uuid() }),
        responses: { 200: { description: 'The export', schema: exportRecordSchema }, 404: { description: 'No such export for this company' } },
      },
      async ({ params }, caller, _req, res) => {
        liveCallerRequired(caller);
        const row = await withTenant(caller.tenantId, () => DataExport.query().findById(params.id));
        if (!row) throw Problem.notFound(`No export ${params.id}`);
        res.json(await liveExportRecord(deps.temporal, row, deps.secret));
      },
    );
}
