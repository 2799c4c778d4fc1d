import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Faults } from '../faults';
import { billingRoutes } from './billing-routes';
import { checkoutRoutes } from './checkout-routes';
import type { StripeContext } from './context';
import { customerRoutes } from './customer-routes';
import { SANDBOX_STRIPE_SECRET_KEY, STRIPE_RESOURCES } from './account';
import { stripeId, type StripeObject } from './data';
import { StripeApiError, invalidRequest, stripeFaultBody } from './errors';
import type { RequestRef } from './events';
import { expandFields } from './expand';
import { ParamReader, parseStripeParams, type Params } from './form';
import { hostedPages } from './hosted-pages';
import { idempotentPosts } from './idempotency';
import { served } from './objects';
import { paymentRoutes } from './payment-routes';
import { webhookRoutes } from './webhook-routes';

/** One API call as a handler sees it. */
export interface ApiCall {
  params: Params;
  /** The path's `{…}` parts, e.g. `invoice` for `/v1/invoices/{invoice}/pay`. */
  path: Record<string, string>;
  request: RequestRef;
  /** Reads the parameters, refusing any the operation does not take. */
  read(accepted: readonly string[]): ParamReader;
}

/** Registers one operation, named by the operationId of Stripe's OpenAPI document (for faults). */
export type RouteFn = (method: 'get' | 'post' | 'delete', path: string, operationId: string, handler: (call: ApiCall) => unknown) => void;

const DEFAULT_LIMIT = 10;

/** A page of a Stripe list: `limit` (1–100, default 10), `starting_after`, `ending_before`. */
export function listPage<T extends StripeObject>(url: string, items: T[], reader: ParamReader): { object: 'list'; data: T[]; has_more: boolean; url: string } {
  const limit = reader.int('limit') ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > 100) throw invalidRequest('Invalid limit: must be at least 1 and at most 100', 'limit', 'parameter_invalid_integer');
  const after = reader.string('starting_after');
  const before = reader.string('ending_before');
  let start = 0;
  let end = items.length;
  if (after) start = items.findIndex((i) => i.id === after) + 1;
  if (before) end = Math.max(0, items.findIndex((i) => i.id === before));
  const window = before && !after ? items.slice(Math.max(0, end - limit), end) : items.slice(start, start + limit);
  const hasMore = before && !after ? end - limit > 0 : start + limit < end;
  return { object: 'list', data: window, has_more: hasMore, url };
}

function bearerKey(req: Request): string | undefined {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer) return bearer;
  const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
  return basic ? Buffer.from(basic, 'base64').toString('utf8').split(':')[0] : undefined;
}

const redact = (key: string) => (key.length > 8 ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : key);

/**
 * Stripe's `/v1` API for the resources in STRIPE_RESOURCES, and its hosted pages. It must
 * be mounted before OpenAI's `/v1`, which answers every other `/v1` path.
 */
export function stripeApi(ctx: StripeContext, faults: Faults): Router {
  const router = Router();
  const paths = STRIPE_RESOURCES.map((r) => `/v1/${r}`);

  router.use(paths, express.text({ type: () => true, limit: '1mb' }), (req: Request, res: Response, next: NextFunction) => {
    const requestId = stripeId('req', 14);
    res.setHeader('Request-Id', requestId);
    res.setHeader('Stripe-Version', String(req.headers['stripe-version'] ?? '') || 'sandbox');
    const key = bearerKey(req);
    if (!key) {
      throw new StripeApiError(
        401,
        'invalid_request_error',
        'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. \'Authorization: Bearer YOUR_SECRET_KEY\').',
      );
    }
    if (key !== SANDBOX_STRIPE_SECRET_KEY) {
      throw new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${redact(key)}`, { code: 'api_key_invalid' });
    }
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
    const body = typeof req.body === 'string' ? req.body : '';
    res.locals.params = { ...parseStripeParams(query), ...parseStripeParams(body) };
    const idempotencyKey = req.headers['idempotency-key'];
    res.locals.requestRef = { id: requestId, idempotency_key: typeof idempotencyKey === 'string' ? idempotencyKey : null } satisfies RequestRef;
    next();
  });

  const idempotency = idempotentPosts(ctx.store, ctx.data);
  const route: RouteFn = (method, path, operationId, handler) => {
    router[method](path, faults.guard('stripe', operationId, stripeFaultBody), idempotency, (req: Request, res: Response) => {
      const params = res.locals.params as Params;
      const call: ApiCall = {
        params,
        path: req.params as Record<string, string>,
        request: res.locals.requestRef as RequestRef,
        read: (accepted) => new ParamReader(params, accepted),
      };
      try {
        const result = handler(call) as StripeObject;
        const expand = new ParamReader(params, Object.keys(params)).expand();
        const body = result.object === 'list' ? { ...result, data: (result.data as StripeObject[]).map(served) } : served(result);
        res.json(expandFields(ctx.data, body, expand));
      } finally {
        ctx.store.changed();
      }
    });
  };
  customerRoutes(route, ctx);
  checkoutRoutes(route, ctx);
  paymentRoutes(route, ctx);
  billingRoutes(route, ctx);
  webhookRoutes(route, ctx, router);

  router.use(paths, (req: Request) => {
    throw new StripeApiError(404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${req.originalUrl.split('?')[0]}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`);
  });
  router.use(paths, (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof StripeApiError) {
      res.status(error.status).json(error.body());
      return;
    }
    if (error instanceof Error && (error as { type?: string }).type === 'entity.too.large') {
      res.status(413).json(invalidRequest('Request too large').body());
      return;
    }
    ctx.logger.error({ err: error }, 'stripe sandbox request failed');
    res.status(500).json(new StripeApiError(500, 'api_error', 'Sandbox error: see its log').body());
  });
  router.use(hostedPages(ctx));
  return router;
}
