import type { Request, Response } from 'express';
import { z } from 'zod';
import { publicBaseUrl, type Config } from '../../lib/config';
import { PASSWORD_RULES } from '../../lib/passwords';
import { ApiRouter } from '../endpoint';
import { Problem } from '../problem';
import { text } from '../storable-fields';
import { ACCESS_COOKIE, REFRESH_COOKIE, clearSessionCookies, cookieValue, setSessionCookies } from './authenticate';
import { AmbiguousAccount, type IssuedTokens, type Principal, type SignInResult, type Sessions } from './sessions';

const credentials = z.object({
  email: text(320).trim().min(1, 'an e-mail is required'),
  // Only ever hashed, so any character may be part of a password.
  password: z.string().min(1, 'a password is required').max(256),
  /** The company's subdomain, for a person who is a user of several. */
  tenant: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "expected the company's subdomain, such as acme-heating").optional(),
});

const principalSchema = z
  .object({ kind: z.enum(['operator', 'tenant_user']), id: z.uuid(), email: z.string(), role: z.string(), tenant_id: z.uuid().nullable() })
  .loose();
const sessionSchema = z.object({
  token_type: z.literal('Bearer'),
  access_token: z.string(),
  expires_at: z.string(),
  refresh_token: z.string(),
  refresh_expires_at: z.string(),
  user: principalSchema,
});

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

/**
 * `POST /api/auth/login` opens a session: the console gets it as httpOnly cookies,
 * scripts use the bearer token in the body. `refresh` rotates the tokens, `logout` ends
 * the session, `me` tells who is signed in.
 */
export function authRoutes(deps: { config: Config; sessions: Sessions }): ApiRouter {
  // Secure cookies in production whatever PUBLIC_BASE_URL says (TLS may end at a proxy), and wherever it is https.
  const secure = deps.config.NODE_ENV === 'production' || publicBaseUrl(deps.config).startsWith('https:');
  const ownOrigin = new URL(publicBaseUrl(deps.config)).origin;
  const refuseOtherSites = (req: Request) => {
    if (!fromOwnOrigin(req, ownOrigin)) throw new Problem(403, 'Forbidden', 'Sign in from the console itself: this request came from another site.');
  };
  const answer = (res: Response, principal: Principal, tokens: IssuedTokens) => {
    setSessionCookies(res, tokens, secure);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      token_type: 'Bearer',
      access_token: tokens.accessToken,
      expires_at: tokens.accessExpiresAt.toISOString(),
      refresh_token: tokens.refreshToken,
      refresh_expires_at: tokens.refreshExpiresAt.toISOString(),
      user: describePrincipal(principal),
    });
  };
  const signedIn = (req: Request): Principal => {
    if (!req.principal) throw new Problem(401, 'Unauthorized', 'Not signed in.');
    return req.principal;
  };

  return new ApiRouter('/api/auth')
    .endpoint(
      {
        method: 'post',
        path: '/login',
        summary: 'Sign in with e-mail and password: a session cookie for the console, and a bearer token',
        tags: ['auth'],
        body: credentials,
        responses: {
          200: { description: 'Signed in', schema: sessionSchema },
          401: {
            description:
              'The e-mail or the password is wrong, or this address is held off the account after repeated failures (the answer does not say which)',
          },
          403: { description: "A browser's sign-in from another site's page (its Origin is not the console's)" },
          429: { description: 'Too many sign-in attempts from this address (RATE_LIMIT_LOGIN; Retry-After)' },
          503: { description: 'The attempt counters cannot be reached; sign-in is refused meanwhile' },
        },
      },
      async ({ body }, req, res) => {
        refuseOtherSites(req);
        let result: SignInResult;
        try {
          result = await deps.sessions.signIn(body.email, body.password, { userAgent: req.get('user-agent'), ip: req.ip, tenant: body.tenant });
        } catch (error) {
          if (error instanceof AmbiguousAccount) throw Problem.validation({ tenant: 'this e-mail belongs to several companies: give the company (its subdomain)' });
          throw error;
        }
        if (!result.ok) throw new Problem(401, 'Unauthorized', 'The e-mail or the password is wrong.', { type: '/docs#invalid-credentials' });
        answer(res, result.principal, result.tokens);
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/refresh',
        summary: 'New tokens for a refresh token (the body, or the console cookie); the old ones stop working',
        tags: ['auth'],
        body: z.object({ refresh_token: z.string().max(200).optional() }),
        responses: { 200: { description: 'New tokens', schema: sessionSchema }, 401: { description: 'The refresh token is not valid (any more)' } },
      },
      async ({ body }, req, res) => {
        const token = body.refresh_token ?? cookieValue(req, REFRESH_COOKIE);
        const refreshed = token ? await deps.sessions.refresh(token) : undefined;
        if (!refreshed) {
          clearSessionCookies(res, secure);
          throw new Problem(401, 'Unauthorized', 'The session has ended; sign in again.');
        }
        answer(res, refreshed.principal, refreshed.tokens);
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/accept-invite',
        summary: "Accept an invitation: the link's token sets the password and signs the user in",
        tags: ['auth'],
        body: z.object({
          token: z.string().min(1, 'the invitation token is required').max(200),
          password: z.string().min(PASSWORD_RULES.minLength, `expected at least ${PASSWORD_RULES.minLength} characters`).max(PASSWORD_RULES.maxLength),
        }),
        responses: {
          200: { description: 'Signed in', schema: sessionSchema },
          403: { description: "A browser's request from another site's page (its Origin is not the console's)" },
          410: { description: 'The invitation was used, withdrawn or has expired' },
          429: { description: 'Too many attempts from this address (RATE_LIMIT_LOGIN; Retry-After)' },
          503: { description: 'The attempt counters cannot be reached; invitations cannot be accepted meanwhile' },
        },
      },
      async ({ body }, req, res) => {
        refuseOtherSites(req);
        const accepted = await deps.sessions.acceptInvite(body.token, body.password, { userAgent: req.get('user-agent'), ip: req.ip });
        if (!accepted) throw new Problem(410, 'Gone', 'This invitation was used already, withdrawn, or has expired; ask for a new one.');
        answer(res, accepted.principal, accepted.tokens);
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/logout',
        summary: 'End the session',
        tags: ['auth'],
        responses: { 204: { description: 'Signed out' } },
      },
      async (_input, req, res) => {
        if (req.principal) await deps.sessions.signOut(req.principal.sessionId);
        clearSessionCookies(res, secure);
        res.status(204).end();
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/me',
        summary: 'Who is signed in (and any open support session)',
        tags: ['auth'],
        responses: {
          200: { description: 'The signed-in person; null when the request carries no session at all', schema: principalSchema.nullable() },
          401: { description: 'The session it carries has ended or its access token has expired (refresh it)' },
        },
      },
      async (_input, req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        // Nobody signed in is an answer, not an error; a session that stopped working is one.
        if (!req.principal && !req.headers.authorization && !cookieValue(req, ACCESS_COOKIE)) return void res.json(null);
        res.json(describePrincipal(signedIn(req)));
      },
    );
}
