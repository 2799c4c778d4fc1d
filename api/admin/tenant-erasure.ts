import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import { recordAudit } from '../../db/audit';
import { Tenant } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import type { Config } from '../../lib/config';
import { erasureWorkflowId, tenantErasureWorkflow } from '../../workflows/tenant-erasure';
import { requestIdOf } from '../http/audit-actor';
import { operatorActor } from '../auth/authenticate';
import { AdminRouter } from '../auth/operator-access';
import { Problem } from '../http/problem';
import { isTemporalUnreachable } from '../http/temporal-errors';

const eraseBody = z.object({
  confirm: z.string({ message: "expected the tenant's slug" }).max(100),
  reason: z.string({ message: 'a reason is required' }).trim().min(1, 'a reason is required').max(500),
});

const erasing = z.object({ workflow_id: z.string(), tenant_id: z.uuid(), status: z.literal('erasing') });

/**
 * Erasure on a verified request (GDPR article 17): a super_admin names the tenant by its
 * slug (typed, not clicked) and says why. Only a tenant that has left (cancelled or
 * deleted) is erased; the workflow soft-deletes a cancelled one first, through its
 * lifecycle. The request is audited before the workflow starts, and the workflow reads
 * the reason from that entry, so the operator's free text stays out of its history.
 */
export function adminTenantErasureRoutes(deps: { config: Config; temporal: Client }): AdminRouter {
  return new AdminRouter().endpoint(
    {
      method: 'post',
      path: '/tenants/:id/actions/erase',
      access: { permission: 'tenants:erase' },
      summary: "Erase a cancelled or deleted tenant's personal data (super_admin only; confirm with its slug)",
      tags: ['admin', 'lifecycle'],
      params: z.object({ id: z.uuid() }),
      body: eraseBody,
      responses: {
        202: { description: 'The erasure workflow started', schema: erasing },
        403: { description: 'Not a super_admin' },
        404: { description: 'No such tenant' },
        409: { description: 'The tenant is neither cancelled nor deleted, is already erased, or is being erased' },
        422: { description: "Invalid fields: `confirm` is not the tenant's slug, or the reason is empty" },
        503: { description: 'Temporal is unreachable; nothing was started' },
      },
    },
    async ({ params, body }, req, res) => {
      const actor = operatorActor(req);
      const workflowId = erasureWorkflowId(params.id);
      const tenant = await withOperatorAccess(actor, () => Tenant.query().findById(params.id));
      if (!tenant) throw Problem.notFound(`No tenant ${params.id}`);
      if (tenant.erased_at) throw Problem.conflict("This tenant's personal data is already erased.");
      if (body.confirm !== tenant.slug) throw Problem.validation({ confirm: "does not match the tenant's slug" });
      if (tenant.status !== 'cancelled' && tenant.status !== 'deleted') {
        throw Problem.conflict(`The tenant is ${tenant.status}: cancel it before erasing its data.`);
      }
      if (await erasureRunning(deps.temporal, workflowId)) throw Problem.conflict("This tenant's erasure is already running.");
      // A tenant reactivated from here on is not erased: the workflow's soft delete refuses it.
      const entry = await withOperatorAccess(actor, () =>
        recordAudit({
          tenantId: tenant.id,
          actor,
          action: 'tenant.erasure_requested',
          target: { type: 'tenant', id: tenant.id },
          reason: body.reason,
          requestId: requestIdOf(req),
          details: { workflow_id: workflowId },
        }),
      );
      try {
        await deps.temporal.workflow.start(tenantErasureWorkflow, {
          workflowId,
          taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
          args: [{ tenantId: params.id, by: actor.id, requestEntryId: entry.id }],
        });
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) throw Problem.conflict("This tenant's erasure is already running.");
        if (isTemporalUnreachable(error)) throw Problem.unavailable('Temporal is unreachable; the erasure did not start. Try again shortly.');
        throw error;
      }
      res.status(202).json({ workflow_id: workflowId, tenant_id: params.id, status: 'erasing' });
    },
  );
}

/** Whether an erasure of the tenant is running now (a finished or failed one may be followed by another). */
async function erasureRunning(temporal: Client, workflowId: string): Promise<boolean> {
  try {
    return (await temporal.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (error) {
    if ((error as Error).name === 'WorkflowNotFoundError') return false;
    if (isTemporalUnreachable(error)) throw Problem.unavailable('Temporal is unreachable; the erasure did not start. Try again shortly.');
    throw error;
  }
}
