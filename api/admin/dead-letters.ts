import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { recordAudit } from '../../db/audit';
import { DeadLetter } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import type { Config } from '../../lib/config';
import { deadLetterReplayWorkflow } from '../../workflows/dead-letter-replay';
import { AdminRouter } from '../auth/operator-access';
import { Problem } from '../http/problem';
import { isTemporalUnreachable } from '../http/temporal-errors';
import { listOf, listQuery, listRequest, pageWithTotal, sendPage, uuids } from './list-query';
import { operatorActor } from '../auth/authenticate';
import { requestIdOf } from '../http/audit-actor';


const STATES = ['open', 'replayed', 'resolved'] as const;
const filter = z.object({
  id: uuids.optional(),
  tenant_id: z.uuid().optional(),
  step: z.string().max(100).optional(),
  state: z.enum(STATES).optional(),
});
const idParams = z.object({ id: z.uuid() });

const LIST_COLUMNS = ['id', 'tenant_id', 'workflow_id', 'run_id', 'step', 'error', 'attempts', 'replayed_at', 'resolved_at', 'replay_error', 'created_at'].map(
  (c) => `dead_letters.${c}`,
);
const letterSchema = z
  .object({ id: z.uuid(), tenant_id: z.uuid().nullable(), company_name: z.string().nullable(), workflow_id: z.string(), step: z.string(), error: z.string() })
  .loose();

/**
 * Finishing steps that failed for good (see the call workflow), and their replay: an
 * operator replays a letter once; the replay runs as a workflow and resolves the letter,
 * or leaves it open with the replay's error, to be replayed again.
 */
export function adminDeadLetterRoutes(deps: { config: Config; temporal: Client }): AdminRouter {
  return new AdminRouter()
    .endpoint(
      {
        method: 'get',
        path: '/dead-letters',
        access: { permission: 'tenants:read' },
        summary: 'List dead letters (sort, range, filter: id, tenant_id, step, state = open | replayed | resolved)',
        query: listQuery(['created_at', 'step', 'attempts'], filter),
        responses: { 200: { description: 'Dead letters; the total is in Content-Range', schema: z.array(letterSchema) } },
      },
      async ({ query }, req, res) => {
        const list = listRequest(query, ['created_at', 'DESC']);
        const f = list.filter;
        const { rows, total } = await withOperatorAccess(operatorActor(req), () => {
          const base = DeadLetter.query()
            .leftJoin('tenants', 'tenants.id', 'dead_letters.tenant_id')
            .modify((q) => {
              if (f.id) q.whereIn('dead_letters.id', listOf(f.id));
              if (f.tenant_id) q.where('dead_letters.tenant_id', f.tenant_id);
              if (f.step) q.where('dead_letters.step', f.step);
              if (f.state === 'open') q.whereNull('dead_letters.resolved_at').whereNull('dead_letters.replayed_at');
              if (f.state === 'replayed') q.whereNull('dead_letters.resolved_at').whereNotNull('dead_letters.replayed_at');
              if (f.state === 'resolved') q.whereNotNull('dead_letters.resolved_at');
            });
          const ordered = base
            .clone()
            .select(...LIST_COLUMNS, 'tenants.company_name')
            .orderBy(`dead_letters.${list.field}`, list.direction)
            .orderBy('dead_letters.id');
          return pageWithTotal(list, ordered, base.clone().resultSize());
        });
        sendPage(res, 'dead-letters', list, rows, total);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/dead-letters/:id',
        access: { permission: 'tenants:read' },
        summary: 'One dead letter, with the input its step is replayed from',
        params: idParams,
        responses: { 200: { description: 'The dead letter', schema: letterSchema } },
      },
      async ({ params }, req, res) => {
        const letter = await withOperatorAccess(operatorActor(req), () =>
          DeadLetter.query().leftJoin('tenants', 'tenants.id', 'dead_letters.tenant_id').select('dead_letters.*', 'tenants.company_name').findById(params.id),
        );
        if (!letter) throw Problem.notFound(`No dead letter ${params.id}`);
        res.json(letter);
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/dead-letters/:id/replay',
        access: { permission: 'dead-letters:replay' },
        summary: 'Replay a dead letter once: its step runs again from its stored input',
        params: idParams,
        responses: {
          202: { description: 'The replay started', schema: z.object({ id: z.uuid(), replay_workflow_id: z.string() }) },
          409: { description: 'Replayed already (or resolved)' },
        },
      },
      async ({ params }, req, res) => {
        const claimedAt = new Date();
        // Claiming the letter is what makes a replay happen once, however often it is asked for.
        const letter = await withOperatorAccess(operatorActor(req), async () => {
          const claimed = await DeadLetter.query()
            .findById(params.id)
            .whereNull('replayed_at')
            .whereNull('resolved_at')
            .patch({ replayed_at: claimedAt, replay_error: null });
          const row = await DeadLetter.query().findById(params.id);
          if (row && claimed) {
            await recordAudit({
              tenantId: row.tenant_id,
              actor: operatorActor(req),
              action: 'dead_letter.replayed',
              target: { type: 'dead_letter', id: row.id },
              requestId: requestIdOf(req),
              details: { step: row.step, workflow_id: row.workflow_id },
            });
          }
          return { row, claimed: claimed > 0 };
        });
        if (!letter.row) throw Problem.notFound(`No dead letter ${params.id}`);
        if (!letter.claimed) {
          throw Problem.conflict(letter.row.resolved_at ? 'This dead letter is resolved already.' : 'This dead letter is being replayed already.');
        }
        const workflowId = `dead-letter-replay-${letter.row.id}-${claimedAt.getTime()}`;
        try {
          await deps.temporal.workflow.start(deadLetterReplayWorkflow, {
            workflowId,
            taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
            args: [{ deadLetterId: letter.row.id }],
          });
        } catch (error) {
          // Not started: the claim is given back, so the operator can try again.
          await withOperatorAccess(operatorActor(req), () => DeadLetter.query().findById(params.id).patch({ replayed_at: null }));
          if (isTemporalUnreachable(error)) throw Problem.unavailable('Temporal is unreachable; the dead letter was not replayed. Try again shortly.');
          throw error;
        }
        res.status(202).json({ id: letter.row.id, replay_workflow_id: workflowId });
      },
    );
}
