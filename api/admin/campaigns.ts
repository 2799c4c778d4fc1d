import type { Knex } from 'knex';
import { z } from 'zod';
import { withOperatorAccess } from '../../db/tenant-context';
import { CAMPAIGN_STATUSES } from '../../domain/campaigns';
import { tenantTimezone } from '../appointment-records';
import { operatorActor } from '../auth/authenticate';
import { AdminRouter } from '../auth/operator-access';
import { CAMPAIGN_COLUMNS, campaignProgress, campaignSchema, findCampaign, progressSchema } from '../campaign-records';
import { Problem } from '../http/problem';
import { containsPattern, countRows, listOf, listQuery, listRequest, oneOrMany, pageWithTotal, sendPage, uuids } from './list-query';

const SORTABLE = ['created_at', 'updated_at', 'name', 'status'] as const;
const filter = z.object({
  id: uuids.optional(),
  tenant_id: uuids.optional(),
  status: oneOrMany(CAMPAIGN_STATUSES).optional(),
  q: z.string().max(200).optional(),
});
type CampaignFilter = z.output<typeof filter>;

const idParams = z.object({ id: z.uuid() });

const whose = { tenant_id: z.uuid(), company_name: z.string(), tenant_timezone: tenantTimezone };

/** A row of the list: the campaign without its steps, with its company and how far along it is. */
export const adminCampaignRowSchema = campaignSchema.omit({ steps: true, enrollments: true }).extend({
  ...whose,
  step_count: z.number().int(),
  ongoing_enrollments: z.number().int().describe('Enrolments active or paused'),
});

/** One campaign: as the company reads it (steps, enrolments by status), with its company and each step's funnel. */
export const adminCampaignSchema = campaignSchema.extend({
  ...whose,
  funnel: progressSchema.shape.steps.describe("Each step's funnel, counted from the message log as the company's own progress route counts it"),
});

/** Every company's campaigns with their company, narrowed by the filter (no columns chosen yet). */
function filteredCampaigns(trx: Knex.Transaction, f: CampaignFilter): Knex.QueryBuilder {
  return trx('campaigns as c')
    .join('tenants as t', 't.id', 'c.tenant_id')
    .modify((q) => {
      if (f.id) q.whereIn('c.id', listOf(f.id));
      if (f.tenant_id) q.whereIn('c.tenant_id', listOf(f.tenant_id));
      if (f.status) q.whereIn('c.status', listOf(f.status));
      if (f.q) q.whereILike('c.name', containsPattern(f.q));
    });
}

const listColumns = (trx: Knex.Transaction) => [
  ...CAMPAIGN_COLUMNS.map((column) => `c.${column}`),
  'c.tenant_id',
  't.company_name',
  't.timezone as tenant_timezone',
  trx('campaign_steps as s').whereRaw('s.campaign_id = c.id').count('*').as('step_count'),
  trx('campaign_enrollments as e').whereRaw('e.campaign_id = c.id').whereIn('e.status', ['active', 'paused']).count('*').as('ongoing_enrollments'),
];

/**
 * The operators' view of every company's drip campaigns, read-only: a campaign changes
 * through its company. One campaign brings its steps and the funnel the company sees.
 */
export function adminCampaignRoutes(): AdminRouter {
  return new AdminRouter({ tags: ['admin', 'campaigns'] })
    .endpoint(
      {
        method: 'get',
        path: '/campaigns',
        access: { permission: 'tenants:read' },
        summary: "List companies' drip campaigns, newest first (sort, range, filter: id, tenant_id, status, q over the name)",
        query: listQuery(SORTABLE, filter),
        responses: { 200: { description: 'Campaigns, without their steps; the total is in Content-Range', schema: z.array(adminCampaignRowSchema) } },
      },
      async ({ query }, req, res) => {
        const list = listRequest(query, ['created_at', 'DESC']);
        const { rows, total } = await withOperatorAccess(operatorActor(req), (trx) => {
          const base = filteredCampaigns(trx, list.filter);
          const ordered = base.clone().select(listColumns(trx)).orderBy(`c.${list.field}`, list.direction, 'last').orderBy('c.id');
          return pageWithTotal(list, ordered, countRows(base));
        });
        sendPage(res, 'campaigns', list, rows, total);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/campaigns/:id',
        access: { permission: 'tenants:read' },
        summary: "One company's campaign: its steps in order, its enrolments by status, and each step's funnel",
        params: idParams,
        responses: { 200: { description: 'The campaign', schema: adminCampaignSchema }, 404: { description: 'No such campaign' } },
      },
      async ({ params }, req, res) => {
        const campaign = await withOperatorAccess(operatorActor(req), async (trx) => {
          const owner = await filteredCampaigns(trx, { id: params.id }).first('c.tenant_id', 't.company_name', 't.timezone as tenant_timezone');
          if (!owner) return undefined;
          const found = (await findCampaign(trx, params.id))!;
          const progress = await campaignProgress(trx, params.id, found.goal);
          return { ...found, ...owner, funnel: progress.steps };
        });
        if (!campaign) throw Problem.notFound(`No campaign ${params.id}`);
        res.json(campaign);
      },
    );
}
