import { testCardOf, type Decline } from './cards';
import type { StripeContext } from './context';
import { StripeApiError, invalidRequest } from './errors';
import type { RequestRef } from './events';
import { newCharge, newRefund, type ApiErrorRecord, type Charge, type PaymentIntent, type PaymentMethod, type Refund } from './objects';

function cardError(decline: Decline, chargeId: string, method: PaymentMethod): ApiErrorRecord {
  return {
    type: 'card_error',
    code: decline.code,
    ...(decline.decline_code ? { decline_code: decline.decline_code } : {}),
    message: decline.message,
    charge: chargeId,
    payment_method: JSON.parse(JSON.stringify(method)) as PaymentMethod,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
  };
}

/**
 * Confirms a PaymentIntent with a card: one Charge, succeeded or failed as the test
 * card dictates, and the PaymentIntent and Charge events. Returns the decline, if any.
 */
export function confirmWithCard(ctx: StripeContext, intent: PaymentIntent, method: PaymentMethod, request: RequestRef): Decline | undefined {
  const decline = testCardOf(method.card.last4)?.declineOnCharge;
  // The error names the charge, which needs the error to be built: the id is filled in below.
  const failure = decline ? cardError(decline, '', method) : null;
  const charge = ctx.data.put(newCharge(intent, method, failure));
  if (failure) failure.charge = charge.id;
  intent.payment_method = method.id;
  intent.latest_charge = charge.id;
  if (failure) {
    intent.status = 'requires_payment_method';
    intent.last_payment_error = failure;
    ctx.events.emit('charge.failed', charge, request);
    ctx.events.emit('payment_intent.payment_failed', intent, request);
  } else {
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    intent.last_payment_error = null;
    ctx.events.emit('charge.succeeded', charge, request);
    ctx.events.emit('payment_intent.succeeded', intent, request);
  }
  return decline;
}

/** The 402 Stripe answers a declined payment with, naming the failed charge. */
export function declineError(decline: Decline, intent: PaymentIntent): StripeApiError {
  return new StripeApiError(402, 'card_error', decline.message, {
    code: decline.code,
    ...(decline.decline_code ? { decline_code: decline.decline_code } : {}),
    ...(intent.latest_charge ? { charge: intent.latest_charge } : {}),
  });
}

/** Refunds part or all of what a charge captured; Stripe's card refunds succeed at once in test mode. */
export function refundCharge(ctx: StripeContext, charge: Charge, amount: number | undefined, reason: string | null, metadata: Record<string, string>, request: RequestRef): Refund {
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has not succeeded, so it cannot be refunded.`, 'charge', 'charge_not_refundable');
  const refundable = charge.amount_captured - charge.amount_refunded;
  if (refundable <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, 'charge', 'charge_already_refunded');
  const value = amount ?? refundable;
  if (value <= 0) throw invalidRequest('Invalid positive integer', 'amount', 'parameter_invalid_integer');
  if (value > refundable) {
    throw invalidRequest(`Refund amount ($${(value / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${(refundable / 100).toFixed(2)})`, 'amount', 'amount_too_large');
  }
  const refund = ctx.data.put(newRefund(charge, value, reason, metadata));
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += value;
  charge.refunded = charge.amount_refunded >= charge.amount_captured;
  charge.refunds.data.unshift(refund);
  charge.refunds.total_count = charge.refunds.data.length;
  ctx.events.emit('charge.refunded', charge, request, previous);
  return refund;
}
