import type { Client } from '@temporalio/client';
import type Stripe from 'stripe';
import { z } from 'zod';
import { cardCheckoutUrl } from '../../activities/billing/customer';
import { Invoice, Tenant } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import { planChangeDirection, pricedPlan, prorationCents, money } from '../../domain/billing';
import { PLAN_TIERS, PLANS, SELF_SERVE_TIERS } from '../../domain/plans';
import { lifecycleDurations, publicBaseUrl, type Config } from '../../lib/config';
import { changePlanUpdate, tenantWorkflowId } from '../../workflows/tenant-messages';
import { billingSchema, billingView, invoiceSchema, invoiceView, termsOf } from '../billing-records';
import { Problem } from '../http/problem';
import { tenantUpdateProblem } from '../http/temporal-errors';
import type { TenantCaller } from '../auth/tenant-caller';
import { liveKeyRequired, page, pageAfterCursor, pageOf, pageQuery, TenantApiRouter, type Keyset } from './router';

const selfServeTier = z.enum(SELF_SERVE_TIERS as [string, ...string[]], {
  message: `expected one of ${SELF_SERVE_TIERS.join(', ')} (enterprise is agreed with Kestrel)`,
}) as z.ZodType<Exclude<(typeof PLAN_TIERS)[number], 'enterprise'>>;

const planChangeSchema = z.object({
  from: z.object({ tier: z.enum(PLAN_TIERS), name: z.string(), price_cents: z.number().int() }),
  to: z.object({ tier: z.enum(PLAN_TIERS), name: z.string(), price_cents: z.number().int() }),
  direction: z.enum(['upgrade', 'downgrade']),
  charge_now_cents: z.number().int().describe('Charged at once to the card on file: the prorated difference for the rest of the period'),
  currency: z.string(),
  applies_at: z.string().describe('When the new plan (its limit and its price) applies'),
  explanation: z.string(),
});

const INVOICES: Keyset = { table: 'invoices', column: 'created_at', order: 'desc' };

/** Who did it, as the tenant's workflow records it for the audit log. */
const byOf = (caller: TenantCaller) => (caller.actor.type === 'operator' ? caller.actor.id : `user:${caller.actor.id}`);

/**
 * The company's billing (`billing:read`), its card and its plan (`billing:write`, owners
 * and admins): what it pays, what it owes, and its invoices as Stripe issued them.
 */
