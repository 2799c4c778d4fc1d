import type { Response } from 'express';
import { Problem, rateLimited } from '../http/problem';
import type { CodeCheck, OneTimeCodes } from './one-time-codes';
import type { LinkRefusal } from './password-links';
import { TextNotSent } from './text-messages';

/**
 * The problems of links and codes, one stable `type` per case (listed at /docs, see
 * docs-page.ts), so a page can say what happened and what to do next. None changes anything.
 */
const LINK_PROBLEMS: Record<LinkRefusal, () => Problem> = {
  invalid: () => new Problem(400, 'Bad Request', 'This link is not valid here: check that it was copied whole, from the latest e-mail.', { type: '/docs#token-invalid' }),
  expired: () => new Problem(410, 'Gone', 'This link has expired; ask for a new one.', { type: '/docs#token-expired' }),
  used: () => new Problem(410, 'Gone', 'This link was used already, replaced by a newer one, or withdrawn; sign in, or ask for a new one.', { type: '/docs#token-used' }),
};

export const linkProblem = (refusal: LinkRefusal): Problem => LINK_PROBLEMS[refusal]();

export function codeProblem(check: Exclude<CodeCheck, { ok: true }>): Problem {
  switch (check.refusal) {
    case 'invalid':
      return new Problem(
        400,
        'Bad Request',
        check.attemptsLeft > 0
          ? `That code is not the one we sent. ${check.attemptsLeft} ${check.attemptsLeft === 1 ? 'attempt' : 'attempts'} left.`
          : 'That code is not the one we sent, and it was the last attempt: ask for a new code.',
        { type: '/docs#otp-invalid', attempts_left: check.attemptsLeft },
      );
    case 'expired':
      return new Problem(400, 'Bad Request', 'This code has expired; ask for a new one.', { type: '/docs#otp-expired' });
    case 'exhausted':
      return new Problem(400, 'Bad Request', 'Too many wrong codes: this one no longer works. Ask for a new one.', { type: '/docs#otp-exhausted' });
    case 'used':
      return new Problem(400, 'Bad Request', 'No code is waiting: it was used, replaced by a newer one, or none was sent. Ask for a new one.', { type: '/docs#otp-used' });
  }
}

export const challengeProblem = (): Problem =>
  new Problem(401, 'Unauthorized', 'This sign-in is no longer waiting for a code (used, replaced, or unknown); sign in again with your password.', {
    type: '/docs#challenge-invalid',
  });

/**
 * Texts a code, or throws the problem that says why it was not: the provider refused the
 * text after the retries (502; nothing else is locked, and the e-mail links still work),
 * or a send limit is reached (429).
 */
export async function textCode(codes: OneTimeCodes, res: Response, request: Parameters<OneTimeCodes['send']>[0]) {
  let sent;
  try {
    sent = await codes.send(request);
  } catch (error) {
    if (!(error instanceof TextNotSent)) throw error;
    throw new Problem(502, 'Bad Gateway', `The text message could not be sent (${error.reason}). Try again in a moment, or use the link we can e-mail you instead ("Forgot your password?").`, {
      type: '/docs#sms-failed',
    });
  }
  if (!sent.sent) throw rateLimited(res, sent.retryAfterS, `Too many codes were sent; the next can go in ${sent.retryAfterS} s.`);
  return sent;
}
