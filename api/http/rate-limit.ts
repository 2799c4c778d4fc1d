import { Router, type Request, type RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { PLANS } from '../../domain/plans';
import { rateLimitSpec, type Config } from '../../lib/config';
import { within } from '../../lib/within';
import { callerOf } from '../auth/api-key-auth';
import { clientAddress } from '../auth/client-address';
import { Problem, rateLimited } from './problem';

/** Requests allowed per window, counted under a key. */
export interface RateLimit {
  key: string;
  points: number;
  windowMs: number;
}

/** The counters live in Postgres; past this the limiter counts as down. */
const LIMITER_TIMEOUT_MS = 2_000;
/** What a fail-closed limit's 503 suggests as Retry-After, in seconds. */
const UNAVAILABLE_RETRY_S = 30;

export interface RateLimitOptions {
  /**
   * When the counters cannot be reached (or answer too late): false lets the request
   * through with a warning, true refuses it (503 problem+json with Retry-After).
   */
  failClosed: boolean;
}

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
 * A limiter that cannot reach Postgres lets the request through and logs a warning (an
 * outage of the counters must not become an outage of the tenant API), unless it fails
 * closed: the limits that stand between the public and guessing or costly work (sign-in,
 * invitations, sign-up, password reset) refuse requests they cannot count; see
 * `addressRateLimit`.
 */
export function rateLimit(
  deps: { db: Knex; logger: Logger },
  policy: string,
  limitFor: (req: Request) => RateLimit | undefined,
  options: RateLimitOptions = { failClosed: false },
): RequestHandler {
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
    const unavailable = (why: string, error?: unknown) => {
      const log = req.log ?? deps.logger;
      if (!options.failClosed) {
        log.warn({ err: error, policy }, `rate limiter ${why}; the request is let through`);
        return next();
      }
      log.error({ err: error, policy }, `rate limiter ${why}; the request is refused`);
      res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_S));
      throw Problem.unavailable(`The ${policy} limit cannot be counted at the moment, so the request is refused; retry in a little while.`);
    };
    try {
      result = await within(LIMITER_TIMEOUT_MS, limiter(limit.points, limit.windowMs).consume(limit.key));
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) return unavailable('unavailable', error);
      result = error;
      limited = true;
    }
    if (!result) return unavailable('did not answer in time');
    const reset = seconds(result.msBeforeNext > 0 ? result.msBeforeNext : limit.windowMs);
    res.append('RateLimit-Policy', `"${policy}";q=${limit.points};w=${seconds(limit.windowMs)}`);
    res.append('RateLimit', `"${policy}";r=${result.remainingPoints};t=${reset}`);
    if (limited) throw rateLimited(res, reset, `The ${policy} limit is ${limit.points} requests per ${seconds(limit.windowMs)} s; retry in ${reset} s.`);
    next();
  };
}

/**
 * A limit per client address (`req.ip` after TRUST_PROXY; an IPv6 client's /64) on a route
 * the public can use to guess (passwords, tokens) or to make us work (hashes, workflows):
 * sign-in, invitations, sign-up, and any such route to come (password reset). It fails
 * closed: while the counters cannot be reached, the route answers 503 rather than go
 * unlimited. `spec` null (a limit set to `off`): not limited.
 */
export function addressRateLimit(deps: { db: Knex; logger: Logger }, policy: string, spec: { points: number; durationMs: number } | null): RequestHandler {
  return rateLimit(deps, policy, (req) => (spec ? { key: clientAddress(req.ip), points: spec.points, windowMs: spec.durationMs } : undefined), { failClosed: true });
}

/**
 * The onboarding routes' limits, for `app.use('/api/onboarding', …)`: sign-ups
 * (`POST /`, RATE_LIMIT_ONBOARDING) and slug suggestions (`GET /slug`,
 * RATE_LIMIT_ONBOARDING_SLUG, by default ten times the sign-ups' figure: the wizard asks as
 * the company's name is typed), each per client address.
 */
export function onboardingRateLimit(deps: { config: Config; db: Knex; logger: Logger }): RequestHandler {
  const signUps = rateLimitSpec(deps.config.RATE_LIMIT_ONBOARDING);
  const slugs = deps.config.RATE_LIMIT_ONBOARDING_SLUG
    ? rateLimitSpec(deps.config.RATE_LIMIT_ONBOARDING_SLUG)
    : signUps && { points: signUps.points * 10, durationMs: signUps.durationMs };
  // A router, so that the limits match requests exactly as the routes do (case, trailing slash).
  return Router()
    .post('/', addressRateLimit(deps, 'onboarding', signUps))
    .get('/slug', addressRateLimit(deps, 'onboarding-slug', slugs));
}

/**
 * The sign-in routes' limits, for `app.use('/api/auth', …)`, per client address: sign-in
 * attempts (`POST /login`, RATE_LIMIT_LOGIN), and with the same figure, each counted apart,
 * sign-in codes (`POST /login/otp`), invitation acceptances (`POST /accept-invite`) and
 * reset confirmations (`POST /password-reset/confirm`); reset requests
 * (`POST /password-reset`, RATE_LIMIT_PASSWORD_RESET). They bound password guessing
 * across many accounts, where each account's lock-out (api/auth/login-attempts.ts) bounds
 * guessing at one; and the work of hashing, and the mail, that attempts cost.
 */
export function loginRateLimit(deps: { config: Config; db: Knex; logger: Logger }): RequestHandler {
  const spec = rateLimitSpec(deps.config.RATE_LIMIT_LOGIN);
  return Router()
    .post('/login', addressRateLimit(deps, 'login', spec))
    .post('/login/otp', addressRateLimit(deps, 'login-otp', spec))
    .post('/accept-invite', addressRateLimit(deps, 'accept-invite', spec))
    .post('/password-reset', addressRateLimit(deps, 'password-reset', rateLimitSpec(deps.config.RATE_LIMIT_PASSWORD_RESET)))
    .post('/password-reset/confirm', addressRateLimit(deps, 'password-reset-confirm', spec));
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
