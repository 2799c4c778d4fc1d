import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ApplicationFailure, ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { EmailRequest, OperatorEmailRequest } from '../activities/email/send';
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

export async function sendEmailWorkflow(request: EmailRequest | OperatorEmailRequest): Promise<void> {
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

/**
 * Starts an email as an abandoned child: it is retried on its own and never blocks the
 * workflow asking for it. A key already used means the email was sent (or is being sent).
 */
export async function startEmail(request: EmailRequest): Promise<void> {
  try {
    await startChild(sendEmailWorkflow, {
      workflowId: emailWorkflowId(request.key),
      args: [request],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
}
