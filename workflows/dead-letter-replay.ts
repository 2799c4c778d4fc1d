import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { sendUsageEmails } from './usage-emails';

const { replayDeadLetter } = proxyActivities<Activities>({
  startToCloseTimeout: '1m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
});
const { recordReplayFailure } = proxyActivities<Activities>({ startToCloseTimeout: '10s' });

/**
 * An operator's replay of one dead letter (started once per claim, see the admin API):
 * the step runs again with its stored input, a few times if need be. It resolves the
 * letter, or leaves it open with the replay's error.
 */
export async function deadLetterReplayWorkflow(p: { deadLetterId: string }): Promise<'resolved' | 'failed'> {
  try {
    const { tenantId, metering } = await replayDeadLetter({ id: p.deadLetterId });
    if (metering?.metered) await sendUsageEmails(tenantId, metering);
    return 'resolved';
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    const cause = error.cause instanceof ApplicationFailure ? error.cause.message : (error.cause?.message ?? error.message);
    await recordReplayFailure({ id: p.deadLetterId, error: cause });
    return 'failed';
  }
}
