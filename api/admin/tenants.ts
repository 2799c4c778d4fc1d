import type { Client } from '@temporalio/client';
import { raw } from 'objection';
import { z } from 'zod';
import { Tenant, UsagePeriod } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { HEALTH_BAND_RANGES, HEALTH_BANDS, healthBand } from '../../domain/health-score';
import { ACTION_ARGUMENTS, argumentRefusal } from '../../domain/lifecycle';
import { PLAN_TIERS } from '../../domain/plans';
import { TENANT_STATUSES } from '../../domain/tenant-status';
import {
  activateUpdate,
  cancelUpdate,
  changePlanUpdate,
  confirmBillingUpdate,
  deleteUpdate,
  endTrialUpdate,
  extendTrialUpdate,
  provisionNumberUpdate,
  reactivateUpdate,
  stateQuery,
  suspendUpdate,
  tenantWorkflowId,
  type TenantState,
} from '../../workflows/tenant-messages';
import { AdminRouter, tenantParam } from '../auth/operator-access';
import { operatorTenantRecord, statusChangeSchema } from '../tenant-records';
import { Problem } from '../http/problem';
import { withTransitionNames } from '../actor-names';
import { industry } from '../schemas';
import { tenantUpdateProblem } from '../http/temporal-errors';
import { within } from '../../lib/within';
import { durationMs, type Config } from '../../lib/config';
import { temporalWorkflowUrl } from '../../lib/temporal';
import { containsPattern, listOf, listQuery, listRequest, pageWithTotal, sendPage, uuids } from './list-query';
import { operatorActor } from '../auth/authenticate';


const reason = z.string().trim().refine((value) => !argumentRefusal.reason(value), argumentRefusal.reason(''));

/**
 * The lifecycle actions, named in kebab-case in URLs. Each validates its body here and
 * is then the workflow's to accept or refuse (its update validator gives the reason).
 */
const ACTIONS = {
  'provision-number': { update: provisionNumberUpdate, body: z.object({ areaCode: z.string().regex(ACTION_ARGUMENTS.areaCode, argumentRefusal.areaCode('')) }) },
  activate: { update: activateUpdate, body: z.object({ skipTrial: z.boolean().optional() }) },
  'confirm-billing': { update: confirmBillingUpdate, body: z.object({}) },
  'change-plan': { update: changePlanUpdate, body: z.object({ tier: z.enum(PLAN_TIERS, { message: `expected one of ${PLAN_TIERS.join(', ')}` }) }) },
  'extend-trial': { update: extendTrialUpdate, body: z.object({ days: z.number().refine((days) => !argumentRefusal.trialDays(days), argumentRefusal.trialDays(0)) }) },
  'end-trial': { update: endTrialUpdate, body: z.object({}) },
  suspend: { update: suspendUpdate, body: z.object({ reason }) },
  reactivate: { update: reactivateUpdate, body: z.object({}) },
  cancel: { update: cancelUpdate, body: z.object({ reason }) },
  delete: { update: deleteUpdate, body: z.object({}) },
} as const;

const SORTABLE = ['id', 'company_name', 'slug', 'status', 'plan_tier', 'industry', 'created_at', 'trial_ends_at', 'health_score'] as const;
const filter = z.object({
  q: z.string().max(200).optional(),
  id: uuids.optional(),
  status: z.union([z.enum(TENANT_STATUSES), z.array(z.enum(TENANT_STATUSES))]).optional(),
  plan_tier: z.enum(PLAN_TIERS).optional(),
  industry: industry.optional(),
  /** A company's locations; null: companies only (tenants without a parent). */
  parent_tenant_id: z.uuid().nullable().optional(),
  health_band: z.union([z.enum(HEALTH_BANDS), z.array(z.enum(HEALTH_BANDS))]).optional(),
});

/** A tenant's latest health score (null until it is first scored), for each row of a list. */
const LATEST_HEALTH_SCORE = '(select h.score from health_scores h where h.tenant_id = tenants.id order by h.day desc limit 1)';
/** A company's locations (tenants whose parent it is, deleted ones left out), for each row of a list. */
const LOCATION_COUNT = '(select count(*)::int from tenants l where l.parent_tenant_id = tenants.id and l.deleted_at is null)';

