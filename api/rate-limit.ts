import type { Request, RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { PLANS } from '../domain/plans';
import { rateLimitSpec, type Config } from '../lib/config';
import { within } from '../lib/within';
import { callerOf } from './auth/api-key-auth';
import { Problem } from './problem';

/** Requests allowed per window, counted under a key. */
export interface RateLimit {
  key: string;
  points: number;
  windowMs: number;
}

/** The counters live in Postgres; past this the limiter counts as down. */
const LIMITER_TIMEOUT_MS = 2_000;

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * A rate limit as middleware, counted in Postgres (rate-limiter-flexible's fixed windows
 * in the `rate_limits` table), so that every API process shares the counts.
 *
 * `limitFor` names the counter and the limit of each request (undefined: the request is
 * not limited). Each answer carries the limit in the IETF draft's fields
 * (draft-ietf-httpapi-ratelimit-headers), one list item per policy, so a route under two
 * limits shows both:
 *   RateLimit-Policy: "tenant";q=120;w=60
 *   RateLimit: "tenant";r=119;t=60
 * (q: requests per window, w: the window in seconds, r: requests left, t: seconds until
 * the window ends). Past the limit: 429 problem+json with Retry-After in seconds.
 *
 * A limiter that cannot reach Postgres lets the request through and logs a warning: an
 * outage of the counters must not become an outage of the API.
 */
export function rateLimit(deps: { db: Knex; logger: Logger }, policy: string, limitFor: (req: Request) => RateLimit | undefined): RequestHandler {
  // One limiter per limit and window (plans differ); they share the counters by key.
  const limiters = new Map<string, RateLimiterPostgres>();
  const limiter = (points: number, windowMs: number) => {
    const id = `${points}/${windowMs}`;
    let found = limiters.get(id);
    if (!found) {
      found = new RateLimiterPostgres({
        storeClient: deps.db,
        storeType: 'knex',
        tableName: 'rate_limits',
        tableCreated: true, // by db/migrations/006_rate_limits.ts
        keyPrefix: policy,
        points,
        duration: windowMs / 1000,
      });
      limiters.set(id, found);
    }
    return found;
  };

  return async (req, res, next) => {
    const limit = limitFor(req);
    if (!limit) return next();
    let result: RateLimiterRes | undefined;
    let limited = false;
    try {
      result = await within(LIMITER_TIMEOUT_MS, limiter(limit.points, limit.windowMs).consume(limit.key));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) {
        (req.log ?? deps.logger).warn({ err: error, policy }, 'rate limiter unavailable; the request is let through');
        return next();
      }
      result = error;
      limited = true;
    }
    if (!result) {
      (req.log ?? deps.logger).warn({ policy }, 'rate limiter did not answer in time; the request is let through');
      return next();
    }
    const reset = seconds(result.msBeforeNext > 0 ? result.msBeforeNext : limit.windowMs);
    res.append('RateLimit-Policy', `"${policy}";q=${limit.points};w=${seconds(limit.windowMs)}`);
    res.append('RateLimit', `"${policy}";r=${result.remainingPoints};t=${reset}`);
    if (limited) {
      res.setHeader('Retry-After', String(reset));
      throw new Problem(429, 'Too Many Requests', `The ${policy} limit is ${limit.points} requests per ${seconds(limit.windowMs)} s; retry in ${reset} s.`, {
        type: '/docs#rate-limited',
      });
    }
    next();
  };
}

/** Sign-ups per client address (RATE_LIMIT_ONBOARDING). */
export function onboardingRateLimit(deps: { config: Config; db: Knex; logger: Logger }): RequestHandler {
  const spec = rateLimitSpec(deps.config.RATE_LIMIT_ONBOARDING);
  return rateLimit(deps, 'onboarding', (req) => (spec ? { key: req.ip ?? 'unknown', points: spec.points, windowMs: spec.durationMs } : undefined));
}

/**
 * Sign-in attempts per client address (RATE_LIMIT_LOGIN). It bounds password guessing
 * across many accounts, where each account's own lock-out (api/auth/sessions.ts) bounds
 * guessing at one.
 */
export function loginRateLimit(deps: { config: Config; db: Knex; logger: Logger }): RequestHandler {
  const spec = rateLimitSpec(deps.config.RATE_LIMIT_LOGIN);
  return rateLimit(deps, 'login', (req) => (spec ? { key: req.ip ?? 'unknown', points: spec.points, windowMs: spec.durationMs } : undefined));
}

/**
 * The tenant API's limits, per tenant (all its keys together: the plan's requests per
 * minute, or RATE_LIMIT_TENANT_API) and per key (RATE_LIMIT_API_KEY, by default half the
 * tenant's, so one runaway client leaves room for the tenant's others). After the key gate.
 */
export function tenantApiRateLimits(deps: { config: Config; db: Knex; logger: Logger }): RequestHandler[] {
  const tenantOverride = deps.config.RATE_LIMIT_TENANT_API ? rateLimitSpec(deps.config.RATE_LIMIT_TENANT_API) : undefined;
  const keyOverride = deps.config.RATE_LIMIT_API_KEY ? rateLimitSpec(deps.config.RATE_LIMIT_API_KEY) : undefined;
  const tenantLimit = (req: Request) =>
    tenantOverride !== undefined ? tenantOverride : { points: PLANS[callerOf(req).planTier].apiRequestsPerMinute, durationMs: 60_000 };
  const keyLimit = (req: Request) => {
    if (keyOverride !== undefined) return keyOverride;
    const tenant = tenantLimit(req);
    return tenant && { points: Math.ceil(tenant.points / 2), durationMs: tenant.durationMs };
  };
  const counted = (spec: ReturnType<typeof tenantLimit>, key: string) => (spec ? { key, points: spec.points, windowMs: spec.durationMs } : undefined);
  return [
    rateLimit(deps, 'api-key', (req) => counted(keyLimit(req), callerOf(req).id)),
    rateLimit(deps, 'tenant', (req) => counted(tenantLimit(req), callerOf(req).tenantId)),
  ];
}
