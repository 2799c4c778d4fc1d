import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
  type Workflow,
} from '@temporalio/client';
import type { Config } from '../lib/config';
import { HEALTH_SCORE_SCHEDULE_ID, healthScoreRun } from '../workflows/health-score-run';
import { RETENTION_SCHEDULE_ID, retentionRun } from '../workflows/retention-run';
import { SEASONAL_CAMPAIGN_SCHEDULE_ID, seasonalCampaignRun } from '../workflows/seasonal-campaign-run';

/**
 * The Temporal Schedules of the platform's daily work. Workers create them when they start
 * (they own the task queue the runs go to, as they own the call outbox's relay); a worker
 * that finds one already there brings its time, task queue and arguments up to the
 * configuration and keeps its state (an operator may have paused it in Temporal's UI).
 * A run still going when the next is due makes that one skip; after an outage, a missed
 * run is taken if it is less than a day late.
 */
async function ensureSchedule<W extends Workflow>(
  client: Client,
  scheduleId: string,
  cron: string,
  action: ScheduleOptionsStartWorkflowAction<W>,
): Promise<'created' | 'updated'> {
  const spec: ScheduleSpec = { cronExpressions: [cron] };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' } });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule.getHandle(scheduleId).update<W>((previous) => ({ ...previous, spec, action }));
  return 'updated';
}

/** Every tenant's health score, each day (HEALTH_SCORE_CRON). */
export function ensureHealthScoreSchedule(client: Client, config: Config): Promise<'created' | 'updated'> {
  return ensureSchedule<typeof healthScoreRun>(client, HEALTH_SCORE_SCHEDULE_ID, config.HEALTH_SCORE_CRON, {
    type: 'startWorkflow',
    workflowType: healthScoreRun,
    workflowId: HEALTH_SCORE_SCHEDULE_ID,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{}],
  });
}

/** The erasure of tenants that left longer than RETENTION_PERIOD ago, each day (RETENTION_CRON). */
export function ensureRetentionSchedule(client: Client, config: Config): Promise<'created' | 'updated'> {
  return ensureSchedule<typeof retentionRun>(client, RETENTION_SCHEDULE_ID, config.RETENTION_CRON, {
    type: 'startWorkflow',
    workflowType: retentionRun,
    workflowId: RETENTION_SCHEDULE_ID,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{ period: config.RETENTION_PERIOD }],
  });
}

/** The contacts of every seasonal campaign in season, each day (SEASONAL_CAMPAIGNS_CRON). */
export function ensureSeasonalCampaignSchedule(client: Client, config: Config): Promise<'created' | 'updated'> {
  return ensureSchedule<typeof seasonalCampaignRun>(client, SEASONAL_CAMPAIGN_SCHEDULE_ID, config.SEASONAL_CAMPAIGNS_CRON, {
    type: 'startWorkflow',
    workflowType: seasonalCampaignRun,
    workflowId: SEASONAL_CAMPAIGN_SCHEDULE_ID,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{}],
  });
}
