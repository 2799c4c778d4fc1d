import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { Request } from 'express';
import type { Logger } from 'pino';
import type Stripe from 'stripe';
import { z } from 'zod';
import { StripeEvent, Tenant } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { isBillingEventType } from '../../domain/billing';
import type { Config } from '../../lib/config';
import { isUuid } from '../../lib/uuid';
import { stripeWebhookSecret } from '../../providers/stripe';
import { billingEventSignal, tenantWorkflowId } from '../../workflows/tenant-messages';
import { ApiRouter } from '../http/endpoint';
import { Problem } from '../http/problem';

declare module 'express-serve-static-core' {
  interface Request {
    /** The body exactly as it arrived, for Stripe's signature (kept by the JSON parser for this route only). */
    rawBody?: Buffer;
  }
}

export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

const SYSTEM = { type: 'system', id: 'stripe-webhook' } as const;

/**
 * Stripe's events (`POST /webhooks/stripe`). The signature is checked with Stripe's SDK on
 * the raw body (missing, wrong or stale: 400, nothing done). Each event is filed by its id
 * and handed to its tenant's workflow as a signal; a redelivery of an event the workflow
 * already has is answered 200 and changes nothing. An event the workflow could not be
 * given (Temporal unreachable) answers 503, and Stripe delivers it again later.
 */
export function stripeWebhookRoutes(deps: { config: Config; temporal: Client; stripe: Stripe; logger: Logger }): ApiRouter {
  const api = new ApiRouter('/webhooks', { security: [{ stripeSignature: [] }], tags: ['webhooks'] });
  const secret = stripeWebhookSecret(deps.config);
  return api.endpoint(
    {
      method: 'post',
      path: '/stripe',
      summary: "Stripe's events: card saved, invoice paid or failed; each becomes a signal to its tenant's lifecycle workflow",
      body: z.looseObject({}),
      responses: {
        200: { description: 'Received (also for a redelivery, and for events Kestrel does not act on)' },
        400: { description: 'No Stripe-Signature header, or one that does not match the body' },
        503: { description: "The tenant's workflow could not be reached; Stripe delivers the event again" },
      },
    },
    async (_input, req, res) => {
      const event = verifiedEvent(deps.stripe, req, secret);
      const object = event.data.object as { id?: string; metadata?: Record<string, string> | null; customer?: string | { id: string } | null };
      const tenantId = await tenantOf(object);
      const filed = await withOperatorAccess(SYSTEM, async () => {
        await StripeEvent.query().insert({ id: event.id, type: event.type, tenant_id: tenantId }).onConflict('id').ignore();
        return StripeEvent.query().findById(event.id);
      });
      if (filed?.handed_over_at || !tenantId || !isBillingEventType(event.type) || !object.id) {
        res.json({ received: true });
        return;
      }
      try {
        await deps.temporal.workflow.getHandle(tenantWorkflowId(tenantId)).signal(billingEventSignal, { eventId: event.id, type: event.type, objectId: object.id });
      } catch (error) {
        // A tenant whose lifecycle has ended (deleted) has nothing left to bill: the event is filed, and that is all.
        if (error instanceof WorkflowNotFoundError) {
          res.json({ received: true });
          return;
        }
        deps.logger.warn({ err: error, eventId: event.id, tenantId }, 'stripe event not handed to the tenant workflow; Stripe will deliver it again');
        throw new Problem(503, 'Service Unavailable', "The tenant's workflow could not be reached; deliver the event again later.");
      }
      await withOperatorAccess(SYSTEM, () => StripeEvent.query().findById(event.id).patch({ handed_over_at: new Date() }));
      res.json({ received: true });
    },
  );
}

function verifiedEvent(stripe: Stripe, req: Request, secret: string): Stripe.Event {
  const signature = req.headers['stripe-signature'];
  if (typeof signature !== 'string' || !req.rawBody) {
    throw new Problem(400, 'Bad Request', 'Missing Stripe-Signature header.', { type: '/docs#stripe-signature-missing' });
  }
  try {
    return stripe.webhooks.constructEvent(req.rawBody, signature, secret);
  } catch {
    throw new Problem(400, 'Bad Request', 'The Stripe-Signature does not match the body.', { type: '/docs#stripe-signature-invalid' });
  }
}

/** Whose event it is: Kestrel names the tenant in the metadata of what it creates; otherwise the customer says. */
async function tenantOf(object: { metadata?: Record<string, string> | null; customer?: string | { id: string } | null }): Promise<string | null> {
  const candidate = object.metadata?.tenant_id;
  const named = isUuid(candidate) ? candidate : undefined;
  const customer = typeof object.customer === 'string' ? object.customer : object.customer?.id;
  return withOperatorAccess(SYSTEM, async () => {
    const tenant = named
      ? await Tenant.query().findById(named).select('id')
      : customer
        ? await Tenant.query().findOne({ stripe_customer_id: customer }).select('id')
        : undefined;
    return tenant?.id ?? null;
  });
}
