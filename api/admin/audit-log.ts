import { z } from 'zod';
import { AuditEntry } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { AdminRouter } from '../auth/operator-access';
import { auditActionLabel } from '../../domain/audit-actions';
import { actorNameColumn } from '../actor-names';
import { operatorActor } from '../auth/authenticate';
import { listOf, listQuery, listRequest, pageWithTotal, sendPage } from './list-query';

const SORTABLE = ['created_at', 'id', 'action'] as const;
const action = z.string().trim().min(1).max(100);
const filter = z.object({
  id: z.union([z.number().int().positive(), z.array(z.number().int().positive()).max(1000)]).optional(),
  tenant_id: z.uuid().optional(),
  action: z.union([action, z.array(action).max(50)]).optional(),
});

const entrySchema = z.object({
  id: z.number(),
  tenant_id: z.uuid().nullable(),
  actor_type: z.enum(['operator', 'tenant_user', 'api_key', 'system']),
  actor_id: z.string().nullable(),
  actor_name: z.string().nullable().describe("The actor's name (an operator's, a user's, an API key's); null for the system"),
  action: z.string(),
  action_label: z.string().describe('The action in words (domain/audit-actions.ts)'),
  support_session_id: z.string().nullable().describe('The support session it was done in, if any'),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});

/**
 * The audit log (ra-data-simple-rest): lifecycle transitions written by the tenant
 * workflow's activities, and operators' changes such as settings edits. Each entry comes
 * with its actor's name and its action in words.
 */
export function adminAuditLogRoutes(): AdminRouter {
  return new AdminRouter().endpoint(
    {
      method: 'get',
      path: '/audit-log',
      access: { permission: 'tenants:read' },
      summary: 'List audit entries (sort, range, filter: id, tenant_id, action); newest first by default',
      query: listQuery(SORTABLE, filter),
      responses: { 200: { description: 'Audit entries; the total is in Content-Range', schema: z.array(entrySchema) } },
    },
    async ({ query }, req, res) => {
      const list = listRequest(query, ['created_at', 'DESC']);
      const f = list.filter;
      const { rows, total } = await withOperatorAccess(operatorActor(req), () => {
        const base = AuditEntry.query().modify((q) => {
          if (f.id !== undefined) q.whereIn('id', listOf(f.id));
          if (f.tenant_id) q.where('tenant_id', f.tenant_id);
          if (f.action) q.whereIn('action', listOf(f.action));
        });
        const ordered = base
          .clone()
          .select('id', 'tenant_id', 'actor_type', 'actor_id', actorNameColumn(), 'action', 'support_session_id', 'target_type', 'target_id', 'reason', 'details', 'created_at')
          // Entries written in one transaction share created_at; the id keeps their order.
          .orderBy(list.field, list.direction)
          .orderBy('id', list.direction);
        return pageWithTotal(list, ordered, base.clone().resultSize());
      });
      sendPage(res, 'audit-log', list, rows.map((row) => ({ ...row, action_label: auditActionLabel(row.action) })), total);
    },
  );
}
