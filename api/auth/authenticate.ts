import { parse as parseCookie } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { withOperatorAccess, withTenant } from '../../db/tenant-context';
import { publicBaseUrl, type Config } from '../../lib/config';
import type { AuditActor } from '../http/audit-actor';
import { Problem } from '../http/problem';
import { isAccessToken, type IssuedTokens, type Principal, type Sessions } from './sessions';

declare module 'express-serve-static-core' {
  interface Request {
    /** Who the request acts as, when it carries a live session. */
    principal?: Principal;
    /** The credential it came with: cookies need a same-origin check before a change. */
    credential?: 'cookie' | 'bearer';
    /** The support session that allowed this change (see operator-access.ts): the audit log records it. */
    supportSessionWrite?: string;
  }
}

/** The console's session lives in two httpOnly cookies; scripts send the access token as a bearer token. */
export const ACCESS_COOKIE = 'kestrel_session';
export const REFRESH_COOKIE = 'kestrel_refresh';
const REFRESH_PATH = '/api/auth';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bearer(req: Request): string | undefined {
  return /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

export function cookieValue(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  return header ? parseCookie(header)[name] : undefined;
}

/**
 * Finds the request's session (a bearer access token, else the session cookie) and sets
 * `req.principal`; rejects nothing by itself. A change made with the cookie must come
 * from the console's own origin: SameSite=Strict already keeps other sites' requests
 * from carrying it, and the Origin check covers browsers that do not honour SameSite.
 */
export function authenticate(sessions: Sessions, config: Config): RequestHandler {
  const ownOrigin = new URL(publicBaseUrl(config)).origin;
  return async (req, _res, next) => {
    const token = bearer(req);
    const fromCookie = !token ? cookieValue(req, ACCESS_COOKIE) : undefined;
    const presented = token ?? fromCookie;
    if (presented && isAccessToken(presented)) {
      req.principal = await sessions.authenticate(presented);
      if (req.principal) req.credential = token ? 'bearer' : 'cookie';
    }
    if (req.credential === 'cookie' && UNSAFE.has(req.method)) {
      const origin = req.headers.origin;
      const sameOrigin = origin === ownOrigin || origin === `${req.protocol}://${req.get('host')}` || req.headers['sec-fetch-site'] === 'same-origin';
      if (!sameOrigin) throw new Problem(403, 'Forbidden', 'A change made with the session cookie must come from the console itself.');
    }
    next();
  };
}

/**
 * The admin API's gate: an operator's session. A tenant's owners also pass on
 * `ownerPaths` (their company's API keys and users), where the route itself checks that
 * the company is theirs (see `tenantAdmin`).
 */
export function requireOperator(ownerPaths?: RegExp): RequestHandler {
  return (req, res, next) => {
    const principal = req.principal;
    if (principal?.kind === 'operator') return next();
    if (principal?.kind === 'tenant_user' && principal.role === 'owner' && ownerPaths?.test(req.path)) return next();
    res.setHeader('WWW-Authenticate', 'Bearer realm="kestrel-admin"');
    if (principal) throw new Problem(403, 'Forbidden', 'This is for Kestrel operators.');
    throw new Problem(401, 'Unauthorized', 'Sign in as an operator (POST /api/auth/login) and send the session cookie or the bearer token.');
  };
}

/**
 * Who manages a tenant's keys or users, and in which scope: an operator across tenants,
 * or the tenant's owner within their own company only (another company's records are
 * then simply not there: 404).
 */
export function tenantAdmin(req: Request, tenantId?: string): { actor: AuditActor; scope: <T>(work: (trx: Knex.Transaction) => PromiseLike<T>) => Promise<T> } {
  const principal = req.principal;
  if (principal?.kind === 'tenant_user') {
    if (principal.role !== 'owner') throw new Problem(403, 'Forbidden', "This is for the company's owners.");
    if (tenantId && tenantId !== principal.tenantId) throw Problem.notFound(`No tenant ${tenantId}`);
    return { actor: { type: 'tenant_user', id: principal.id }, scope: (work) => withTenant(principal.tenantId, work) };
  }
  const actor = operatorActor(req);
  return { actor, scope: (work) => withOperatorAccess(actor, work) };
}

/**
 * Who did it, for the audit log: the signed-in operator (the admin API's gate admits no
 * one else there), with the support session when it is what allowed a change.
 */
export function operatorActor(req: Request): { type: 'operator'; id: string; supportSessionId: string | null } {
  if (req.principal?.kind !== 'operator') throw new Problem(403, 'Forbidden', 'This is for Kestrel operators.');
  return { type: 'operator', id: req.principal.id, supportSessionId: req.supportSessionWrite ?? null };
}

export function setSessionCookies(res: Response, tokens: IssuedTokens, secure: boolean): void {
  const common = { httpOnly: true, sameSite: 'strict' as const, secure };
  // The access cookie outlives its token, so an expired token reaches the API, which answers
  // 401 and the console refreshes; a vanished cookie would look like nobody signed in.
  res.cookie(ACCESS_COOKIE, tokens.accessToken, { ...common, path: '/', expires: tokens.refreshExpiresAt });
  res.cookie(REFRESH_COOKIE, tokens.refreshToken, { ...common, path: REFRESH_PATH, expires: tokens.refreshExpiresAt });
}

export function clearSessionCookies(res: Response, secure: boolean): void {
  const common = { httpOnly: true, sameSite: 'strict' as const, secure };
  res.clearCookie(ACCESS_COOKIE, { ...common, path: '/' });
  res.clearCookie(REFRESH_COOKIE, { ...common, path: REFRESH_PATH });
}
