import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { withTenant } from '../../db/tenant-context';
import type { Config } from '../../lib/config';
import { actorOf, requestIdOf } from '../http/audit-actor';
import { Problem } from '../http/problem';
import { JOB_COLUMNS, announceJobStatus, createJob, findJob, jobChanges, jobSchema, jobStatus, newJob, updateJob } from '../job-records';
import { TenantApiRouter, liveKeyRequired, page, pageAfterCursor, pageOf, pageQuery, type Keyset } from './router';

const listQuery = z.object({
  ...pageQuery,
  status: z.union([jobStatus, z.array(jobStatus).max(5)]).optional(),
  contact_id: z.uuid().optional(),
  external_ref: z.string().max(100).optional(),
});

const idParams = z.object({ id: z.uuid() });

const NEWEST_FIRST: Keyset = { table: 'jobs', column: 'created_at', order: 'desc' };

/**
 * The company's jobs, from its own system or the portal: each status change texts the
 * customer once (`en_route` with the technician and arrival time, the parts' states with
 * `parts_ordered` and `parts_arrived`). Jobs text real customers: a test key is refused.
 */
export function tenantApiJobRoutes(deps: { config: Config; temporal: Client }): TenantApiRouter {
  return new TenantApiRouter()
    .route(
      'jobs:read',
      {
        method: 'get',
        path: '/jobs',
        summary: 'List jobs, newest first (paging: limit, cursor; filters: status, contact_id, external_ref)',
        query: listQuery,
        responses: { 200: { description: 'A page of jobs, and the cursor of the next page (null on the last)', schema: pageOf(jobSchema) } },
      },
      async ({ query }, key, _req, res) => {
        liveKeyRequired(key, 'jobs', 'read');
        const rows = await withTenant(key.tenantId, (trx) =>
          pageAfterCursor(
            trx('jobs')
              .select(JOB_COLUMNS)
              .modify((q) => {
                if (query.status) q.whereIn('status', ([] as string[]).concat(query.status));
                if (query.contact_id) q.where('contact_id', query.contact_id);
                if (query.external_ref) q.where('external_ref', query.external_ref);
              }),
            NEWEST_FIRST,
            query,
          ),
        );
        res.json(page(rows, query.limit));
      },
    )
    .route(
      'jobs:write',
      {
        method: 'post',
        path: '/jobs',
        summary:
          'Add a job for a contact (contact_id, or the customer\'s phone and name: matched to a contact or made one). A job created in a status other than scheduled texts the customer that status',
        body: newJob,
        responses: {
          201: { description: 'The job', schema: jobSchema },
          409: { description: 'The company has a job with this external_ref already' },
          503: { description: 'Temporal is unreachable: the job was saved, the text is not sent yet (send the status again)' },
        },
      },
      async ({ body }, key, req, res) => {
        liveKeyRequired(key, 'jobs');
        const created = await withTenant(key.tenantId, (trx) =>
          createJob(trx, key.tenantId, body, key.via === 'session' ? 'portal' : 'api', { actor: actorOf(key), requestId: requestIdOf(req) }),
        );
        await announceJobStatus(deps.temporal, deps.config, created);
        res.status(201).location(`/api/v1/jobs/${created.id}`).json(created);
      },
    )
    .route(
      'jobs:read',
      {
        method: 'get',
        path: '/jobs/:id',
        summary: 'One job, with the history of its statuses',
        params: idParams,
        responses: { 200: { description: 'The job', schema: jobSchema }, 404: { description: 'No such job in this company' } },
      },
      async ({ params }, key, _req, res) => {
        liveKeyRequired(key, 'jobs', 'read');
        const row = await withTenant(key.tenantId, (trx) => findJob(trx, params.id));
        if (!row) throw Problem.notFound(`No job ${params.id}`);
        res.json(row);
      },
    )
    .route(
      'jobs:write',
      {
        method: 'patch',
        path: '/jobs/:id',
        summary:
          "Change a job's status, technician, arrival time (eta), parts, reference or appointment. Each new status texts the customer once; a completed job's status no longer changes",
        params: idParams,
        body: jobChanges,
        responses: {
          200: { description: 'The job', schema: jobSchema },
          404: { description: 'No such job in this company' },
          409: { description: 'The company has another job with this external_ref' },
          503: { description: 'Temporal is unreachable: the change was saved, the text is not sent yet (send the same request again)' },
        },
      },
      async ({ params, body }, key, req, res) => {
        liveKeyRequired(key, 'jobs');
        const row = await withTenant(key.tenantId, (trx) => updateJob(trx, params.id, body, { actor: actorOf(key), requestId: requestIdOf(req) }));
        if (!row) throw Problem.notFound(`No job ${params.id}`);
        // A status given is told to the job's workflow even when it was the job's already: a repeated request sends what the first could not.
        if (body.status !== undefined) await announceJobStatus(deps.temporal, deps.config, row);
        res.json(row);
      },
    );
}
