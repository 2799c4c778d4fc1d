import { z } from 'zod';
import { CALL_OUTCOMES, type CallOutcome } from '../../domain/call-summary';
import { Tenant } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { HEALTH_BAND_RANGES, HEALTH_BANDS } from '../../domain/health-score';
import { PLANS, PLAN_TIERS, type PlanTier } from '../../domain/plans';
import { AdminRouter } from '../auth/operator-access';
import { operatorActor } from '../auth/authenticate';

const PAYING = ['active', 'past_due'];
/** Days in `calls_per_day`, today (UTC) included. */
const CALL_DAYS = 30;
const RECENT_DEAD_LETTERS = 5;

const PLAN_PRICES = JSON.stringify(Object.fromEntries(PLAN_TIERS.map((tier) => [tier, PLANS[tier].priceCents])));

const statsSchema = z.object({
  tenants: z.object({ total: z.number(), by_status: z.record(z.string(), z.number()) }),
  mrr_cents: z.number().describe('The sum of mrr_by_plan'),
  mrr_by_plan: z
    .object(Object.fromEntries(PLAN_TIERS.map((tier) => [tier, z.number()])) as Record<PlanTier, z.ZodNumber>)
    .describe("Monthly revenue of paying tenants (active, past due) by the plan billed this cycle, at the plan's price or the negotiated one"),
  billed_mrr_cents: z.number().describe("Collected on Stripe: what period invoices paid in the last 30 days came to (the plan's price and overage), beside mrr_cents at plan prices"),
  past_due_tenants: z
    .array(z.object({ id: z.string(), company_name: z.string(), since: z.string().nullable(), grace_ends_at: z.string().nullable(), amount_due_cents: z.number() }))
    .describe('Past-due tenants, the soonest end of grace first, with what they owe'),
  trials_ending: z.array(z.object({ id: z.string(), company_name: z.string(), trial_ends_at: z.string() })),
  calls_this_month: z.number().describe('Calls started this calendar month (UTC); test-mode calls are not counted'),
  calls_per_day: z
    .array(z.object({ day: z.string(), ...(Object.fromEntries(CALL_OUTCOMES.map((o) => [o, z.number()])) as Record<CallOutcome, z.ZodNumber>) }))
    .describe(`The last ${CALL_DAYS} days (UTC, oldest first, today included), calls by outcome; test-mode calls are not counted`),
  dead_letters_open: z.number().describe('Dead letters not resolved yet'),
  health_distribution: z
    .object({ healthy: z.number(), at_risk: z.number(), critical: z.number(), unscored: z.number() })
    .describe('Tenants (not cancelled or deleted) by the band of their latest health score: healthy ≥ 70, at risk 50–69, critical < 50'),
  recent_dead_letters: z.array(
    z.object({ id: z.uuid(), tenant_id: z.uuid().nullable(), company_name: z.string().nullable(), step: z.string(), error: z.string(), created_at: z.string() }),
  ),
});

/**
 * Dashboard figures: tenants by status, MRR (in total and by plan), trials ending soon,
 * calls this month and per day by outcome, and the dead letters waiting for an operator.
 * Each figure is one aggregate query.
 */
