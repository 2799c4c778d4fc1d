import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { CallOutboxEntry } from '../db/models';
import { withOperatorAccess, withTenant } from '../db/tenant-context';
import { callLimits, type Config } from '../lib/config';
import { callWorkflow } from '../workflows/call';
import { callWorkflowId } from '../workflows/call-messages';

export function callOutboxActivities(config: Config) {
  return {
    /**
     * Starts the workflow of each call the webhook could only store while Temporal was
     * unreachable, oldest first. A call whose workflow exists (it reached Temporal after
     * all) is left to it: the entry is marked replayed without starting another run.
     */
    async replayCallOutbox(p: { limit: number }): Promise<{ replayed: number; failed: number; more: boolean }> {
      const { client } = Context.current();
      const entries = await withOperatorAccess({ type: 'system', id: 'call-outbox' }, () =>
        CallOutboxEntry.query().whereNull('replayed_at').orderBy('received_at').limit(p.limit),
      );
      let replayed = 0;
      let failed = 0;
      for (const entry of entries) {
        let error: string | null = null;
        try {
          await client.workflow.start(callWorkflow, {
            workflowId: callWorkflowId(entry.call_sid),
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            workflowIdConflictPolicy: 'USE_EXISTING',
            // A finished call's log must not be overwritten by a replay.
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            args: [
              {
                callSid: entry.call_sid,
                tenantId: entry.tenant_id,
                from: entry.webhook.From ?? '',
                to: entry.webhook.To ?? '',
                limits: callLimits(config),
                replayOf: { receivedAt: new Date(entry.received_at).toISOString() },
              },
            ],
          });
        } catch (e) {
          if (!(e instanceof WorkflowExecutionAlreadyStartedError)) error = e instanceof Error ? e.message : String(e);
        }
        if (error) failed++;
        else replayed++;
        await withTenant(entry.tenant_id, () =>
          CallOutboxEntry.query()
            .findById(entry.id)
            .patch({ attempts: entry.attempts + 1, last_error: error, ...(error ? {} : { replayed_at: new Date() }) }),
        );
      }
      return { replayed, failed, more: entries.length === p.limit && failed < entries.length };
    },
  };
}
