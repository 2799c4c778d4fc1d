import type { Request } from 'express';
import { CallOutboxEntry } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import type { CallEnded } from '../../domain/call-end';

/**
 * What the voice webhooks keep when Temporal cannot take it, for the worker's relay
 * (workflows/call-outbox-relay.ts) to hand over once Temporal answers again.
 */
export class CallOutbox {
  constructor(private readonly taskQueue: string) {}

  /** A call the agent could not take (the caller was put through to the company). */
  async storeCall(tenantId: string, callSid: string, req: Request): Promise<void> {
    await withTenant(tenantId, () =>
      CallOutboxEntry.query()
        .insert({ tenant_id: tenantId, call_sid: callSid, kind: 'call', webhook: { ...req.body } as Record<string, string>, task_queue: this.taskQueue })
        .onConflict('call_sid')
        .ignore(),
    );
  }

  /**
   * A final status its workflow could not be told. It joins its call's entry when the
   * call is stored too; otherwise it waits on its own for the workflow, which exists.
   * An entry handed over already is reopened as a status to deliver.
   */
  async storeStatus(tenantId: string, callSid: string, ended: CallEnded, req: Request): Promise<void> {
    await withTenant(tenantId, (trx) =>
      CallOutboxEntry.query()
        .insert({ tenant_id: tenantId, call_sid: callSid, kind: 'status', webhook: { ...req.body } as Record<string, string>, ended, task_queue: this.taskQueue })
        .onConflict('call_sid')
        .merge({
          ended: ended as never,
          kind: trx.raw(`case when call_outbox.replayed_at is null then call_outbox.kind else 'status' end`) as never,
          replayed_at: null,
        }),
    );
  }

  /** Adds a final status to a call stored earlier and not yet handed over; false when there is none. */
  async completeStoredCall(tenantId: string, callSid: string, ended: CallEnded): Promise<boolean> {
    const patched = await withTenant(tenantId, () =>
      CallOutboxEntry.query().where({ call_sid: callSid, kind: 'call' }).whereNull('replayed_at').patch({ ended }),
    );
    return patched > 0;
  }
}