const idParams = z.object({ id: z.uuid() });
const tenantSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    company_name: z.string(),
    status: z.string(),
    phone_number: z.string().nullable(),
    erased_at: z.string().nullable().describe("When the tenant's personal data was erased (the record is then a tombstone)"),
  })
  .loose();
const usageSchema = z.object({ used: z.number(), included: z.number().nullable() }).nullable().describe('Calls in the open usage period; null when none is open');

/** Each tenant's open usage period (the latest, should two be open), for a page of tenants in one query. */
async function openUsage(tenantIds: string[]): Promise<Map<string, { used: number; included: number | null }>> {
  const periods = await UsagePeriod.query()
    .whereIn('tenant_id', tenantIds)
    .whereNull('closed_at')
    .distinctOn('tenant_id')
    .orderBy([{ column: 'tenant_id' }, { column: 'period_start', order: 'desc' }])
    .select('tenant_id', 'calls_used', 'calls_included');
  return new Map(periods.map((p) => [p.tenant_id, { used: p.calls_used, included: p.calls_included }]));
}

const inProgressSchema = z.object({
  in_progress: z.literal(true),
  action: z.string(),
  detail: z.string(),
  workflow_id: z.string(),
  state: z.object({}).loose().nullable().describe("The lifecycle query's answer, when the workflow gave it at once"),
  follow: z.string().describe('GET it for the workflow state'),
  temporal_ui: z.string().nullable().describe("The workflow's page in Temporal's Web UI"),
});

/** How long a 202 waits for the state so far: a busy workflow may not answer a query at once. */
const QUERY_WAIT_MS = 2_000;

