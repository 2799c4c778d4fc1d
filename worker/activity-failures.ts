import { CancelledFailure, Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { classifyFailure } from '../activities/failures';

/** Longest error message kept for the operator's list (the full one is in Temporal's UI). */
const MAX_ERROR_CHARS = 1_000;

/**
 * Every activity's failures pass through here, in the worker:
 * - a permanent failure (see activities/failures.ts) is turned into a non-retryable one,
 *   so no activity retries what cannot change;
 * - a retryable failure at or past `attentionAfterAttempts` is noted in
 *   `stuck_activities`, so operators see it on the dashboard while it still retries, and
 *   the note goes once the activity succeeds or fails for good.
 */
export function activityFailureInterceptors(deps: { db: Knex; logger: Logger; attentionAfterAttempts: number }): ActivityInterceptorsFactory {
  return (ctx) => ({ inbound: new ActivityFailures(ctx, deps) });
}

class ActivityFailures implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: Context,
    private readonly deps: { db: Knex; logger: Logger; attentionAfterAttempts: number },
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { attempt } = this.ctx.info;
    let result: unknown;
    try {
      result = await next(input);
    } catch (error) {
      if (error instanceof CancelledFailure) throw error;
      const permanent = classifyFailure(error);
      if (permanent) {
        if (attempt > 1) await this.forget();
        throw permanent;
      }
      if (attempt >= this.deps.attentionAfterAttempts) await this.note(error);
      throw error;
    }
    if (attempt > 1) await this.forget();
    return result;
  }

  /** The activity's row; none for an activity run outside a workflow. */
  private key() {
    const { workflowExecution, activityId } = this.ctx.info;
    return workflowExecution ? { workflow_id: workflowExecution.workflowId, run_id: workflowExecution.runId, activity_id: activityId } : undefined;
  }

  /** Best effort: when the database itself is what fails, the note cannot be written, and Temporal still retries. */
  private async note(error: unknown): Promise<void> {
    const { workflowType, activityType, attempt, isLocal } = this.ctx.info;
    const key = this.key();
    if (!key) return;
    const message = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, MAX_ERROR_CHARS);
    try {
      await this.deps
        .db('stuck_activities')
        .insert({ ...key, workflow_type: workflowType, activity_type: activityType, is_local: isLocal, attempt, error: message })
        .onConflict(['workflow_id', 'run_id', 'activity_id'])
        .merge({ attempt, error: message, last_failed_at: this.deps.db.fn.now() });
    } catch (noteError) {
      this.deps.logger.warn({ err: noteError, activityType, attempt }, 'could not note a stuck activity');
    }
  }

  private async forget(): Promise<void> {
    const key = this.key();
    if (!key) return;
    try {
      await this.deps.db('stuck_activities').where(key).delete();
    } catch (forgetError) {
      this.deps.logger.warn({ err: forgetError, activityType: this.ctx.info.activityType }, 'could not clear a stuck activity');
    }
  }
}
