import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import { CallOutboxEntry } from '../db/models';
import { withOperatorAccess, withTenant } from '../db/tenant-context';
import { callLimits, type Config } from '../lib/config';
import type { callWorkflow } from '../workflows/call';
import { callEndedSignal, callWorkflowId } from '../workflows/call-messages';

export function callOutboxActivities(config: Config) {
  return {
    /**
     * Hands what the webhooks could only store while Temporal was unreachable to the
     * calls' workflows, oldest first: a stored call gets its workflow (which logs and
     * meters it), a stored final status is signalled to its call's workflow. A call whose
     * workflow exists (it reached Temporal after all) is left to it, and a status whose
     * workflow has finished already has nothing left to tell.
     */
    async replayCallOutbox(p: { limit: number }): Promise<{ replayed: number; failed: number; more: boolean }> {
      const { client } = Context.current();
      const entries = await withOperatorAccess({ type: 'system', id: 'call-outbox' }, () =>
        CallOutboxEntry.query().where('task_queue', config.TEMPORAL_TASK_QUEUE).whereNull('replayed_at').orderBy('received_at').limit(p.limit),
      );
      let replayed = 0;
      let failed = 0;
      for (const entry of entries) {
        let error: string | null = null;
        try {
          if (entry.kind === 'status') {
            await client.workflow.getHandle(callWorkflowId(entry.call_sid)).signal(callEndedSignal, entry.ended!);
          } else {
            await client.workflow.start<typeof callWorkflow>('callWorkflow', {
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
                  forwarded: {
                    receivedAt: new Date(entry.received_at).toISOString(),
                    because: 'temporal-unreachable',
                    ...(entry.ended ? { ended: entry.ended } : {}),
                  },
                },
              ],
            });
          }
        } catch (e) {
          const settled = e instanceof WorkflowExecutionAlreadyStartedError || (entry.kind === 'status' && e instanceof WorkflowNotFoundError);
          if (!settled) error = e instanceof Error ? e.message : String(e);
        }
        if (error) failed++;
        else replayed++;
        await withTenant(entry.tenant_id, async () => {
          const attempted = { attempts: entry.attempts + 1, last_error: error };
          if (error) return CallOutboxEntry.query().findById(entry.id).patch(attempted);
          // Handed over as it was read; a final status that joined the entry meanwhile was not.
          const marked = await CallOutboxEntry.query()
            .findById(entry.id)
            .whereRaw('ended is not distinct from ?::jsonb', [entry.ended ? JSON.stringify(entry.ended) : null])
            .patch({ ...attempted, replayed_at: new Date() });
          // That status waits on its own now, for the workflow this run started.
          if (!marked) await CallOutboxEntry.query().findById(entry.id).patch({ ...attempted, kind: 'status' });
        });
      }
      return { replayed, failed, more: entries.length === p.limit && failed < entries.length };
    },

  };
}