/** The admin API for tenants (ra-data-simple-rest), and the workflow-driving actions. */
export function adminTenantRoutes(deps: { temporal: Client; config: Config }): AdminRouter {
  const actionWaitMs = durationMs(deps.config.ACTION_WAIT);
  const api = new AdminRouter()
    .endpoint(
      {
        method: 'get',
        path: '/tenants',
        access: { permission: 'tenants:read' },
        summary: 'List tenants (sort, range, filter: q, id, status, plan_tier, industry, parent_tenant_id, health_band)',
        query: listQuery(SORTABLE, filter),
        responses: {
          200: {
            description: 'Tenants, each with its usage and latest health score; the total is in Content-Range',
            schema: z.array(tenantSchema.extend({ usage: usageSchema, health_score: z.number().nullable(), health_band: z.enum(HEALTH_BANDS).nullable(), location_count: z.number().describe('Locations of this company') })),
          },
        },
      },
      async ({ query }, req, res) => {
        const list = listRequest(query, ['created_at', 'DESC']);
        const f = list.filter;
        const { rows, total } = await withOperatorAccess(operatorActor(req), async () => {
          const base = Tenant.query().modify((q) => {
            if (f.q) {
              const like = containsPattern(f.q);
              q.where((w) => w.whereILike('company_name', like).orWhereILike('slug', like).orWhereILike('owner_email', like));
            }
            if (f.id) q.whereIn('id', listOf(f.id));
            if (f.status) q.whereIn('status', listOf(f.status));
            if (f.plan_tier) q.where('plan_tier', f.plan_tier);
            if (f.industry) q.where('industry', f.industry);
            if (f.parent_tenant_id === null) q.whereNull('parent_tenant_id');
            else if (f.parent_tenant_id) q.where('parent_tenant_id', f.parent_tenant_id);
            if (f.health_band) {
              const bands = listOf(f.health_band);
              q.where((w) => bands.forEach((band) => w.orWhereRaw(`${LATEST_HEALTH_SCORE} between ? and ?`, [...HEALTH_BAND_RANGES[band]])));
            }
          });
          const ordered = base
            .clone()
            .select('tenants.*', raw(`${LATEST_HEALTH_SCORE} as health_score`), raw(`${LOCATION_COUNT} as location_count`))
            // Unscored tenants come last whichever way health is sorted.
            .modify((q) => (list.field === 'health_score' ? q.orderByRaw(`health_score ${list.order} nulls last`) : q.orderBy(list.field, list.direction)))
            .orderBy('id');
          const { rows, total } = await pageWithTotal(list, ordered, base.clone().resultSize());
          const usage = await openUsage(rows.map((t) => t.id));
          return {
            rows: rows.map((t) => {
              const { health_score = null, ...tenant } = t.toJSON() as Record<string, unknown> & { health_score?: number | null };
              return { ...tenant, usage: usage.get(t.id) ?? null, health_score, health_band: health_score === null ? null : healthBand(health_score) };
            }),
            total,
          };
        });
        sendPage(res, 'tenants', list, rows, total);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/tenants/:id',
        access: { permission: 'tenants:read' },
        summary: 'One tenant',
        params: idParams,
        responses: { 200: { description: 'The tenant, and how it came to be suspended or cancelled', schema: tenantSchema.extend({ status_change: statusChangeSchema }) } },
      },
      async ({ params }, req, res) => {
        const found = await withOperatorAccess(operatorActor(req), async () => {
          const tenant = await Tenant.query().findById(params.id);
          return tenant && operatorTenantRecord(tenant);
        });
        if (!found) throw Problem.notFound(`No tenant ${params.id}`);
        res.json(found);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/tenants/:id/workflow',
        access: { permission: 'tenants:read' },
        summary: "The lifecycle workflow's state (status, timers, transitions, allowed actions, and why the others are refused now)",
        params: idParams,
        responses: { 200: { description: 'The state query' } },
      },
      async ({ params }, req, res) => {
        try {
          res.json(await withTransitionNames(await deps.temporal.workflow.getHandle(tenantWorkflowId(params.id)).query(stateQuery)));
        } catch (error) {
          if ((error as Error).name === 'WorkflowNotFoundError') throw Problem.notFound(`No workflow for tenant ${params.id}`);
          throw tenantUpdateProblem(error);
        }
      },
    );

  for (const [name, action] of Object.entries(ACTIONS)) {
    api.endpoint(
      {
        method: 'post',
        path: `/tenants/:id/actions/${name}`,
        access: { permission: 'tenants:write', tenant: tenantParam },
        summary: `Lifecycle action: ${name}`,
        tags: ['admin', 'lifecycle'],
        params: idParams,
        body: action.body,
        responses: {
          200: { description: 'The new workflow state' },
          202: { description: 'The workflow did not finish within ACTION_WAIT: the state so far (or null), and where to follow it', schema: inProgressSchema },
          409: { description: 'The transition is refused; detail gives the reason' },
        },
      },
      async ({ params, body }, req, res) => {
        const workflowId = tenantWorkflowId(params.id);
        const handle = deps.temporal.workflow.getHandle(workflowId);
        let state: TenantState | undefined;
        try {
          // Every action definition takes one object argument; `by` names the operator for the audit log.
          const update = handle.executeUpdate(action.update as typeof suspendUpdate, { args: [{ ...(body as { reason: string }), by: operatorActor(req).id }] });
          // The operator waits for the answer this long at most; the update goes on in the workflow either way.
          state = await within(actionWaitMs, update);
        } catch (error) {
          throw tenantUpdateProblem(error);
        }
        if (state) {
          res.json(state);
          return;
        }
        const follow = `/api/admin/tenants/${params.id}/workflow`;
        // The state so far, if the workflow answers a query at once (it may be the one that is busy).
        const sofar = await within(QUERY_WAIT_MS, handle.query(stateQuery)).catch(() => undefined);
        res
          .status(202)
          .location(follow)
          .json({
            in_progress: true,
            action: name,
            detail: `The workflow has not finished ${name} yet; it goes on, and ${follow} shows its state.`,
            workflow_id: workflowId,
            state: sofar ?? null,
            follow,
            temporal_ui: temporalWorkflowUrl(deps.config, workflowId),
          });
      },
    );
  }
  return api;
}

export const ADMIN_ACTIONS = Object.keys(ACTIONS);