export function tenantApiBillingRoutes(deps: { config: Config; temporal: Client; stripe: Stripe }): TenantApiRouter {
  const durations = lifecycleDurations(deps.config);
  const tenantOf = (caller: TenantCaller) => withTenant(caller.tenantId, () => Tenant.query().findById(caller.tenantId).throwIfNotFound());

  /** What a change to `tier` costs now and from when it applies, as the owner confirms it. */
  async function preview(caller: TenantCaller, tier: (typeof PLAN_TIERS)[number]): Promise<z.infer<typeof planChangeSchema>> {
    const tenant = await tenantOf(caller);
    if (tier === tenant.plan_tier && !tenant.scheduled_plan_tier) throw Problem.conflict(`The plan is already ${PLANS[tier].name}.`);
    const terms = termsOf(tenant);
    const from = pricedPlan(tenant.billing_plan_tier ?? tenant.plan_tier, terms);
    const to = pricedPlan(tier, terms);
    const billed = Boolean(tenant.current_period_start && tenant.current_period_end && ['active', 'past_due'].includes(tenant.status));
    const now = new Date().toISOString();
    const direction = planChangeDirection(from, to);
    const period = billed ? { start: new Date(tenant.current_period_start!).toISOString(), end: new Date(tenant.current_period_end!).toISOString() } : null;
    const chargeNow = period && direction === 'upgrade' ? prorationCents(from, to, period, now) : 0;
    const appliesAt = period && direction === 'downgrade' ? period.end : now;
    const explanation = !period
      ? `${to.name} (${money(to.price_cents)} a month, ${to.calls_included ?? 'unlimited'} calls) applies at once; nothing is charged until billing starts.`
      : direction === 'upgrade'
        ? `${to.name} applies at once: ${money(chargeNow)} is charged now for the rest of this period (the difference of ${money(to.price_cents - from.price_cents)} a month, prorated), then ${money(to.price_cents)} a month.`
        : `${to.name} applies from ${new Date(period.end).toLocaleDateString('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' })}, the start of the next period: this period is paid for at ${money(from.price_cents)}, then ${money(to.price_cents)} a month.`;
    return {
      from: { tier: from.tier, name: from.name, price_cents: from.price_cents },
      to: { tier: to.tier, name: to.name, price_cents: to.price_cents },
      direction,
      charge_now_cents: chargeNow,
      currency: to.currency,
      applies_at: appliesAt,
      explanation,
    };
  }

  return new TenantApiRouter()
    .route(
      'billing:read',
      {
        method: 'get',
        path: '/billing',
        summary: 'The plan and its price, usage, the next bill, the card on file, and any payment overdue',
        responses: { 200: { description: 'The billing', schema: billingSchema } },
      },
      async (_input, caller, _req, res) => {
        res.json(await withTenant(caller.tenantId, async () => billingView(await tenantOf(caller), durations)));
      },
    )
    .route(
      'billing:write',
      {
        method: 'post',
        path: '/billing/payment-method',
        summary: "Add or change the card: answers the address of Stripe's hosted page, which takes the card and comes back to the billing page",
        body: z.object({}),
        responses: {
          201: { description: 'Where to send the browser', schema: z.object({ url: z.string() }) },
          502: { description: 'Stripe could not be reached; nothing was changed' },
        },
      },
      async (_input, caller, _req, res) => {
        liveKeyRequired(caller, 'the card on file');
        const billingPage = `${publicBaseUrl(deps.config)}/admin/my-billing`;
        try {
          const url = await cardCheckoutUrl(deps.stripe, caller.tenantId, { success: `${billingPage}?card=saved`, cancel: `${billingPage}?card=cancelled` });
          res.status(201).json({ url });
        } catch (error) {
          if ((error as { type?: string }).type?.startsWith('Stripe')) throw new Problem(502, 'Bad Gateway', 'Stripe could not be reached to take a card; nothing was changed. Try again shortly.');
          throw error;
        }
      },
    )
    .route(
      'billing:read',
      {
        method: 'get',
        path: '/billing/plan-change',
        summary: 'What a change of plan would cost now and when it would apply, before confirming it',
        query: z.object({ tier: selfServeTier }),
        responses: { 200: { description: 'The preview', schema: planChangeSchema }, 409: { description: 'The plan is that one already' } },
      },
      async ({ query }, caller, _req, res) => {
        res.json(await preview(caller, query.tier));
      },
    )
    .route(
      'billing:write',
      {
        method: 'post',
        path: '/billing/plan',
        summary: "Change the plan: an upgrade applies at once (the rest of the period charged, prorated), a downgrade from the next period",
        body: z.object({ tier: selfServeTier }),
        responses: { 200: { description: 'The billing after the change', schema: billingSchema }, 409: { description: 'Refused in this state (the reason in detail)' } },
      },
      async ({ body }, caller, _req, res) => {
        liveKeyRequired(caller, 'the plan');
        await preview(caller, body.tier); // the same refusals as the preview
        try {
          await deps.temporal.workflow.getHandle(tenantWorkflowId(caller.tenantId)).executeUpdate(changePlanUpdate, { args: [{ tier: body.tier, by: byOf(caller) }] });
        } catch (error) {
          throw tenantUpdateProblem(error);
        }
        res.json(await withTenant(caller.tenantId, async () => billingView(await tenantOf(caller), durations)));
      },
    )
    .route(
      'billing:read',
      {
        method: 'get',
        path: '/invoices',
        summary: "The company's invoices, newest first",
        query: z.object(pageQuery),
        responses: { 200: { description: 'A page of invoices', schema: pageOf(invoiceSchema) } },
      },
      async ({ query }, caller, _req, res) => {
        const rows = await withTenant(caller.tenantId, () => pageAfterCursor(Invoice.query().where({ tenant_id: caller.tenantId }), INVOICES, query));
        const { data, next_cursor } = page(rows, query.limit);
        res.json({ data: data.map(invoiceView), next_cursor });
      },
    )
    .route(
      'billing:read',
      {
        method: 'get',
        path: '/invoices/:id',
        summary: 'One invoice, with its lines and links',
        params: z.object({ id: z.uuid() }),
        responses: { 200: { description: 'The invoice', schema: invoiceSchema }, 404: { description: 'No such invoice of this company' } },
      },
      async ({ params }, caller, _req, res) => {
        const row = await withTenant(caller.tenantId, () => Invoice.query().findById(params.id));
        if (!row) throw Problem.notFound('No such invoice.');
        res.json(invoiceView(row));
      },
    );
}
