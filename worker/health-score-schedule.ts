import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptionsStartWorkflowAction, type ScheduleSpec } from '@temporalio/client';
import type { Config } from '../lib/config';
import { HEALTH_SCORE_SCHEDULE_ID, healthScoreRun } from '../workflows/health-score-run';

/**
 * The Temporal Schedule that scores every tenant's health each day. Workers create it
 * when they start (they own the task queue its runs go to, as they own the call outbox's
 * relay); one that finds it already there brings its time and task queue up to the
 * configuration, keeping its state (an operator may have paused it in Temporal's UI).
 * A run still going when the next is due makes that one skip; after an outage, a missed
 * run is taken if it is less than a day late.
 */
export async function ensureHealthScoreSchedule(client: Client, config: Config): Promise<'created' | 'updated'> {
  const spec: ScheduleSpec = { cronExpressions: [config.HEALTH_SCORE_CRON] };
  const action: ScheduleOptionsStartWorkflowAction<typeof healthScoreRun> = {
    type: 'startWorkflow',
    workflowType: healthScoreRun,
    workflowId: HEALTH_SCORE_SCHEDULE_ID,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{}],
  };
  try {
    await client.schedule.create({
      scheduleId: HEALTH_SCORE_SCHEDULE_ID,
      spec,
      action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
    });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule.getHandle(HEALTH_SCORE_SCHEDULE_ID).update<typeof healthScoreRun>((previous) => ({ ...previous, spec, action }));
  return 'updated';
}
