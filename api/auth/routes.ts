import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { z } from 'zod';
import { apiKeyHmacSecret } from '../../lib/api-key-secret';
import type { Config } from '../../lib/config';
import { maskPhone } from '../../lib/one-time-codes';
import type { TwilioClient } from '../../providers/twilio';
import { requestIdOf } from '../http/audit-actor';
import { ApiRouter } from '../http/endpoint';
import { Problem } from '../http/problem';
import { text } from '../storable-fields';
import { TenantUsers } from '../tenant-users';
import { securityFacts } from './account-facts';
import { SessionAnswers, describePrincipal, principalSchema, sessionSchema } from './answers';
import { ACCESS_COOKIE, REFRESH_COOKIE, clearSessionCookies, cookieValue } from './authenticate';
import { OneTimeCodes } from './one-time-codes';
import { OperatorAccounts } from './operator-accounts';
import { otpRoutes } from './otp-routes';
import { PasswordLinks } from './password-links';
import { passwordRoutes } from './password-routes';
import { textCode } from './problems';
import { sessionRoutes } from './session-routes';
import { AmbiguousAccount, type SignInResult, type Sessions } from './sessions';
import { TextMessages } from './text-messages';

export { describePrincipal } from './answers';

const credentials = z.object({
  email: text(320).trim().min(1, 'an e-mail is required'),
  // Only ever hashed, so any character may be part of a password.
  password: z.string().min(1, 'a password is required').max(256),
  /** The company's subdomain, for a person who is a user of several. */
  tenant: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "expected the company's subdomain, such as acme-heating").optional(),
});

const secondStepSchema = z.object({
  otp_required: z.literal(true),
  challenge: z.string(),
  destination: z.string(),
  expires_at: z.string(),
});

export interface AuthDeps {
  config: Config;
  sessions: Sessions;
  db: Knex;
  logger: Logger;
  temporal: Client;
  twilio: TwilioClient;
}

/**
 * `POST /api/auth/login` opens a session: the console gets it as httpOnly cookies,
 * scripts use the bearer token in the body; a user with two-step sign-in gets a challenge
 * instead, and a code by text. `refresh` rotates the tokens, `logout` ends the session,
 * `me` tells who is signed in. Passwords (links, reset, change), codes and one's own
 * sessions have their routes beside these (password-routes, otp-routes, session-routes).
 */
export function authRoutes(deps: AuthDeps): ApiRouter {
  const { config, sessions } = deps;
  const answers = new SessionAnswers(config);
  const secret = apiKeyHmacSecret(config);
  const codes = new OneTimeCodes({ config, db: deps.db, secret, texts: new TextMessages(config, deps.twilio, deps.logger) });
  const links = new PasswordLinks({
    config,
    db: deps.db,
    logger: deps.logger,
    sessions,
    users: new TenantUsers(config, deps.temporal),
    operators: new OperatorAccounts(config, deps.temporal),
    codes,
    secret,
  });

  const router = new ApiRouter('/api/auth', { tags: ['auth'] })
    .endpoint(
      {
        method: 'post',
        path: '/login',
        summary: 'Sign in with e-mail and password: a session cookie for the console, and a bearer token (or, with two-step sign-in, a challenge and a code by text)',
        body: credentials,
        responses: {
          200: { description: 'Signed in; or, for a user with two-step sign-in, `otp_required` and the challenge for POST /login/otp', schema: z.union([sessionSchema, secondStepSchema]) },
          401: {
            description:
              'The e-mail or the password is wrong, or this address is held off the account after repeated failures (the answer does not say which)',
          },
          403: { description: "A browser's sign-in from another site's page (its Origin is not the console's)" },
          429: { description: 'Too many sign-in attempts from this address (RATE_LIMIT_LOGIN), or codes sent (RATE_LIMIT_OTP_SEND); Retry-After' },
          502: { description: 'Two-step sign-in: the code could not be texted (`/docs#sms-failed`); the e-mailed reset link still signs in' },
          503: { description: 'The attempt counters cannot be reached; sign-in is refused meanwhile' },
        },
      },
      async ({ body }, req, res) => {
        answers.refuseOtherSites(req);
        let result: SignInResult;
        try {
          result = await sessions.signIn(body.email, body.password, { userAgent: req.get('user-agent'), ip: req.ip, tenant: body.tenant });
        } catch (error) {
          if (error instanceof AmbiguousAccount) throw Problem.validation({ tenant: 'this e-mail belongs to several companies: give the company (its subdomain)' });
          throw error;
        }
        if (!result.ok) throw new Problem(401, 'Unauthorized', 'The e-mail or the password is wrong.', { type: '/docs#invalid-credentials' });
        if ('secondStep' in result) {
          const { userId, tenantId, phone } = result.secondStep;
          const sent = await textCode(codes, res, { tenantId, userId, purpose: 'sign_in', destination: phone, actor: { type: 'tenant_user', id: userId }, requestId: requestIdOf(req) });
          res.setHeader('Cache-Control', 'no-store');
          res.json({ otp_required: true, challenge: sent.challenge, destination: maskPhone(phone), expires_at: sent.expiresAt.toISOString() });
          return;
        }
        answers.signedIn(res, result.principal, result.tokens);
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/refresh',
        summary: 'New tokens for a refresh token (the body, or the console cookie); the old ones stop working',
        body: z.object({ refresh_token: z.string().max(200).optional() }),
        responses: { 200: { description: 'New tokens', schema: sessionSchema }, 401: { description: 'The refresh token is not valid (any more)' } },
      },
      async ({ body }, req, res) => {
        const token = body.refresh_token ?? cookieValue(req, REFRESH_COOKIE);
        const refreshed = token ? await sessions.refresh(token) : undefined;
        if (!refreshed) {
          clearSessionCookies(res, answers.secureCookies);
          throw new Problem(401, 'Unauthorized', 'The session has ended; sign in again.');
        }
        answers.signedIn(res, refreshed.principal, refreshed.tokens);
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/logout',
        summary: 'End the session',
        responses: { 204: { description: 'Signed out' } },
      },
      async (_input, req, res) => {
        if (req.principal) await sessions.signOut(req.principal.sessionId);
        clearSessionCookies(res, answers.secureCookies);
        res.status(204).end();
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/me',
        summary:
          "Who is signed in (and any open support session); a tenant user's answer adds email_verified, phone (masked), phone_verified, two_step and needs_phone_verification",
        responses: {
          200: { description: 'The signed-in person; null when the request carries no session at all', schema: principalSchema.nullable() },
          401: { description: 'The session it carries has ended or its access token has expired (refresh it)' },
        },
      },
      async (_input, req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        // Nobody signed in is an answer, not an error; a session that stopped working is one.
        if (!req.principal && !req.headers.authorization && !cookieValue(req, ACCESS_COOKIE)) return void res.json(null);
        const principal = answers.principal(req);
        res.json(principal.kind === 'tenant_user' ? { ...describePrincipal(principal), ...(await securityFacts(principal)) } : describePrincipal(principal));
      },
    );

  passwordRoutes(router, { config, db: deps.db, sessions, links, answers, logger: deps.logger });
  otpRoutes(router, { config, sessions, codes, answers });
  sessionRoutes(router, { sessions, answers });
  return router;
}
