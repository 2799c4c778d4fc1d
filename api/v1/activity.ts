import { z } from 'zod';
import { AuditEntry } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import { auditActionLabel } from '../../domain/audit-actions';
import { actorNameColumn } from '../actor-names';
import { TenantApiRouter, liveKeyRequired, pageOf, pageQuery } from './router';

const entrySchema = z.object({
  id: z.string(),
  created_at: z.string(),
  action: z.string(),
  action_label: z.string().describe('The action in words'),
  actor_type: z.string(),
  actor_id: z.string().nullable(),
  actor_name: z.string().nullable().describe("Who: a user's or a Kestrel operator's name, an API key's name; null for Kestrel's own steps"),
  support_session_id: z.string().nullable(),
  reason: z.string().nullable(),
  target_type: z.string().nullable(),
  target_id: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});

/** The audit log's ids are numbers; a cursor names the last one of the page before. */
const cursorOf = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
const cursorQuery = z.string().transform((value, ctx) => {
  const id = Buffer.from(value, 'base64url').toString('utf8');
  if (!/^\d{1,18}$/.test(id)) {
    ctx.addIssue({ code: 'custom', message: 'expected the next_cursor of a previous page' });
    return z.NEVER;
  }
  return id;
});

/**
 * The company's own activity log, newest first: what changed and who changed it (by name),
 * the lifecycle's steps, and every support session an operator opened on it (the pages
 * read in it on the line that closes it, each change asked for on a line of its own), so
 * a company always sees when Kestrel's staff looked.
 */
export function tenantApiActivityRoutes(): TenantApiRouter {
  return new TenantApiRouter().route(
    'settings:read',
    {
      method: 'get',
      path: '/activity',
      summary: "The company's activity log, newest first (support sessions included); live keys only",
      query: z.object({ limit: pageQuery.limit, cursor: cursorQuery.optional() }),
      responses: { 200: { description: 'A page of the log', schema: pageOf(entrySchema) } },
    },
    async ({ query }, caller, _req, res) => {
      // The log has no sandbox copy: who changed what, and when Kestrel's staff looked, is live data.
      liveKeyRequired(caller, 'the activity log', 'read');
      const rows = await withTenant(caller.tenantId, () =>
        AuditEntry.query()
          .modify((q) => {
            if (query.cursor) q.where('id', '<', query.cursor);
          })
          .orderBy('id', 'desc')
          .limit(query.limit + 1)
          .select('id', 'created_at', 'action', 'actor_type', 'actor_id', actorNameColumn(), 'support_session_id', 'reason', 'target_type', 'target_id', 'details'),
      );
      const data = rows.slice(0, query.limit).map((r) => ({ ...r, id: String(r.id), action_label: auditActionLabel(r.action), created_at: new Date(r.created_at).toISOString() }));
      const last = data[data.length - 1];
      res.json({ data, next_cursor: rows.length > query.limit && last ? cursorOf(last.id) : null });
    },
  );
}
