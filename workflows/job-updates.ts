import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { changeTextsCustomer, jobMessageKey, type JobStatusChange } from '../domain/jobs';
import { sendWhenAllowed } from './customer-messages';

// A text is retried for about an hour (Twilio, the database, the company's send rate); past that the change is given
// up and the next one goes: a lost text must not hold back the job's later news.
const messaging = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 16 },
});

export interface JobUpdatesInput {
  tenantId: string;
  jobId: string;
}

/** The job's status changed (or a change is told again: its version says whether it is new). */
export const jobStatusChangedSignal = defineSignal<[JobStatusChange]>('jobStatusChanged');

/** One per job: its status texts, in the order the changes were made. */
export const jobUpdatesWorkflowId = (jobId: string) => `job-updates-${jobId}`;

/** A job that stops changing for this long lets its workflow end; a later change starts another. */
const IDLE_LIMIT = '90 days';

/**
 * The texts of one job: each status change the API reports (by signal-with-start) is texted
 * to the customer once, in order, under the key `job:<id>:status:<status>`, so a retried
 * step or a worker lost mid-send never texts twice. A change told twice (the API retried)
 * is recognised by its version. A text due in the company's quiet hours waits until they
 * end. The workflow ends once the job is completed and texted, or after a long silence.
 */
export async function jobUpdates(input: JobUpdatesInput): Promise<void> {
  const { tenantId, jobId } = input;
  const pending: JobStatusChange[] = [];
  let seenVersion = 0;

  setHandler(jobStatusChangedSignal, (change) => {
    if (change.version <= seenVersion) return;
    seenVersion = change.version;
    pending.push(change);
  });

  for (;;) {
    if (!(await condition(() => pending.length > 0, IDLE_LIMIT))) return;
    const change = pending.shift()!;
    if (changeTextsCustomer(change)) {
      await sendWhenAllowed(() => messaging.sendJobUpdate({ tenantId, jobId, version: change.version, key: jobMessageKey(jobId, change) }));
    }
    if (change.status === 'completed' && pending.length === 0) return;
  }
}
