/** An error in Stripe's shape and status, so the SDK raises StripeCardError, StripeInvalidRequestError… */
export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorDetails {
  code?: string;
  decline_code?: string;
  param?: string;
  charge?: string;
  payment_intent?: unknown;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: StripeErrorType,
    message: string,
    readonly details: StripeErrorDetails = {},
  ) {
    super(message);
  }

  body() {
    const code = this.details.code;
    return {
      error: {
        type: this.type,
        message: this.message,
        ...this.details,
        ...(code ? { doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` } : {}),
      },
    };
  }
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, 'invalid_request_error', message, { ...(param ? { param } : {}), ...(code ? { code } : {}) });
}

export function resourceMissing(kind: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param });
}

export function stripeFaultBody(status: number, message: string) {
  const type: StripeErrorType = status >= 500 ? 'api_error' : 'invalid_request_error';
  const code = status === 429 ? 'rate_limit' : status === 409 ? 'lock_timeout' : undefined;
  return new StripeApiError(status, type, message, code ? { code } : {}).body();
}
