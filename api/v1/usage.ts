import { z } from 'zod';
import { Tenant, UsagePeriod } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import { API_KEY_MODES } from '../../domain/accounts';
import { callLimit, PLANS, PLAN_TIERS } from '../../domain/plans';
import { TenantApiRouter } from './router';

const usageSchema = z.object({
  plan_tier: z.enum(PLAN_TIERS),
  plan_name: z.string(),
  period_start: z.string().nullable().describe('The open billing period; null before the tenant is activated'),
  period_end: z.string().nullable(),
  used: z.number().describe("Calls metered in the period; with a test key, the period's test-mode calls (never metered)"),
  included: z.number().nullable().describe("Calls the plan includes per period; null where the contract sets no limit"),
  mode: z.enum(API_KEY_MODES),
});

/** The tenant's usage of its plan in the open billing period. */
export function tenantApiUsageRoutes(): TenantApiRouter {
  return new TenantApiRouter().route(
    'usage:read',
    {
      method: 'get',
      path: '/usage',
      summary: 'Calls used and included in the current billing period, and the plan',
      responses: { 200: { description: 'The usage', schema: usageSchema } },
    },
    async (_input, key, _req, res) => {
      const usage = await withTenant(key.tenantId, async (trx) => {
        const tenant = await Tenant.query().findById(key.tenantId).throwIfNotFound();
        const period = await UsagePeriod.query().whereNull('closed_at').orderBy('period_start', 'desc').first();
        let used = period?.calls_used ?? 0;
        if (key.mode === 'test') {
          // Test-mode calls are never metered: they are counted over the period instead.
          const counted = period
            ? await trx('call_logs')
                .where({ is_test: true })
                .where('started_at', '>=', period.period_start)
                .where('started_at', '<', period.period_end)
                .count<Array<{ n: string }>>({ n: '*' })
            : [];
          used = Number(counted[0]?.n ?? 0);
        }
        return {
          plan_tier: tenant.plan_tier,
          plan_name: PLANS[tenant.plan_tier].name,
          period_start: period?.period_start ?? null,
          period_end: period?.period_end ?? null,
          used,
          included: period ? period.calls_included : callLimit(tenant.plan_tier, tenant.custom_call_limit),
          mode: key.mode,
        };
      });
      res.json(usage);
    },
  );
}
