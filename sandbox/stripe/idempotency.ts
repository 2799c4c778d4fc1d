import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { SandboxStore } from '../state';
import type { StripeData } from './data';
import { StripeApiError, invalidRequest } from './errors';
import type { Params } from './form';

const KEY_TTL_MS = 24 * 60 * 60 * 1000;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Params)[k])]),
    );
  }
  return value;
}

/**
 * `Idempotency-Key` on POSTs as Stripe treats it: the same key with the same parameters
 * gets the first answer again (`Idempotent-Replayed: true`) and nothing is done twice;
 * the same key with other parameters or another endpoint is an `idempotency_error`.
 * As at Stripe, a request refused before it ran (bad parameters, unknown object) leaves
 * no result behind, so it can be retried with the same key once corrected.
 */
export function idempotentPosts(store: SandboxStore, data: StripeData) {
  const keys = data.state.idempotency;
  return (req: Request, res: Response, next: NextFunction): void => {
    const key = req.headers['idempotency-key'];
    if (req.method !== 'POST' || key === undefined) return next();
    if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
      throw invalidRequest('Idempotency-Key must be between 1 and 255 characters long.');
    }
    const now = Date.now();
    for (const [k, stored] of Object.entries(keys)) if (now - stored.storedAt > KEY_TTL_MS) delete keys[k];

    const params = (res.locals.params ?? {}) as Params;
    const fingerprint = createHash('sha256')
      .update(`${req.method} ${req.path}\n${JSON.stringify(canonical(params))}`)
      .digest('hex');
    const previous = keys[key];
    if (previous) {
      if (previous.fingerprint !== fingerprint) {
        throw new StripeApiError(
          400,
          'idempotency_error',
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      res.setHeader('Idempotent-Replayed', 'true');
      res.status(previous.status).json(previous.body);
      return;
    }
    const json = res.json.bind(res);
    res.json = ((body: unknown) => {
      if (res.statusCode < 400 || res.statusCode === 402) {
        keys[key] = { fingerprint, status: res.statusCode, body, storedAt: Date.now() };
        store.changed();
      }
      return json(body);
    }) as Response['json'];
    next();
  };
}
