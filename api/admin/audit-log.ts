import { z } from 'zod';
import { AuditEntry } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { AdminRouter } from '../auth/operator-access';
import { contentRange, listQuery } from './list-query';
import { operatorActor } from '../auth/authenticate';


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
  action: z.string(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});

/**
 * The audit log (ra-data-simple-rest): lifecycle transitions written by the tenant
 * workflow's activities, and operators' changes such as settings edits.
 */
export function adminAuditLogRoutes(): AdminRouter {
  return new AdminRouter().endpoint(
    {
      method: 'get',
      path: '/audit-log',
      access: { permission: 'tenants:read' },
      summary: 'List audit entries (sort, range, filter: id, tenant_id, action); newest first by default',
      tags: ['admin'],
      query: listQuery(SORTABLE, filter),
      responses: { 200: { description: 'Audit entries; the total is in Content-Range', schema: z.array(entrySchema) } },
    },
    async ({ query }, req, res) => {
      const [first, last] = query.range ?? [0, 24];
      const [field, order] = query.sort ?? ['created_at', 'DESC'];
      const direction = order.toLowerCase() as 'asc' | 'desc';
      const f = query.filter ?? {};
      const { rows, total } = await withOperatorAccess(operatorActor(req), async () => {
        const base = AuditEntry.query().modify((q) => {
          if (f.id !== undefined) q.whereIn('id', ([] as number[]).concat(f.id));
          if (f.tenant_id) q.where('tenant_id', f.tenant_id);
          if (f.action) q.whereIn('action', ([] as string[]).concat(f.action));
        });
        const [rows, total] = await Promise.all([
          base
            .clone()
            .select('id', 'tenant_id', 'actor_type', 'actor_id', 'action', 'target_type', 'target_id', 'reason', 'details', 'created_at')
            // Entries written in one transaction share created_at; the id keeps their order.
            .orderBy(field, direction)
            .orderBy('id', direction)
            .offset(first)
            .limit(last - first + 1),
          base.clone().resultSize(),
        ]);
        return { rows, total };
      });
      res.setHeader('Content-Range', contentRange('audit-log', first, rows.length, total));
      res.json(rows);
    },
  );
}
