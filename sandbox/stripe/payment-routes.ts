import type { RouteFn } from './api';
import { listPage } from './api';
import { TEST_CARDS, TEST_PAYMENT_METHODS } from './cards';
import type { StripeContext } from './context';
import { invalidRequest } from './errors';
import { newCardPaymentMethod, type Charge, type Customer, type PaymentIntent, type PaymentMethod, type Refund, type SetupIntent } from './objects';
import { refundCharge } from './payments';

export function paymentRoutes(route: RouteFn, ctx: StripeContext): void {
  const { data, events } = ctx;

  route('get', '/v1/setup_intents/:intent', 'GetSetupIntentsIntent', ({ read, path }) => {
    read(['client_secret']);
    return data.require<SetupIntent>(path.intent!, 'setup_intent', 'intent');
  });

  route('get', '/v1/payment_methods', 'GetPaymentMethods', ({ read }) => {
    const p = read(['customer', 'type', 'limit', 'starting_after', 'ending_before']);
    const customer = p.string('customer');
    if (customer) data.require<Customer>(customer, 'customer', 'customer');
    const type = p.string('type');
    return listPage('/v1/payment_methods', data.list<PaymentMethod>('payment_method', (m) => (!customer || m.customer === customer) && (!type || m.type === type)), p);
  });

  route('get', '/v1/payment_methods/:payment_method', 'GetPaymentMethodsPaymentMethod', ({ read, path }) => {
    read([]);
    return data.require<PaymentMethod>(path.payment_method!, 'payment_method', 'payment_method');
  });

  route('post', '/v1/payment_methods/:payment_method/attach', 'PostPaymentMethodsPaymentMethodAttach', ({ read, path, request }) => {
    const p = read(['customer']);
    const customer = data.require<Customer>(p.requiredString('customer'), 'customer', 'customer');
    const testNumber = TEST_PAYMENT_METHODS[path.payment_method!];
    // Stripe's test ids (`pm_card_visa`) stand for a card: attaching one attaches a new PaymentMethod made from it.
    const method = testNumber
      ? data.put(newCardPaymentMethod(TEST_CARDS[testNumber]!, testNumber, { month: 12, year: new Date().getUTCFullYear() + 3 }, null, null, null))
      : data.require<PaymentMethod>(path.payment_method!, 'payment_method', 'payment_method');
    if (method.customer === customer.id) return method;
    if (method.customer) throw invalidRequest('The payment method you provided has already been attached to a customer.', undefined, 'payment_method_unexpected_state');
    method.customer = customer.id;
    events.emit('payment_method.attached', method, request);
    return method;
  });

  route('post', '/v1/payment_methods/:payment_method/detach', 'PostPaymentMethodsPaymentMethodDetach', ({ read, path, request }) => {
    read([]);
    const method = data.require<PaymentMethod>(path.payment_method!, 'payment_method', 'payment_method');
    if (!method.customer) throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', undefined, 'payment_method_unexpected_state');
    const customer = data.get<Customer>(method.customer, 'customer');
    const previous = { customer: method.customer };
    method.customer = null;
    if (customer && customer.invoice_settings.default_payment_method === method.id) {
      const before = { invoice_settings: { ...customer.invoice_settings } };
      customer.invoice_settings.default_payment_method = null;
      events.emit('customer.updated', customer, request, before);
    }
    events.emit('payment_method.detached', method, request, previous);
    return method;
  });

  route('get', '/v1/payment_intents/:intent', 'GetPaymentIntentsIntent', ({ read, path }) => {
    read(['client_secret']);
    return data.require<PaymentIntent>(path.intent!, 'payment_intent', 'intent');
  });

  route('get', '/v1/charges', 'GetCharges', ({ read }) => {
    const p = read(['customer', 'payment_intent', 'limit', 'starting_after', 'ending_before']);
    const customer = p.string('customer');
    const intent = p.string('payment_intent');
    return listPage('/v1/charges', data.list<Charge>('charge', (c) => (!customer || c.customer === customer) && (!intent || c.payment_intent === intent)), p);
  });

  route('get', '/v1/charges/:charge', 'GetChargesCharge', ({ read, path }) => {
    read([]);
    return data.require<Charge>(path.charge!, 'charge', 'charge');
  });

  route('post', '/v1/refunds', 'PostRefunds', ({ read, request }) => {
    const p = read(['charge', 'payment_intent', 'amount', 'reason', 'metadata']);
    const chargeId = p.string('charge');
    const intentId = p.string('payment_intent');
    if (chargeId && intentId) throw invalidRequest('You may only specify one of these parameters: charge, payment_intent.', 'payment_intent');
    let charge: Charge;
    if (chargeId) {
      charge = data.require<Charge>(chargeId, 'charge', 'charge');
    } else if (intentId) {
      const intent = data.require<PaymentIntent>(intentId, 'payment_intent', 'payment_intent');
      if (intent.status !== 'succeeded' || !intent.latest_charge) {
        throw invalidRequest(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable');
      }
      charge = data.require<Charge>(intent.latest_charge, 'charge', 'payment_intent');
    } else {
      throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', undefined, 'parameter_missing');
    }
    const reason = p.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null;
    const metadata = p.metadata();
    return refundCharge(ctx, charge, p.int('amount'), reason, metadata === '' || metadata === undefined ? {} : metadata, request);
  });

  route('get', '/v1/refunds', 'GetRefunds', ({ read }) => {
    const p = read(['charge', 'payment_intent', 'limit', 'starting_after', 'ending_before']);
    const charge = p.string('charge');
    const intent = p.string('payment_intent');
    return listPage('/v1/refunds', data.list<Refund>('refund', (r) => (!charge || r.charge === charge) && (!intent || r.payment_intent === intent)), p);
  });

  route('get', '/v1/refunds/:refund', 'GetRefundsRefund', ({ read, path }) => {
    read([]);
    return data.require<Refund>(path.refund!, 'refund', 'refund');
  });
}
