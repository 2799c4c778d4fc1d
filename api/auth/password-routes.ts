import type { Request } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { z } from 'zod';
import { recordAudit, type AuditRecord } from '../../db/audit';
import { withOperatorAccess, withTenant } from '../../db/tenant-context';
import type { Config } from '../../lib/config';
import { requestIdOf } from '../http/audit-actor';
import type { ApiRouter } from '../http/endpoint';
import { Problem, rateLimited } from '../http/problem';
import { text } from '../storable-fields';
import { AccountLimit } from './account-limits';
import { SIGNED_IN, newPassword, sessionSchema, type SessionAnswers } from './answers';
import { LinkRefused, ResetCodeRefused, type PasswordLinks } from './password-links';
import { codeProblem, linkProblem } from './problems';
import type { Sessions } from './sessions';

const linkBody = z.object({ token: z.string().min(1, 'the token is required').max(200), password: newPassword });
/** A reset's confirmation: the e-mailed link's token, or the address and the code texted to its account. */
const resetBody = z
  .object({
    token: z.string().min(1, 'the token is required').max(200).optional(),
    email: text(320).trim().min(1, 'an e-mail is required').optional(),
    code: z.string().trim().min(1, 'the code is required').max(20).optional(),
    password: newPassword,
  })
  .superRefine((body, ctx) => {
    if (body.token !== undefined) return;
    const missing = 'give the link\'s token, or the e-mail and the code texted to you';
    if (body.email === undefined) ctx.addIssue({ code: 'custom', path: ['email'], message: missing });
    if (body.code === undefined) ctx.addIssue({ code: 'custom', path: ['code'], message: missing });
  });
const linkErrors = {
  400: { description: 'The token is not one of ours, or not for this page (`/docs#token-invalid`)' },
  403: { description: "A browser's request from another site's page (its Origin is not the console's)" },
  410: { description: 'The link has expired (`/docs#token-expired`), or was used, replaced or withdrawn (`/docs#token-used`)' },
  429: { description: 'Too many attempts from this address (Retry-After)' },
  503: { description: 'The attempt counters cannot be reached; refused meanwhile' },
};

/**
 * Passwords: the links e-mailed to set one (an invitation, a new owner's welcome) or to
 * reset it, and a signed-in person's change of their own.
 */
