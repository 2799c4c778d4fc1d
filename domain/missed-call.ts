import type { CallOutcome } from './call-summary';

/** Call outcomes where the caller did not get what they called for: they hung up, or left a message. */
const MISSED_OUTCOMES: readonly CallOutcome[] = ['abandoned', 'voicemail'];
/** Twilio's final statuses of a call that never connected to anyone. */
const UNANSWERED_STATUSES = ['busy', 'no-answer', 'failed', 'canceled'];

/** How long after a text with a caller the company does not text them again about a missed call. */
export const TEXT_BACK_QUIET_MS = 24 * 3_600_000;

/**
 * Whether a finished call was missed, so the caller is texted back: it ended abandoned or as
 * voicemail, or it never connected. Sandbox calls (test mode) text no one.
 */
export function isMissedCall(call: { outcome: CallOutcome; status: string; isTest: boolean }): boolean {
  if (call.isTest) return false;
  return MISSED_OUTCOMES.includes(call.outcome) || UNANSWERED_STATUSES.includes(call.status);
}
