import type { Logger } from 'pino';
import type { SandboxStore } from '../state';
import type { StripeData } from './data';
import type { StripeEvents } from './events';
import type { StripeWebhookDelivery } from './webhook-delivery';

/** What Stripe's routes and pages share. */
export interface StripeContext {
  store: SandboxStore;
  data: StripeData;
  events: StripeEvents;
  delivery: StripeWebhookDelivery;
  logger: Logger;
  /** The sandbox's own URL, for the hosted pages' links (known once it listens). */
  sandboxUrl(): string;
}