export function adminStatsRoutes(): AdminRouter {
  return new AdminRouter().endpoint(
    {
      method: 'get',
      path: '/stats',
      access: { permission: 'tenants:read' },
      summary: 'Tenants by status, MRR by plan, trials ending within 7 days, calls per day by outcome, open dead letters, health distribution',
      responses: { 200: { description: 'The figures', schema: statsSchema } },
    },
    async (_input, req, res) => {
      const figures = await withOperatorAccess(operatorActor(req), async (trx) => ({
        byStatus: (await Tenant.query().select('status').count({ n: '*' }).groupBy('status')) as unknown as Array<{ status: string; n: number }>,
        // The plan billed this cycle (a plan change is billed from the next one), at its catalogue price unless negotiated.
        mrr: (
          await trx.raw<{ rows: Array<{ tier: PlanTier; cents: number }> }>(
            `select tier, sum(coalesce(custom_price_cents, (?::jsonb ->> tier)::bigint, 0))::bigint as cents
               from (select case when billing_plan_tier = any(?::text[]) then billing_plan_tier else plan_tier end as tier, custom_price_cents
                       from tenants where status = any(?::text[])) as paying
              group by tier`,
            [PLAN_PRICES, [...PLAN_TIERS], PAYING],
          )
        ).rows,
        billedMrr: (
          await trx.raw<{ rows: Array<{ cents: number | null }> }>(
            `select coalesce(sum(amount_paid_cents), 0)::bigint as cents from invoices
              where kind = 'period' and status = 'paid' and paid_at >= now() - interval '30 days'`,
          )
        ).rows[0]!.cents,
        pastDue: await trx('tenants as t')
          .where('t.status', 'past_due')
          .orderBy('t.grace_ends_at')
          .select<Array<{ id: string; company_name: string; past_due_since: Date | null; grace_ends_at: Date | null; due: number | null }>>(
            't.id',
            't.company_name',
            't.past_due_since',
            't.grace_ends_at',
            trx.raw(`(select coalesce(sum(i.amount_due_cents), 0)::int from invoices i where i.tenant_id = t.id and i.status = 'open') as due`),
          ),
        ending: await Tenant.query()
          .where('status', 'trial')
          .whereRaw(`trial_ends_at < now() + interval '7 days'`)
          .orderBy('trial_ends_at')
          .select('id', 'company_name', 'trial_ends_at'),
        callsThisMonth: (
          await trx.raw<{ rows: Array<{ n: number }> }>(
            `select count(*) as n from call_logs
              where not is_test and started_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC'`,
          )
        ).rows[0]!.n,
        callsPerDay: (
          await trx.raw<{ rows: Array<{ day: string; outcomes: Partial<Record<CallOutcome, number>> }> }>(
            `with days as (
               select d::date as day
                 from generate_series(((now() at time zone 'UTC')::date - ?::int)::timestamp, (now() at time zone 'UTC')::date::timestamp, interval '1 day') as d
             ),
             counts as (
               select (started_at at time zone 'UTC')::date as day,
                      case when outcome = any(?::text[]) then outcome else 'other' end as outcome,
                      count(*)::int as n
                 from call_logs
                where not is_test and started_at >= ((now() at time zone 'UTC')::date - ?::int)::timestamp at time zone 'UTC'
                group by 1, 2
             )
             select to_char(days.day, 'YYYY-MM-DD') as day,
                    coalesce(jsonb_object_agg(counts.outcome, counts.n) filter (where counts.outcome is not null), '{}') as outcomes
               from days left join counts on counts.day = days.day
              group by days.day
              order by days.day`,
            [CALL_DAYS - 1, [...CALL_OUTCOMES], CALL_DAYS - 1],
          )
        ).rows,
        deadLettersOpen: (await trx('dead_letters').whereNull('resolved_at').count({ n: '*' }).first()) as { n: number },
        healthBands: (
          await trx.raw<{ rows: Array<{ band: string; n: number }> }>(
            `select case when latest.score is null then 'unscored'
                         when latest.score >= ? then 'healthy'
                         when latest.score >= ? then 'at_risk'
                         else 'critical' end as band,
                    count(*)::int as n
               from tenants t
               left join lateral (select h.score from health_scores h where h.tenant_id = t.id order by h.day desc limit 1) latest on true
              where t.deleted_at is null and t.status not in ('cancelled', 'deleted')
              group by 1`,
            [HEALTH_BAND_RANGES.healthy[0], HEALTH_BAND_RANGES.at_risk[0]],
          )
        ).rows,
        recentDeadLetters: await trx('dead_letters as d')
          .leftJoin('tenants as t', 't.id', 'd.tenant_id')
          .whereNull('d.resolved_at')
          .orderBy('d.created_at', 'desc')
          .orderBy('d.id', 'desc')
          .limit(RECENT_DEAD_LETTERS)
          .select<Array<{ id: string; tenant_id: string | null; company_name: string | null; step: string; error: string; created_at: Date }>>(
            'd.id',
            'd.tenant_id',
            't.company_name',
            'd.step',
            'd.error',
            'd.created_at',
          ),
      }));

      const by_status = Object.fromEntries(figures.byStatus.map((r) => [r.status, Number(r.n)]));
      const mrr_by_plan = Object.fromEntries(PLAN_TIERS.map((tier) => [tier, figures.mrr.find((r) => r.tier === tier)?.cents ?? 0])) as Record<PlanTier, number>;
      const noCalls = Object.fromEntries(CALL_OUTCOMES.map((o) => [o, 0])) as Record<CallOutcome, number>;
      res.json({
        tenants: { total: Object.values(by_status).reduce((a, b) => a + b, 0), by_status },
        mrr_cents: Object.values(mrr_by_plan).reduce((a, b) => a + b, 0),
        mrr_by_plan,
        billed_mrr_cents: Number(figures.billedMrr ?? 0),
        past_due_tenants: figures.pastDue.map((t) => ({
          id: t.id,
          company_name: t.company_name,
          since: t.past_due_since ? new Date(t.past_due_since).toISOString() : null,
          grace_ends_at: t.grace_ends_at ? new Date(t.grace_ends_at).toISOString() : null,
          amount_due_cents: Number(t.due ?? 0),
        })),
        trials_ending: figures.ending.map((t) => ({ id: t.id, company_name: t.company_name, trial_ends_at: new Date(t.trial_ends_at!).toISOString() })),
        calls_this_month: figures.callsThisMonth,
        calls_per_day: figures.callsPerDay.map((d) => ({ day: d.day, ...noCalls, ...d.outcomes })),
        dead_letters_open: figures.deadLettersOpen.n,
        health_distribution: Object.fromEntries(
          [...HEALTH_BANDS, 'unscored'].map((band) => [band, figures.healthBands.find((r) => r.band === band)?.n ?? 0]),
        ),
        recent_dead_letters: figures.recentDeadLetters.map((d) => ({ ...d, created_at: new Date(d.created_at).toISOString() })),
      });
    },
  );
}
