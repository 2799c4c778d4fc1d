import { ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { EmailRequest } from '../activities/email/send';
import type { Activities } from '../activities';

/**
 * One email, retried for about a day, then recorded as failed for operators to see.
 * Runs as an abandoned child so the workflow that asked for it never waits on it.
 */
const { sendEmail } = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30m', maximumAttempts: 60 },
});
const { markEmailFailed } = proxyActivities<Activities>({ startToCloseTimeout: '30s' });

export async function sendEmailWorkflow(request: EmailRequest): Promise<void> {
  try {
    await sendEmail(request);
  } catch (error) {
    const cause = error instanceof ApplicationFailure ? error : (error as { cause?: unknown }).cause;
    const message = cause instanceof Error ? cause.message : String(error);
    await markEmailFailed({ request, error: message });
  }
}

/** Email workflow ids carry the idempotency key, which holds ids only, never an address. */
export const emailWorkflowId = (key: string) => `email-${key}`;
