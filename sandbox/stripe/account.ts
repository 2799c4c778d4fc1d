/**
 * The sandbox's one Stripe account. Like the Twilio account, these values are public on
 * purpose: Kestrel's Stripe client uses the key when it has no STRIPE_SECRET_KEY, and its
 * webhook handler checks the sandbox's signatures with the webhook secret.
 */
export const SANDBOX_STRIPE_SECRET_KEY = 'sk_test_kestrel_sandbox';

/** The signing secret of every webhook endpoint created in the sandbox (real Stripe makes a random one per endpoint). */
export const SANDBOX_STRIPE_WEBHOOK_SECRET = 'whsec_kestrel_sandbox';

/** The API version of the OpenAPI document the sandbox is checked against, stamped on its events. */
export const STRIPE_API_VERSION = '2026-08-26.dahlia';

/** The first path segment of every Stripe resource the sandbox serves under `/v1`. */
export const STRIPE_RESOURCES = [
  'customers',
  'checkout',
  'setup_intents',
  'payment_methods',
  'invoiceitems',
  'invoices',
  'payment_intents',
  'charges',
  'refunds',
  'events',
  'webhook_endpoints',
] as const;

/** Whether a served path belongs to Stripe's API rather than OpenAI's, which shares `/v1`. */
export function isStripePath(path: string): boolean {
  const segment = /^\/v1\/([^/?]+)/.exec(path)?.[1];
  return segment !== undefined && (STRIPE_RESOURCES as readonly string[]).includes(segment);
}
