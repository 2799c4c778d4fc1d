import type { RouteFn } from './api';
import { listPage } from './api';
import { refreshExpiry } from './checkout';
import type { StripeContext } from './context';
import { unixNow } from './data';
import { invalidRequest } from './errors';
import { newCheckoutSession, type CheckoutSession, type Customer } from './objects';

export function checkoutRoutes(route: RouteFn, ctx: StripeContext): void {
  const { data, events } = ctx;

  route('post', '/v1/checkout/sessions', 'PostCheckoutSessions', ({ read }) => {
    const p = read([
      'mode',
      'customer',
      'customer_email',
      'success_url',
      'cancel_url',
      'metadata',
      'currency',
      'payment_method_types',
      'setup_intent_data',
      'client_reference_id',
      'expires_at',
      'ui_mode',
      'line_items',
      'payment_intent_data',
      'subscription_data',
    ]);
    const mode = p.requiredString('mode');
    if (mode !== 'setup') {
      throw invalidRequest(`The sandbox's Checkout takes mode=setup only: mode=${mode} is not real in the sandbox yet.`, 'mode', 'parameter_invalid_string');
    }
    for (const unused of ['line_items', 'payment_intent_data', 'subscription_data']) {
      if (p.has(unused)) throw invalidRequest(`You can not pass \`${unused}\` in \`setup\` mode.`, unused, 'parameter_unknown');
    }
    const uiMode = p.string('ui_mode');
    if (uiMode !== undefined && uiMode !== 'hosted_page' && uiMode !== 'hosted') {
      throw invalidRequest(`The sandbox's Checkout serves hosted pages only: ui_mode=${uiMode} is not real in the sandbox yet.`, 'ui_mode');
    }
    const customerId = p.string('customer');
    const customer = customerId ? data.require<Customer>(customerId, 'customer', 'customer') : undefined;
    const customerEmail = p.string('customer_email');
    if (customer && customerEmail) throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', 'customer_email');
    const types = p.strings('payment_method_types') ?? ['card'];
    const unsupported = types.find((t) => t !== 'card');
    if (unsupported) throw invalidRequest(`The sandbox's Checkout saves cards only: payment method type ${unsupported} is not real in the sandbox yet.`, 'payment_method_types');
    const expiresAt = p.int('expires_at');
    const now = unixNow();
    if (expiresAt !== undefined && (expiresAt < now + 30 * 60 || expiresAt > now + 24 * 60 * 60)) {
      throw invalidRequest('The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', 'expires_at');
    }
    const setupData = p.hash('setup_intent_data') ?? {};
    for (const key of Object.keys(setupData)) {
      if (key !== 'metadata' && key !== 'description') throw invalidRequest(`Received unknown parameter: setup_intent_data[${key}]`, `setup_intent_data[${key}]`, 'parameter_unknown');
    }
    const setupMetadata = p.metadata('metadata', setupData);
    const metadata = p.metadata();
    const session = newCheckoutSession({
      customer: customer?.id ?? null,
      customer_email: customerEmail ?? null,
      success_url: p.requiredString('success_url'),
      cancel_url: p.string('cancel_url') ?? null,
      currency: p.string('currency')?.toLowerCase() ?? null,
      metadata: metadata === '' || metadata === undefined ? {} : metadata,
      client_reference_id: p.string('client_reference_id') ?? null,
      payment_method_types: types,
      expires_at: expiresAt ?? null,
      setup_intent_data: {
        metadata: setupMetadata === '' || setupMetadata === undefined ? {} : setupMetadata,
        description: typeof setupData.description === 'string' ? setupData.description : null,
      },
      pageUrl: (id) => `${ctx.sandboxUrl()}/sandbox/stripe/checkout/${id}`,
    });
    return data.put(session);
  });

  route('get', '/v1/checkout/sessions', 'GetCheckoutSessions', ({ read }) => {
    const p = read(['customer', 'status', 'limit', 'starting_after', 'ending_before']);
    const customer = p.string('customer');
    const status = p.oneOf('status', ['open', 'complete', 'expired'] as const);
    const sessions = data.list<CheckoutSession>('checkout.session');
    sessions.forEach(refreshExpiry);
    return listPage('/v1/checkout/sessions', sessions.filter((s) => (!customer || s.customer === customer) && (!status || s.status === status)), p);
  });

  route('get', '/v1/checkout/sessions/:session', 'GetCheckoutSessionsSession', ({ read, path }) => {
    read([]);
    const session = data.require<CheckoutSession>(path.session!, 'checkout.session');
    refreshExpiry(session);
    return session;
  });

  route('post', '/v1/checkout/sessions/:session/expire', 'PostCheckoutSessionsSessionExpire', ({ read, path, request }) => {
    read([]);
    const session = data.require<CheckoutSession>(path.session!, 'checkout.session');
    refreshExpiry(session);
    if (session.status !== 'open') throw invalidRequest(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`);
    session.status = 'expired';
    session.url = null;
    events.emit('checkout.session.expired', session, request, { status: 'open' });
    return session;
  });
}
