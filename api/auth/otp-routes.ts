import { z } from 'zod';
import { recordAudit } from '../../db/audit';
import { OTP_PURPOSES, TenantUser } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import { dialRefusal } from '../../domain/phone';
import type { Config } from '../../lib/config';
import { requestIdOf } from '../http/audit-actor';
import type { ApiRouter } from '../http/endpoint';
import { Problem } from '../http/problem';
import { e164 } from '../schemas';
import { accountOf, needsPhoneVerification } from './account-facts';
import { SIGNED_IN, sessionSchema, type SessionAnswers } from './answers';
import type { OneTimeCodes } from './one-time-codes';
import { challengeProblem, codeProblem, textCode } from './problems';
import type { Sessions } from './sessions';

const purpose = z.enum(OTP_PURPOSES, { message: `expected one of ${OTP_PURPOSES.join(', ')}` });
/** Codes are compared, never parsed: a mistyped one is simply wrong (and counts as an attempt). */
const code = z.string().trim().min(1, 'the code is required').max(20);

const codeErrors = {
  400: { description: 'The code is wrong (`/docs#otp-invalid`, with `attempts_left`), expired (`/docs#otp-expired`), spent by too many wrong attempts (`/docs#otp-exhausted`), or none is waiting (`/docs#otp-used`)' },
};

/**
 * One-time codes by text for a signed-in tenant user: verifying a phone (the owner's
 * `owner_phone` after the first sign-in, or a number of their own), and two-step sign-in,
 * which asks for a code after the password (`POST /login` answers `otp_required` with a
 * challenge, `POST /login/otp` opens the session). Two-step needs a verified phone.
 */
export function otpRoutes(router: ApiRouter, deps: { config: Config; sessions: Sessions; codes: OneTimeCodes; answers: SessionAnswers }): ApiRouter {
  const { answers, codes } = deps;
  return router
    .endpoint(
      {
        method: 'post',
        path: '/otp/send',
        security: SIGNED_IN,
        summary: 'Text a one-time code to the signed-in user: verify_phone (their phone, the owner phone by default) or sign_in (their verified phone)',
        body: z.object({
          purpose,
          channel: z.literal('sms', { message: 'expected sms' }).default('sms'),
          /** verify_phone only: another number to verify (it becomes the user's once the code comes back). */
          phone: e164.optional(),
        }),
        responses: {
          202: { description: 'Sent', schema: z.object({ expires_at: z.string(), destination: z.string() }) },
          409: { description: 'No phone to send to (`/docs#phone-missing`), or, for sign_in, none verified (`/docs#phone-unverified`)' },
          429: { description: 'Too many codes sent to this user or number (RATE_LIMIT_OTP_SEND; Retry-After)' },
          502: { description: 'The provider refused the text after retries (`/docs#sms-failed`); nothing is locked' },
        },
      },
      async ({ body }, req, res) => {
        const principal = answers.tenantUser(req);
        const { user, tenant } = await accountOf(principal);
        let destination: string | null;
        if (body.purpose === 'verify_phone') {
          if (body.phone) {
            const refusal = dialRefusal(body.phone, deps.config.DIAL_COUNTRIES);
            if (refusal) throw Problem.validation({ phone: refusal.replace('calls are put through', 'codes are sent') });
          }
          destination = body.phone ?? (needsPhoneVerification(user, tenant) ? tenant.owner_phone : user.phone);
          if (!destination) throw Problem.conflict('There is no phone to send a code to: give the number to verify (`phone`).', { type: '/docs#phone-missing' });
        } else {
          if (!user.phone || !user.phone_verified_at) throw Problem.conflict('Sign-in codes go to a verified phone: verify one first.', { type: '/docs#phone-unverified' });
          destination = user.phone;
        }
        const sent = await textCode(codes, res, {
          tenantId: user.tenant_id,
          userId: user.id,
          purpose: body.purpose,
          destination,
          actor: { type: 'tenant_user', id: user.id },
          requestId: requestIdOf(req),
        });
        res.status(202).json({ expires_at: sent.expiresAt.toISOString(), destination: sent.destination });
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/otp/verify',
        security: SIGNED_IN,
        summary: "Check the signed-in user's latest code for a purpose; a verify_phone code verifies the number (and the company's owner phone when it is that)",
        body: z.object({ purpose, code }),
        responses: { 200: { description: 'The code was right', schema: z.object({ verified: z.literal(true) }) }, ...codeErrors },
      },
      async ({ body }, req, res) => {
        const principal = answers.tenantUser(req);
        const check = await codes.verify({
          tenantId: principal.tenantId,
          userId: principal.id,
          purpose: body.purpose,
          code: body.code,
          actor: { type: 'tenant_user', id: principal.id },
          requestId: requestIdOf(req),
        });
        if (!check.ok) throw codeProblem(check);
        res.json({ verified: true });
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/login/otp',
        summary: 'The second step of a two-step sign-in: the challenge from POST /login and the code texted with it',
        body: z.object({ challenge: z.string().min(1, 'the challenge is required').max(200), code }),
        responses: {
          200: { description: 'Signed in', schema: sessionSchema },
          401: { description: 'No sign-in waits under this challenge (`/docs#challenge-invalid`): sign in again' },
          ...codeErrors,
          429: { description: 'Too many attempts from this address (RATE_LIMIT_LOGIN; Retry-After)' },
        },
      },
      async ({ body }, req, res) => {
        answers.refuseOtherSites(req);
        const check = await codes.verifyChallenge(body.challenge, body.code, requestIdOf(req));
        if (!check) throw challengeProblem();
        if (!check.ok) throw codeProblem(check);
        const opened = await deps.sessions.openSession({ kind: 'tenant_user', id: check.otp.user_id, tenantId: check.otp.tenant_id }, { userAgent: req.get('user-agent'), ip: req.ip });
        if (!opened) throw challengeProblem(); // the account was disabled meanwhile
        answers.signedIn(res, opened.principal, opened.tokens);
      },
    )
    .endpoint(
      {
        method: 'put',
        path: '/two-step',
        security: SIGNED_IN,
        summary: 'Turn two-step sign-in (a code by text after the password) on or off for the signed-in user',
        body: z.object({ enabled: z.boolean({ message: 'expected true or false' }) }),
        responses: {
          200: { description: 'The setting', schema: z.object({ enabled: z.boolean() }) },
          409: { description: 'Turning it on needs a verified phone (`/docs#phone-unverified`)' },
        },
      },
      async ({ body }, req, res) => {
        const principal = answers.tenantUser(req);
        await withTenant(principal.tenantId, async () => {
          const user = await TenantUser.query().findById(principal.id);
          if (!user) throw new Problem(401, 'Unauthorized', 'Not signed in.');
          if (body.enabled && (!user.phone || !user.phone_verified_at)) {
            throw Problem.conflict('Two-step sign-in sends its codes to a verified phone: verify one first.', { type: '/docs#phone-unverified' });
          }
          if (user.two_step_enabled === body.enabled) return;
          await TenantUser.query().findById(user.id).patch({ two_step_enabled: body.enabled });
          await recordAudit({
            tenantId: principal.tenantId,
            actor: { type: 'tenant_user', id: principal.id },
            action: body.enabled ? 'user.two_step_enabled' : 'user.two_step_disabled',
            target: { type: 'tenant_user', id: principal.id },
            requestId: requestIdOf(req),
          });
        });
        res.json({ enabled: body.enabled });
      },
    );
}
