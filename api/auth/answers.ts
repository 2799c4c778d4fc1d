import type { Request, Response } from 'express';
import { z } from 'zod';
import { publicBaseUrl, type Config } from '../../lib/config';
import { PASSWORD_RULES } from '../../lib/passwords';
import { Problem } from '../http/problem';
import { setSessionCookies } from './authenticate';
import type { IssuedTokens, Principal, TenantUserPrincipal } from './sessions';

export const principalSchema = z
  .object({ kind: z.enum(['operator', 'tenant_user']), id: z.uuid(), email: z.string(), role: z.string(), tenant_id: z.uuid().nullable() })
  .loose();

export const sessionSchema = z.object({
  token_type: z.literal('Bearer'),
  access_token: z.string(),
  expires_at: z.string(),
  refresh_token: z.string(),
  refresh_expires_at: z.string(),
  user: principalSchema,
});

/** What the signed-in person's routes need, as the OpenAPI document names it: a session (bearer token or the console cookie). */
export const SIGNED_IN = [{ session: [] }];

/** A new password, as every route that sets one takes it. */
export const newPassword = z
  .string()
  .min(PASSWORD_RULES.minLength, `expected at least ${PASSWORD_RULES.minLength} characters`)
  .max(PASSWORD_RULES.maxLength, `expected at most ${PASSWORD_RULES.maxLength} characters`);

/** What the console and scripts learn about who is signed in (never a hash, never a token). */
export function describePrincipal(p: Principal) {
  return p.kind === 'operator'
    ? {
        kind: p.kind,
        id: p.id,
        email: p.email,
        name: p.name,
        role: p.role,
        tenant_id: null,
        support_session: p.support ? { id: p.support.id, tenant_id: p.support.tenantId, can_write: p.support.canWrite, expires_at: p.support.expiresAt.toISOString() } : null,
      }
    : { kind: p.kind, id: p.id, email: p.email, name: p.name, role: p.role, tenant_id: p.tenantId };
}

/**
 * Whether a sign-in may set the console's cookies: a browser's must come from the console's
 * own origin, so that another site cannot sign a visitor in to an account of its choosing
 * (login CSRF). Browsers send Origin with every cross-origin POST; a request without it
 * (a script, curl) is not a browser's and passes. The same rule as a cookie's changes
 * (see authenticate.ts).
 */
function fromOwnOrigin(req: Request, ownOrigin: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === ownOrigin || origin === `${req.protocol}://${req.get('host')}` || req.headers['sec-fetch-site'] === 'same-origin';
}

/** What the sign-in routes share: the answer that opens a session, and who may ask. */
export class SessionAnswers {
  private readonly secure: boolean;
  private readonly ownOrigin: string;

  constructor(config: Config) {
    // Secure cookies in production whatever PUBLIC_BASE_URL says (TLS may end at a proxy), and wherever it is https.
    this.secure = config.NODE_ENV === 'production' || publicBaseUrl(config).startsWith('https:');
    this.ownOrigin = new URL(publicBaseUrl(config)).origin;
  }

  get secureCookies(): boolean {
    return this.secure;
  }

  /** A route that signs in (and so sets cookies) refuses a browser's request from another site. */
  refuseOtherSites(req: Request): void {
    if (!fromOwnOrigin(req, this.ownOrigin)) throw new Problem(403, 'Forbidden', 'Sign in from the console itself: this request came from another site.');
  }

  /** A session opened: the console gets it as cookies, scripts as the bearer token in the body. */
  signedIn(res: Response, principal: Principal, tokens: IssuedTokens): void {
    setSessionCookies(res, tokens, this.secure);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      token_type: 'Bearer',
      access_token: tokens.accessToken,
      expires_at: tokens.accessExpiresAt.toISOString(),
      refresh_token: tokens.refreshToken,
      refresh_expires_at: tokens.refreshExpiresAt.toISOString(),
      user: describePrincipal(principal),
    });
  }

  /** The request's signed-in person, or 401. */
  principal(req: Request): Principal {
    if (!req.principal) throw new Problem(401, 'Unauthorized', 'Not signed in.');
    return req.principal;
  }

  /** The request's signed-in tenant user: phones, codes and two-step sign-in are a company's people's. */
  tenantUser(req: Request): TenantUserPrincipal {
    const principal = this.principal(req);
    if (principal.kind !== 'tenant_user') throw new Problem(403, 'Forbidden', "This is for a company's people: operators have no phone on their account.");
    return principal;
  }
}
