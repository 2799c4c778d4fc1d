import type Stripe from 'stripe';
import { overageLine, periodLine, pricedPlan, prorationCents, type BillingEventType, type InvoiceLine } from '../../domain/billing';
import type { Cycle } from '../../domain/billing-cycle';
import type { PlanTier } from '../../domain/plans';
import { Invoice, Tenant, UsagePeriod } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import { adoptCardFromCheckout, ensureStripeCustomer } from './customer';
import { chargeOpenInvoices, issueInvoice, mirrorInvoice, settleOutOfBand, type ChargeOutcome, type InvoiceSummary } from './invoices';

/** What the tenant's workflow learns from a Stripe event: enough to decide, nothing a history should not hold. */
export interface BillingStanding {
  openInvoices: number;
  amountDueCents: number;
  cardOnFile: boolean;
}

export function billingActivities(stripe: Stripe) {
  const tenantOf = (tenantId: string) => withTenant(tenantId, () => Tenant.query().findById(tenantId).throwIfNotFound());

  return {
    async ensureBillingCustomer(p: { tenantId: string }): Promise<void> {
      await ensureStripeCustomer(stripe, p.tenantId);
    },

    /**
     * Bills a period in advance at the plan's price (under the tenant's terms), with the
     * calls beyond the limit of the period before it as one line.
     */
    async billPeriod(p: { tenantId: string; cycle: Cycle; plan: PlanTier; previousStart: string | null }): Promise<InvoiceSummary | null> {
      const tenant = await tenantOf(p.tenantId);
      const plan = pricedPlan(p.plan, tenant);
      const lines: InvoiceLine[] = [];
      const planLine = periodLine(plan, p.cycle);
      if (planLine) lines.push(planLine);
      if (p.previousStart) {
        const previous = await withTenant(p.tenantId, () => UsagePeriod.query().findOne({ period_start: new Date(p.previousStart!) }));
        const overage = previous
          ? overageLine({ calls_used: previous.calls_used, calls_included: previous.calls_included, start: previous.period_start.toISOString(), end: previous.period_end.toISOString() }, plan)
          : null;
        if (overage) lines.push(overage);
      }
      return issueInvoice(stripe, {
        tenantId: p.tenantId,
        key: `${p.tenantId}:period:${p.cycle.start}`,
        kind: 'period',
        description: `${plan.name} plan, period ${p.cycle.index + 1}`,
        period: p.cycle,
        lines,
      });
    },

    /** An upgrade's prorated difference for the rest of the period, invoiced at once (once per change). */
    async billUpgrade(p: { tenantId: string; changeKey: string; from: PlanTier; to: PlanTier; cycle: Cycle; at: string }): Promise<InvoiceSummary | null> {
      const tenant = await tenantOf(p.tenantId);
      const from = pricedPlan(p.from, tenant);
      const to = pricedPlan(p.to, tenant);
      const amount = prorationCents(from, to, p.cycle, p.at);
      return issueInvoice(stripe, {
        tenantId: p.tenantId,
        key: `${p.tenantId}:proration:${p.changeKey}`,
        kind: 'proration',
        description: `Upgrade from ${from.name} to ${to.name}`,
        period: { start: p.at, end: p.cycle.end },
        lines: [{ key: 'proration', description: `${from.name} → ${to.name} for the rest of the period (prorated)`, amount_cents: amount, quantity: 1 }],
      });
    },

    async chargeOpenInvoices(p: { tenantId: string; attempt: number }): Promise<ChargeOutcome> {
      return chargeOpenInvoices(stripe, p);
    },

    async settleInvoicesOutOfBand(p: { tenantId: string; by: string }): Promise<number> {
      return settleOutOfBand(stripe, p);
    },

    /**
     * Brings Kestrel's records up to what Stripe says now about the event's object (not
     * what the event said then: events arrive in any order), and reports the standing.
     */
    async applyStripeEvent(p: { tenantId: string; type: BillingEventType; objectId: string }): Promise<BillingStanding> {
      if (p.type === 'checkout.session.completed') await adoptCardFromCheckout(stripe, p.tenantId, p.objectId);
      else await mirrorInvoice(p.tenantId, await stripe.invoices.retrieve(p.objectId));
      return standing(p.tenantId);
    },
  };
}

async function standing(tenantId: string): Promise<BillingStanding> {
  return withTenant(tenantId, async () => {
    const tenant = await Tenant.query().findById(tenantId).throwIfNotFound();
    const open = await Invoice.query().where({ status: 'open' });
    return { openInvoices: open.length, amountDueCents: open.reduce((sum, row) => sum + row.amount_due_cents, 0), cardOnFile: Boolean(tenant.payment_method) };
  });
}
