import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { raw } from 'objection';
import { z } from 'zod';
import { HealthScore, Tenant } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { HEALTH_BANDS, healthBand } from '../../domain/health-score';
import type { Config } from '../../lib/config';
import { within } from '../../lib/within';
import { healthScoreRun } from '../../workflows/health-score-run';
import { operatorActor } from '../auth/authenticate';
import { AdminRouter, tenantParam } from '../auth/operator-access';
import { Problem } from '../http/problem';
import { reachingTemporal } from '../http/temporal-errors';

/** How long a request for one tenant's score waits for the run before answering 202. */
const SCORE_WAIT_MS = 20_000;

const breakdown = z.object({ usage: z.number(), engagement: z.number(), support: z.number(), payment: z.number() }).describe("Each rule's deduction (0 or negative)");
const scoreOut = z.object({
  day: z.string().describe('YYYY-MM-DD (UTC)'),
  computed_at: z.string(),
  score: z.number(),
  band: z.enum(HEALTH_BANDS),
  breakdown,
});
const healthOut = z.object({
  tenant_id: z.uuid(),
  latest: scoreOut
    .extend({
      inputs: z.object({
        calls_last_30_days: z.number(),
        monthly_call_limit: z.number().nullable(),
        calls_last_7_days: z.number(),
        last_call_at: z.string().nullable(),
        support_tickets_this_month: z.number().describe('Support sessions opened this month, until a ticket system exists'),
        status: z.string(),
      }),
    })
    .nullable(),
  history: z.array(scoreOut).describe('One score per day, oldest first'),
});

type ScoreRow = HealthScore & { day_text: string };

const describeScore = (h: ScoreRow) => ({
  day: h.day_text,
  computed_at: new Date(h.computed_at).toISOString(),
  score: h.score,
  band: healthBand(h.score),
  breakdown: h.breakdown,
});

/** The tenant's latest score with its figures, and its daily scores for the chart. */
async function tenantHealth(tenantId: string, days: number): Promise<z.infer<typeof healthOut>> {
  const scores = () => HealthScore.query().where('tenant_id', tenantId).select('*', raw(`to_char(day, 'YYYY-MM-DD') as day_text`));
  const [latest, history] = (await Promise.all([
    scores().orderBy('day', 'desc').limit(1),
    scores().whereRaw(`day > (now() at time zone 'UTC')::date - ?::int`, [days]).orderBy('day'),
  ])) as [ScoreRow[], ScoreRow[]];
  const last = latest[0];
  return { tenant_id: tenantId, latest: last ? { ...describeScore(last), inputs: last.inputs } : null, history: history.map(describeScore) };
}

/**
 * Health scores: the daily run over every tenant (a Temporal Schedule, or on demand), one
 * tenant's score on demand, and a tenant's latest score with its history.
 */
export function adminHealthRoutes(deps: { config: Config; temporal: Client }): AdminRouter {
  return new AdminRouter({ tags: ['admin', 'health'] })
    .endpoint(
      {
        method: 'post',
        path: '/health-scores/run',
        access: { permission: 'health-scores:run' },
        summary: 'Score every tenant now, as the daily schedule does (a workflow; answers at once)',
        responses: {
          202: { description: 'The run started: its workflow, and its first run id (which names the falls it reports)', schema: z.object({ workflow_id: z.string(), run_id: z.string() }) },
          503: { description: 'Temporal is unreachable' },
        },
      },
      async (_input, _req, res) => {
        const workflowId = `health-score-run-${randomUUID()}`;
        const run = await reachingTemporal(deps.temporal.workflow.start(healthScoreRun, { workflowId, taskQueue: deps.config.TEMPORAL_TASK_QUEUE, args: [{}] }), 'no run was started');
        res.status(202).json({ workflow_id: workflowId, run_id: run.firstExecutionRunId });
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/tenants/:id/health-score',
        access: { permission: 'tenants:write', tenant: tenantParam },
        summary: "Score one tenant now (its alert, if the score falls below 50, goes out as the daily run's would)",
        params: z.object({ id: z.uuid() }),
        responses: {
          200: { description: "The tenant's health, and whether this score started a fall customer success was told of", schema: healthOut.extend({ alerted: z.boolean() }) },
          202: { description: 'The run is still going', schema: z.object({ workflow_id: z.string() }) },
          404: { description: 'No such tenant' },
          409: { description: 'The tenant is deleted' },
        },
      },
      async ({ params }, req, res) => {
        const tenant = await withOperatorAccess(operatorActor(req), () => Tenant.query().findById(params.id));
        if (!tenant) throw Problem.notFound(`No tenant ${params.id}`);
        if (tenant.deleted_at) throw Problem.conflict('This tenant is deleted; it is no longer scored.');
        const workflowId = `health-score-${randomUUID()}`;
        const scoring = deps.temporal.workflow
          .start(healthScoreRun, { workflowId, taskQueue: deps.config.TEMPORAL_TASK_QUEUE, args: [{ tenantIds: [params.id] }] })
          .then((handle) => within(SCORE_WAIT_MS, handle.result()));
        const result = await reachingTemporal(scoring, 'the tenant was not scored');
        if (!result) {
          res.status(202).json({ workflow_id: workflowId });
          return;
        }
        const health = await withOperatorAccess(operatorActor(req), () => tenantHealth(params.id, 1));
        res.json({ ...health, alerted: result.alerts > 0 });
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/tenants/:id/health',
        access: { permission: 'tenants:read' },
        summary: "A tenant's latest health score with its breakdown and figures, and its daily scores (days, default 90)",
        params: z.object({ id: z.uuid() }),
        query: z.object({ days: z.coerce.number().int().min(1).max(730).default(90) }),
        responses: { 200: { description: 'Latest and history', schema: healthOut }, 404: { description: 'No such tenant' } },
      },
      async ({ params, query }, req, res) => {
        const health = await withOperatorAccess(operatorActor(req), async () => {
          if (!(await Tenant.query().findById(params.id))) throw Problem.notFound(`No tenant ${params.id}`);
          return tenantHealth(params.id, query.days);
        });
        res.json(health);
      },
    );
}
