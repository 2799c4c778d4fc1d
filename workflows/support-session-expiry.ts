import { proxyActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../activities';

// About an hour of retries; past that the run fails, and the worker's notes put it on the operators' attention list.
const { closeExpiredSupportSession } = proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 18 },
});

export interface SupportSessionExpiryInput {
  supportSessionId: string;
  /** When the session runs out (ISO 8601), as the API set it on opening. */
  expiresAt: string;
}

/** One timer per support session; the id names nothing but the session. */
export const supportSessionExpiryWorkflowId = (supportSessionId: string) => `support-session-${supportSessionId}`;

/**
 * A support session's time running out is written to the tenant's activity log when it
 * happens, whether or not anyone is still there to see it: the timer waits until the
 * session expires, then closes it with the pages read in it. A session ended by hand
 * before then is closed already, and the activity writes nothing.
 */
export async function supportSessionExpiry(input: SupportSessionExpiryInput): Promise<void> {
  const wait = Date.parse(input.expiresAt) - Date.now();
  if (wait > 0) await sleep(wait);
  await closeExpiredSupportSession({ supportSessionId: input.supportSessionId });
}
