import { z } from 'zod';
import { Tenant } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { isPlanTier, monthlyPriceCents } from '../../domain/plans';
import { ApiRouter } from '../endpoint';

const PAYING = ['active', 'past_due'];

/** Dashboard figures: tenants by status, MRR from the plan prices of paying tenants, trials ending soon. */
export function adminStatsRoutes(): ApiRouter {
  return new ApiRouter('/api/admin').endpoint(
    {
      method: 'get',
      path: '/stats',
      summary: 'Tenants by status, MRR, trials ending within 7 days',
      tags: ['admin'],
      responses: {
        200: {
          description: 'The figures',
          schema: z.object({
            tenants: z.object({ total: z.number(), by_status: z.record(z.string(), z.number()) }),
            mrr_cents: z.number(),
            trials_ending: z.array(z.object({ id: z.string(), company_name: z.string(), trial_ends_at: z.string() })),
          }),
        },
      },
    },
    async (_input, _req, res) => {
      const { byStatus, paying, ending } = await withOperatorAccess({ type: 'operator', id: 'operator-token' }, async () => ({
        byStatus: (await Tenant.query().select('status').count({ n: '*' }).groupBy('status')) as unknown as Array<{ status: string; n: number }>,
        paying: await Tenant.query().whereIn('status', PAYING).select('billing_plan_tier', 'plan_tier', 'custom_price_cents'),
        ending: await Tenant.query()
          .where('status', 'trial')
          .whereRaw(`trial_ends_at < now() + interval '7 days'`)
          .orderBy('trial_ends_at')
          .select('id', 'company_name', 'trial_ends_at'),
      }));
      const by_status = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)]));
      const mrr_cents = paying.reduce((sum, t) => {
        const tier = t.billing_plan_tier && isPlanTier(t.billing_plan_tier) ? t.billing_plan_tier : t.plan_tier;
        return sum + (monthlyPriceCents(tier, t.custom_price_cents) ?? 0);
      }, 0);
      res.json({
        tenants: { total: Object.values(by_status).reduce((a, b) => a + b, 0), by_status },
        mrr_cents,
        trials_ending: ending.map((t) => ({ id: t.id, company_name: t.company_name, trial_ends_at: new Date(t.trial_ends_at!).toISOString() })),
      });
    },
  );
}
