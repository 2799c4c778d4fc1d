import { HealthScore, type HealthScoreInputs } from '../db/models';
import { withOperatorAccess } from '../db/tenant-context';
import { HEALTH_ALERT_BELOW, healthScore, SCORED_STATUSES, startsDrop, type HealthBreakdown } from '../domain/health-score';
import { callLimit, type PlanTier } from '../domain/plans';

/** Which tenants to score: the next page of all scored tenants (by id), or the ones named. */
export type HealthBatchRequest = {
  /** Names the run: a fall below the line seen by this run carries it, so a retry finds the same falls. */
  runKey: string;
} & ({ after: string | null; limit: number } | { tenantIds: string[] });

/** A tenant whose score fell below the alert line in this run. */
export interface HealthDrop {
  tenantId: string;
  score: number;
  previous: number | null;
  breakdown: HealthBreakdown;
}

export interface HealthBatchResult {
  scored: number;
  /** The last tenant id of the page, to continue after; null when there are no more. */
  last: string | null;
  drops: HealthDrop[];
}

interface TenantFigures {
  id: string;
  status: string;
  plan_tier: PlanTier;
  custom_call_limit: number | null;
  calls_30d: number;
  calls_7d: number;
  last_call_at: Date | null;
  support_this_month: number;
  previous_score: number | null;
  previous_drop_key: string | null;
  previous_drop_from: number | null;
  today: string;
  now: Date;
}

/**
 * Scores a batch of tenants in two statements: one reads every figure the rules need
 * (and each tenant's latest score), one upserts the day's rows. A rerun the same day
 * replaces the day's row; a retry of the same run finds the same falls.
 */
export function healthScoreActivities() {
  return {
    async scoreTenantHealth(request: HealthBatchRequest): Promise<HealthBatchResult> {
      return withOperatorAccess({ type: 'system', id: 'health-score' }, async (trx) => {
        const named = 'tenantIds' in request ? request.tenantIds : null;
        const page = 'tenantIds' in request ? null : request;
        const { rows } = await trx.raw<{ rows: TenantFigures[] }>(
          `select t.id, t.status, t.plan_tier, t.custom_call_limit,
                  (select count(*) from usage_events u where u.tenant_id = t.id and u.created_at >= now() - interval '30 days') as calls_30d,
                  (select count(*) from call_logs c where c.tenant_id = t.id and not c.is_test and c.started_at >= now() - interval '7 days') as calls_7d,
                  (select max(c.started_at) from call_logs c where c.tenant_id = t.id and not c.is_test) as last_call_at,
                  (select count(*) from support_sessions s
                    where s.tenant_id = t.id and s.started_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC') as support_this_month,
                  latest.score as previous_score, latest.drop_key as previous_drop_key, latest.drop_from as previous_drop_from,
                  to_char(now() at time zone 'UTC', 'YYYY-MM-DD') as today, now() as now
             from tenants t
             left join lateral (select h.score, h.drop_key, h.drop_from from health_scores h where h.tenant_id = t.id order by h.day desc limit 1) latest on true
            where t.deleted_at is null
              and ${page ? `t.status = any(?::text[]) and (?::uuid is null or t.id > ?::uuid)` : 't.id = any(?::uuid[])'}
            order by t.id
            ${page ? 'limit ?' : ''}`,
          page ? [[...SCORED_STATUSES], page.after, page.after, page.limit] : [named],
        );

        const drops: HealthDrop[] = [];
        const scores = rows.map((t) => {
          const inputs: HealthScoreInputs = {
            calls_last_30_days: t.calls_30d,
            monthly_call_limit: callLimit(t.plan_tier, t.custom_call_limit),
            calls_last_7_days: t.calls_7d,
            last_call_at: t.last_call_at ? new Date(t.last_call_at).toISOString() : null,
            support_tickets_this_month: t.support_this_month,
            status: t.status,
          };
          const { score, breakdown } = healthScore({
            callsLast30Days: inputs.calls_last_30_days,
            monthlyCallLimit: inputs.monthly_call_limit,
            callsLast7Days: inputs.calls_last_7_days,
            supportTicketsThisMonth: inputs.support_tickets_this_month,
            pastDue: t.status === 'past_due',
          });
          // A fall starts a drop named by this run; a score still below stays in the drop it belongs to.
          const falls = startsDrop(score, t.previous_score);
          const below = score < HEALTH_ALERT_BELOW;
          const drop = falls
            ? { drop_key: request.runKey, drop_from: t.previous_score }
            : below
              ? { drop_key: t.previous_drop_key, drop_from: t.previous_drop_from }
              : { drop_key: null, drop_from: null };
          // A retried attempt finds its own fall in the latest row, and reports it again.
          if (drop.drop_key === request.runKey) drops.push({ tenantId: t.id, score, previous: drop.drop_from, breakdown });
          return { tenant_id: t.id, day: t.today, computed_at: t.now, score, breakdown, inputs, ...drop };
        });
        if (scores.length > 0) {
          await HealthScore.query().insert(scores).onConflict(['tenant_id', 'day']).merge(['computed_at', 'score', 'breakdown', 'inputs', 'drop_key', 'drop_from']);
        }
        return { scored: rows.length, last: rows.at(-1)?.id ?? null, drops };
      });
    },
  };
}
