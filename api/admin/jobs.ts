import type { Knex } from 'knex';
import { z } from 'zod';
import { withOperatorAccess } from '../../db/tenant-context';
import { JOB_STATUSES } from '../../domain/jobs';
import { tenantTimezone } from '../appointment-records';
import { operatorActor } from '../auth/authenticate';
import { AdminRouter } from '../auth/operator-access';
import { Problem } from '../http/problem';
import { JOB_COLUMNS, jobSchema } from '../job-records';
import { containsPattern, countRows, listOf, listQuery, listRequest, oneOrMany, pageWithTotal, sendPage, uuids } from './list-query';

const SORTABLE = ['created_at', 'updated_at', 'status', 'eta'] as const;
const filter = z.object({
  id: uuids.optional(),
  tenant_id: uuids.optional(),
  contact_id: uuids.optional(),
  status: oneOrMany(JOB_STATUSES).optional(),
  q: z.string().max(200).optional(),
});
type JobFilter = z.output<typeof filter>;

const idParams = z.object({ id: z.uuid() });

/** A job as operators see it: the company's own view of it, and whose it is and for whom. */
export const adminJobSchema = jobSchema.extend({
  company_name: z.string(),
  tenant_timezone: tenantTimezone,
  contact_name: z.string().nullable(),
  contact_phone: z.string().nullable().describe("The customer's number (E.164)"),
});

const COLUMNS = [...JOB_COLUMNS.map((column) => `j.${column}`), 't.company_name', 't.timezone as tenant_timezone', 'ct.name as contact_name', 'ct.phone as contact_phone'];

/** Every company's jobs with their company and customer, narrowed by the filter (no columns chosen yet). */
function filteredJobs(trx: Knex.Transaction, f: JobFilter): Knex.QueryBuilder {
  return trx('jobs as j')
    .join('tenants as t', 't.id', 'j.tenant_id')
    .leftJoin('contacts as ct', 'ct.id', 'j.contact_id')
    .modify((q) => {
      if (f.id) q.whereIn('j.id', listOf(f.id));
      if (f.tenant_id) q.whereIn('j.tenant_id', listOf(f.tenant_id));
      if (f.contact_id) q.whereIn('j.contact_id', listOf(f.contact_id));
      if (f.status) q.whereIn('j.status', listOf(f.status));
      if (f.q) {
        const like = containsPattern(f.q);
        q.where((w) => w.whereILike('j.external_ref', like).orWhereILike('j.technician_name', like).orWhereILike('ct.name', like).orWhereILike('ct.phone', like));
      }
    });
}

/** The operators' view of every company's jobs (ra-data-simple-rest), read-only: a job changes through its company. */
export function adminJobRoutes(): AdminRouter {
  return new AdminRouter({ tags: ['admin', 'jobs'] })
    .endpoint(
      {
        method: 'get',
        path: '/jobs',
        access: { permission: 'tenants:read' },
        summary: "List companies' jobs, newest first (sort, range, filter: id, tenant_id, contact_id, status, q over the reference, technician and customer)",
        query: listQuery(SORTABLE, filter),
        responses: { 200: { description: 'Jobs; the total is in Content-Range', schema: z.array(adminJobSchema) } },
      },
      async ({ query }, req, res) => {
        const list = listRequest(query, ['created_at', 'DESC']);
        const { rows, total } = await withOperatorAccess(operatorActor(req), (trx) => {
          const base = filteredJobs(trx, list.filter);
          const ordered = base.clone().select(COLUMNS).orderBy(`j.${list.field}`, list.direction, 'last').orderBy('j.id');
          return pageWithTotal(list, ordered, countRows(base));
        });
        sendPage(res, 'jobs', list, rows, total);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/jobs/:id',
        access: { permission: 'tenants:read' },
        summary: 'One job of any company, with the history of its statuses',
        params: idParams,
        responses: { 200: { description: 'The job', schema: adminJobSchema }, 404: { description: 'No such job' } },
      },
      async ({ params }, req, res) => {
        const row = await withOperatorAccess(operatorActor(req), (trx) => filteredJobs(trx, { id: params.id }).first(COLUMNS));
        if (!row) throw Problem.notFound(`No job ${params.id}`);
        res.json(row);
      },
    );
}
