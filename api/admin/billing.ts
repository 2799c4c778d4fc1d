import { z } from 'zod';
import { recordAudit } from '../../db/audit';
import { Tenant, UsagePeriod } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { callLimit } from '../../domain/plans';
import { lifecycleDurations, type Config } from '../../lib/config';
import { operatorActor } from '../auth/authenticate';
import { AdminRouter } from '../auth/operator-access';
import { billingSchema, invoiceSchema, operatorBillingView } from '../billing-records';
import { requestIdOf } from '../http/audit-actor';
import { Problem } from '../http/problem';

const cents = (what: string) =>
  z.number({ message: `expected ${what} in cents (a whole number), or null` }).int(`expected ${what} in cents (a whole number)`).min(0, 'expected 0 or more').max(100_000_000, 'expected at most 100000000').nullable();

const termsBody = z
  .object({
    custom_price_cents: cents('the monthly price').optional(),
    custom_call_limit: z.number({ message: 'expected a whole number of calls, or null' }).int('expected a whole number of calls').min(0, 'expected 0 or more').max(10_000_000).nullable().optional(),
    custom_overage_cents: cents('the price of each call beyond the limit').optional(),
  })
  .strict();

const operatorBillingSchema = billingSchema.extend({
  customer_id: z.string().nullable().describe("The tenant's Stripe customer"),
  terms: z.object({ custom_price_cents: z.number().int().nullable(), custom_call_limit: z.number().int().nullable(), custom_overage_cents: z.number().int().nullable() }),
  invoices: z.array(invoiceSchema),
  payment_attempts: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      invoice_number: z.string().nullable(),
      amount_cents: z.number().int(),
      currency: z.string(),
      outcome: z.enum(['succeeded', 'failed']),
      reason: z.string().nullable(),
    }),
  ),
});

const idParams = z.object({ id: z.uuid() });

/** A tenant's billing as operators see it, and the enterprise terms a super_admin sets. */
export function adminBillingRoutes(deps: { config: Config }): AdminRouter {
  const durations = lifecycleDurations(deps.config);
  const tenantFound = async (id: string) => {
    const tenant = await Tenant.query().findById(id);
    if (!tenant) throw Problem.notFound('No such tenant.');
    return tenant;
  };
  return new AdminRouter({ tags: ['admin', 'billing'] })
    .endpoint(
      {
        method: 'get',
        path: '/tenants/:id/billing',
        access: { permission: 'tenants:read' },
        summary: "A tenant's billing: plan, next bill, card, dunning, invoices and every payment attempt",
        params: idParams,
        responses: { 200: { description: 'The billing', schema: operatorBillingSchema }, 404: { description: 'No such tenant' } },
      },
      async ({ params }, req, res) => {
        res.json(await withOperatorAccess(operatorActor(req), async () => operatorBillingView(await tenantFound(params.id), durations)));
      },
    )
    .endpoint(
      {
        method: 'patch',
        path: '/tenants/:id/billing-terms',
        access: { permission: 'billing:terms' },
        summary: 'Set negotiated terms (price, call limit, overage price; null restores the plan’s): metering applies the limit at once, invoices from the next bill',
        params: idParams,
        body: termsBody,
        responses: { 200: { description: 'The billing with the new terms', schema: operatorBillingSchema }, 404: { description: 'No such tenant' } },
      },
      async ({ params, body }, req, res) => {
        const actor = operatorActor(req);
        const view = await withOperatorAccess(actor, async () => {
          const tenant = await tenantFound(params.id);
          const before = { custom_price_cents: tenant.custom_price_cents, custom_call_limit: tenant.custom_call_limit, custom_overage_cents: tenant.custom_overage_cents };
          const changed = await tenant.$query().patchAndFetch(body);
          if ('custom_call_limit' in body) {
            await UsagePeriod.query()
              .where({ tenant_id: tenant.id })
              .whereNull('closed_at')
              .patch({ calls_included: callLimit(changed.plan_tier, changed.custom_call_limit) });
          }
          await recordAudit({
            tenantId: tenant.id,
            actor,
            requestId: requestIdOf(req),
            action: 'tenant.billing_terms_changed',
            target: { type: 'tenant', id: tenant.id },
            details: { before, after: body },
          });
          return operatorBillingView(changed, durations);
        });
        res.json(view);
      },
    );
}
