import { ApplicationFailure, allHandlersFinished, condition, defineQuery, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { StepDue } from '../activities/campaigns';
import { campaignMessageKey, enrollmentActionRefusal, statusAfter, type EnrollmentAction, type EnrollmentStatus, type ExitReason } from '../domain/campaigns';
import { sendWhenAllowed } from './customer-messages';

// Like the appointment's texts: a step's text is retried for about an hour, then given up so the next step still follows.
const campaigns = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 16 },
});

export interface CampaignEnrollmentInput {
  tenantId: string;
  enrollmentId: string;
}

/** The contact ended the enrolment: STOP, a reply, or the goal reached (a reply, or a booking, as the goal says). */
export const enrollmentExitSignal = defineSignal<[{ reason: ExitReason }]>('campaignEnrollmentExit');
/** The company pauses, resumes or cancels the enrolment: refused (with the reason) when the enrolment cannot. */
export const enrollmentActionUpdate = defineUpdate<EnrollmentStatus, [EnrollmentAction]>('campaignEnrollmentAction');
export const enrollmentStateQuery = defineQuery<{ status: EnrollmentStatus; exitReason: ExitReason | null; lastPosition: number | null; nextStepAt: string | null }>(
  'campaignEnrollmentState',
);

/**
 * One contact's way through one campaign. Each step waits its delay after the step before
 * (the first, after enrolment) on a durable timer, and is read when it falls due, so an
 * edit of the campaign reaches every step not yet sent. When due, the goal ends the
 * enrolment, an unmet condition skips the step, an opted-out contact ends it; otherwise
 * the text goes through the one sending activity under a key per enrolment and step
 * (held past quiet hours). STOP, a reply or the goal end it at once; the company may
 * pause (the due step waits for the resume), resume or cancel it.
 */
export async function campaignEnrollment(input: CampaignEnrollmentInput): Promise<EnrollmentStatus> {
  const { tenantId, enrollmentId } = input;
  let paused = false;
  let exit: ExitReason | null = null;
  let lastPosition: number | null = null;
  let dueAt: number | null = null;
  /** Every step taken: the enrolment is complete. */
  let completed = false;
  const status = (): EnrollmentStatus => (exit === 'cancelled' ? 'cancelled' : exit ? 'exited' : completed ? 'completed' : paused ? 'paused' : 'active');

  setHandler(enrollmentExitSignal, ({ reason }) => {
    exit ??= reason;
  });
  setHandler(
    enrollmentActionUpdate,
    async (action) => {
      if (action === 'cancel') exit ??= 'cancelled';
      else paused = statusAfter(action) === 'paused';
      await campaigns.recordEnrollmentStatus({ tenantId, enrollmentId, status: status(), exitReason: exit });
      return status();
    },
    {
      validator: (action) => {
        const refusal = enrollmentActionRefusal(action, status());
        if (refusal) throw ApplicationFailure.create({ message: refusal, type: 'EnrollmentActionRefused', nonRetryable: true });
      },
    },
  );
  setHandler(enrollmentStateQuery, () => ({ status: status(), exitReason: exit, lastPosition, nextStepAt: dueAt === null ? null : new Date(dueAt).toISOString() }));

  let since = Date.now();
  while (exit === null) {
    const next: { position: number; delayMs: number } | null = await campaigns.nextCampaignStep({ tenantId, enrollmentId, after: lastPosition, since: new Date(since).toISOString() });
    if (!next) break;
    const due = since + next.delayMs;
    dueAt = due;
    // Wait out the delay; paused, the step waits for the resume (and goes at once if it fell due meanwhile).
    for (;;) {
      const left = due - Date.now();
      if (exit === null && !paused && left > 0) await condition(() => exit !== null || paused, left);
      if (exit !== null) break;
      if (paused) {
        await condition(() => exit !== null || !paused);
        continue;
      }
      if (Date.now() >= due) break;
    }
    if (exit !== null) break;

    const step: StepDue = await campaigns.campaignStepDue({ tenantId, enrollmentId, position: next.position });
    if (step.decision === 'goal' || step.decision === 'stop') {
      exit ??= step.decision;
      break;
    }
    if (step.decision === 'send') {
      const key = campaignMessageKey(enrollmentId, next.position);
      await sendWhenAllowed(() => campaigns.sendCampaignMessage({ tenantId, enrollmentId, stepId: step.stepId, key, body: step.body }));
    }
    lastPosition = next.position;
    since = Date.now();
  }
  dueAt = null;
  completed = exit === null;
  await campaigns.recordEnrollmentStatus({ tenantId, enrollmentId, status: status(), exitReason: exit, lastPosition });
  await condition(allHandlersFinished);
  return status();
}
