import Stripe from 'stripe';
import { publicBaseUrl, type Config } from '../lib/config';
import { SANDBOX_STRIPE_SECRET_KEY, SANDBOX_STRIPE_WEBHOOK_SECRET } from '../sandbox/stripe/account';
import { sandboxUrl } from './sandbox-url';

export type StripeClient = Stripe;

/**
 * Stripe's SDK client: the real API with STRIPE_SECRET_KEY, the provider sandbox without
 * (the SDK's own host, port and protocol options). The SDK does not retry: a billing step
 * is a Temporal activity, retried on its schedule with the same idempotency key.
 */
export function stripeClient(config: Config): Stripe {
  const common = { maxNetworkRetries: 0, timeout: 20_000, telemetry: false, appInfo: { name: 'Kestrel' } } as const;
  if (config.STRIPE_SECRET_KEY) return new Stripe(config.STRIPE_SECRET_KEY, common);
  const url = new URL(sandboxUrl(config));
  return new Stripe(SANDBOX_STRIPE_SECRET_KEY, {
    ...common,
    host: url.hostname,
    port: url.port || (url.protocol === 'https:' ? 443 : 80),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  });
}

/** The secret Stripe signs Kestrel's webhook deliveries with: the dashboard endpoint's, or the sandbox's public one. */
export function stripeWebhookSecret(config: Config): string {
  return config.STRIPE_SECRET_KEY ? config.STRIPE_WEBHOOK_SECRET! : SANDBOX_STRIPE_WEBHOOK_SECRET;
}

/**
 * With the sandbox playing Stripe, the API registers its own webhook endpoint there, as an
 * operator does in Stripe's dashboard for the real one (which Kestrel never changes).
 */
export async function registerSandboxWebhook(config: Config, stripe: Stripe = stripeClient(config)): Promise<void> {
  if (config.STRIPE_SECRET_KEY) return;
  const url = `${publicBaseUrl(config)}/webhooks/stripe`;
  const endpoints = await stripe.webhookEndpoints.list({ limit: 100 });
  if (endpoints.data.some((endpoint) => endpoint.url === url && endpoint.status === 'enabled')) return;
  await stripe.webhookEndpoints.create({ url, enabled_events: ['*'], description: 'Kestrel (registered by the API at start)' });
}