export function passwordRoutes(
  router: ApiRouter,
  deps: { config: Config; db: Knex; sessions: Sessions; links: PasswordLinks; answers: SessionAnswers; logger: Logger },
): ApiRouter {
  const { answers, links } = deps;
  // A stolen session must not become a way to guess the password: changes are counted per account.
  const changes = new AccountLimit(deps.db, 'password-change', { points: deps.config.LOGIN_MAX_FAILURES, durationMs: 15 * 60_000 });
  const byLink = async (req: Request, work: () => ReturnType<PasswordLinks['acceptInvite']>) => {
    answers.refuseOtherSites(req);
    try {
      return await work();
    } catch (error) {
      if (error instanceof LinkRefused) throw linkProblem(error.refusal);
      if (error instanceof ResetCodeRefused) throw codeProblem(error.check);
      throw error;
    }
  };
  const meta = (req: Request) => ({ userAgent: req.get('user-agent'), ip: req.ip, requestId: requestIdOf(req) });

  return router
    .endpoint(
      {
        method: 'post',
        path: '/accept-invite',
        summary: "Accept an invitation (or a new owner's welcome link): the link's token sets the password, verifies the e-mail address and signs the user in",
        body: linkBody,
        responses: { 200: { description: 'Signed in', schema: sessionSchema }, ...linkErrors },
      },
      async ({ body }, req, res) => {
        const opened = await byLink(req, () => links.acceptInvite(body.token, body.password, meta(req)));
        answers.signedIn(res, opened.principal, opened.tokens);
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/password-reset',
        summary:
          'Ask for a password reset: always 202, alike for any address. By e-mail (the default), an account with a password gets a reset link (PASSWORD_RESET_TTL, once); one without gets a fresh set-password link (7 days). By sms, an account with a password and a verified phone gets a six-digit code (OTP_TTL, five attempts) texted to it; others get nothing',
        body: z.object({
          email: text(320).trim().min(1, 'an e-mail is required'),
          channel: z.enum(['email', 'sms'], { message: 'expected email or sms' }).default('email'),
        }),
        responses: {
          202: { description: 'Accepted (whether or not the address has an account)', schema: z.object({ status: z.literal('accepted') }) },
          429: { description: 'Too many requests from this address (RATE_LIMIT_PASSWORD_RESET; Retry-After)' },
          503: { description: 'The request counters cannot be reached; refused meanwhile' },
        },
      },
      async ({ body }, req, res) => {
        const requestId = requestIdOf(req);
        // Answered before the address is even looked up: the answer and its timing are the
        // same for every address. A crash in between loses the e-mail; asking again sends it.
        res.status(202).setHeader('Cache-Control', 'no-store').json({ status: 'accepted' });
        const request = body.channel === 'sms' ? links.requestResetByText(body.email, requestId) : links.requestReset(body.email, requestId);
        request.catch((error: unknown) => (req.log ?? deps.logger).error({ err: error }, 'a password reset request failed'));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/password-reset/confirm',
        summary:
          "Set a new password with a reset link's token, or with the e-mail address and the code texted to its account's phone: signs in, and ends every other session of the account",
        body: resetBody,
        responses: {
          200: { description: 'Signed in', schema: sessionSchema },
          ...linkErrors,
          400: {
            description:
              'The token is not one of ours, or not for this page (`/docs#token-invalid`); or the code is wrong (`/docs#otp-invalid`, with `attempts_left`), expired (`/docs#otp-expired`), spent by too many wrong attempts (`/docs#otp-exhausted`), or none is waiting (`/docs#otp-used`)',
          },
        },
      },
      async ({ body }, req, res) => {
        const { token, email, code } = body;
        const opened = await byLink(req, () =>
          token !== undefined ? links.confirmReset(token, body.password, meta(req)) : links.confirmResetByCode(email ?? '', code ?? '', body.password, meta(req)),
        );
        answers.signedIn(res, opened.principal, opened.tokens);
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/password',
        security: SIGNED_IN,
        summary: "Change the signed-in person's password (given the current one); their other sessions end",
        body: z.object({ current_password: z.string().min(1, 'the current password is required').max(256), new_password: newPassword }),
        responses: {
          204: { description: 'Changed' },
          401: { description: 'Not signed in' },
          422: { description: 'The current password is wrong (`errors.current_password`), or the new one is too short' },
          429: { description: 'Too many attempts on this account (LOGIN_MAX_FAILURES per 15 minutes; Retry-After)' },
        },
      },
      async ({ body }, req, res) => {
        const principal = answers.principal(req);
        const wait = await changes.take(`${principal.kind}:${principal.id}`);
        if (wait !== undefined) throw rateLimited(res, wait, `Too many password changes tried on this account; retry in ${wait} s.`);
        if (!(await deps.sessions.changePassword(principal, body.current_password, body.new_password))) {
          throw Problem.validation({ current_password: 'is not your current password' });
        }
        const entry: AuditRecord = {
          tenantId: principal.kind === 'tenant_user' ? principal.tenantId : null,
          actor: { type: principal.kind, id: principal.id },
          action: principal.kind === 'operator' ? 'operator.password_changed' : 'user.password_changed',
          target: { type: principal.kind, id: principal.id },
          requestId: requestIdOf(req),
        };
        await (principal.kind === 'tenant_user'
          ? withTenant(principal.tenantId, () => recordAudit(entry))
          : withOperatorAccess({ type: 'operator', id: principal.id }, () => recordAudit(entry)));
        res.status(204).end();
      },
    );
}
