import { STRIPE_API_VERSION } from './account';
import { stripeId, unixNow, type StripeData, type StripeObject } from './data';
import { served, type StripeEvent, type WebhookEndpoint } from './objects';

/** The request an event came from; both null for changes made on the hosted pages. */
export interface RequestRef {
  id: string | null;
  idempotency_key: string | null;
}

export const NO_REQUEST: RequestRef = { id: null, idempotency_key: null };

/** The event types the sandbox emits; webhook endpoints may subscribe to these or `*`. */
export const EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'checkout.session.completed',
  'checkout.session.expired',
  'setup_intent.created',
  'setup_intent.succeeded',
  'payment_method.attached',
  'payment_method.detached',
  'invoice.created',
  'invoice.finalized',
  'invoice.updated',
  'invoice.deleted',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.payment_failed',
  'invoice.voided',
  'invoice.marked_uncollectible',
  'invoiceitem.created',
  'invoiceitem.deleted',
  'payment_intent.created',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'charge.succeeded',
  'charge.failed',
  'charge.refunded',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function endpointWants(endpoint: WebhookEndpoint, type: string): boolean {
  return endpoint.status === 'enabled' && (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(type));
}

/** How an event reaches the endpoints that want it. */
export interface EventSink {
  enqueue(event: StripeEvent, endpoints: WebhookEndpoint[]): void;
}

/** Records Stripe's events, with `data.object` a snapshot of the object at that moment, and hands them to delivery. */
export class StripeEvents {
  constructor(
    private readonly data: StripeData,
    private readonly sink: EventSink,
  ) {}

  emit(type: EventType, object: StripeObject, request: RequestRef, previous?: Record<string, unknown>): StripeEvent {
    const endpoints = this.data.list<WebhookEndpoint>('webhook_endpoint', (e) => endpointWants(e, type)).reverse();
    const event: StripeEvent = {
      id: stripeId('evt'),
      object: 'event',
      api_version: STRIPE_API_VERSION,
      created: unixNow(),
      data: { object: JSON.parse(JSON.stringify(served(object))) as StripeObject, ...(previous ? { previous_attributes: JSON.parse(JSON.stringify(previous)) as Record<string, unknown> } : {}) },
      livemode: false,
      pending_webhooks: endpoints.length,
      request,
      type,
    };
    this.data.put(event);
    this.sink.enqueue(event, endpoints);
    return event;
  }
}
