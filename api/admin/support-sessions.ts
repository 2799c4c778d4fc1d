import type { Request } from 'express';
import { z } from 'zod';
import { AuditEntry, AuthSession, SupportSession, Tenant } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { durationMs, type Config } from '../../lib/config';
import type { OperatorPrincipal } from '../auth/sessions';
import { AdminRouter } from '../auth/operator-access';
import { Problem } from '../problem';
import { contentRange, listQuery } from './list-query';

const idParams = z.object({ id: z.uuid() });
const opening = z.object({
  reason: z.string().trim().min(3, 'say why support needs to look').max(500),
  ticket_ref: z.string().trim().max(100).optional(),
});
const filter = z.object({ tenant_id: z.uuid().optional(), active: z.boolean().optional() });

/** Support sessions are a signed-in operator's. */
function signedInOperator(req: Request): OperatorPrincipal {
  if (req.principal?.kind !== 'operator') throw new Problem(403, 'Forbidden', 'Support sessions are opened by a signed-in operator.');
  return req.principal;
}

const describe = (s: SupportSession) => ({
  id: s.id,
  tenant_id: s.tenant_id,
  operator_id: s.operator_id,
  reason: s.reason,
  ticket_ref: s.ticket_ref,
  can_write: s.can_write,
  granted_by: s.granted_by,
  started_at: new Date(s.started_at).toISOString(),
  expires_at: new Date(s.expires_at).toISOString(),
  ended_at: s.ended_at ? new Date(s.ended_at).toISOString() : null,
});

/**
 * Support access to a tenant without a master key: an operator opens a support session
 * for one tenant, with a reason (and a ticket). It is attached to the operator's own
 * session, expires after SUPPORT_SESSION_DURATION, cannot be nested, and is read-only
 * until a super_admin grants write. Opening, granting and ending are in the tenant's
 * audit log, so the tenant sees them; requests made in it are audited too (api-key-auth.ts, operator-access.ts).
 */
export function adminSupportSessionRoutes(deps: { config: Config }): AdminRouter {
  const lasts = durationMs(deps.config.SUPPORT_SESSION_DURATION);
  const audit = (s: SupportSession, actor: OperatorPrincipal, action: string, details: Record<string, unknown> = {}) =>
    AuditEntry.query().insert({
      tenant_id: s.tenant_id,
      actor_type: 'operator',
      actor_id: actor.id,
      action,
      target_type: 'support_session',
      target_id: s.id,
      reason: s.reason,
      support_session_id: s.id,
      details: { operator_email: actor.email, ticket_ref: s.ticket_ref, ...details },
    });

  return new AdminRouter()
    .endpoint(
      {
        method: 'post',
        path: '/tenants/:id/support-sessions',
        access: { permission: 'support-sessions:open' },
        summary: "Open a support session on a tenant (read-only; it expires), attached to the operator's session",
        tags: ['admin', 'support'],
        params: idParams,
        body: opening,
        responses: { 201: { description: 'The support session' }, 409: { description: 'A support session is open already (they do not nest)' } },
      },
      async ({ params, body }, req, res) => {
        const operator = signedInOperator(req);
        if (operator.support) throw Problem.conflict('A support session is open already; end it before opening another.');
        const session = await withOperatorAccess({ type: 'operator', id: operator.id }, async () => {
          const tenant = await Tenant.query().findById(params.id).whereNull('deleted_at');
          if (!tenant) throw Problem.notFound(`No tenant ${params.id}`);
          const opened = await SupportSession.query().insertAndFetch({
            tenant_id: tenant.id,
            operator_id: operator.id,
            reason: body.reason,
            ticket_ref: body.ticket_ref ?? null,
            expires_at: new Date(Date.now() + lasts),
          });
          // Attached only if no other was attached meanwhile (two tabs opening at once).
          const attached = await AuthSession.query().findById(operator.sessionId).whereNull('support_session_id').patch({ support_session_id: opened.id });
          if (!attached) throw Problem.conflict('A support session is open already; end it before opening another.');
          await audit(opened, operator, 'support_session.opened', { expires_at: opened.expires_at });
          return opened;
        });
        res.status(201).json(describe(session));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/support-sessions/:id/grant-write',
        access: { permission: 'support-sessions:grant-write' },
        summary: 'Let a support session change things (super_admin only)',
        tags: ['admin', 'support'],
        params: idParams,
        responses: { 200: { description: 'The support session, now with write' }, 403: { description: 'Not a super_admin' } },
      },
      async ({ params }, req, res) => {
        const operator = signedInOperator(req);
        const session = await withOperatorAccess({ type: 'operator', id: operator.id }, async () => {
          const open = await SupportSession.query().findById(params.id).whereNull('ended_at').where('expires_at', '>', new Date());
          if (!open) throw Problem.notFound(`No open support session ${params.id}`);
          const granted = await SupportSession.query().patchAndFetchById(open.id, { can_write: true, granted_by: operator.id, write_granted_at: new Date() });
          await audit(granted, operator, 'support_session.write_granted');
          return granted;
        });
        res.json(describe(session));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/support-sessions/:id/end',
        access: { permission: 'support-sessions:open' },
        summary: 'End a support session (its operator, or a super_admin)',
        tags: ['admin', 'support'],
        params: idParams,
        responses: { 200: { description: 'The ended support session' } },
      },
      async ({ params }, req, res) => {
        const operator = signedInOperator(req);
        const session = await withOperatorAccess({ type: 'operator', id: operator.id }, async () => {
          const open = await SupportSession.query().findById(params.id);
          if (!open || (open.operator_id !== operator.id && operator.role !== 'super_admin')) throw Problem.notFound(`No support session ${params.id}`);
          await AuthSession.query().where({ support_session_id: open.id }).patch({ support_session_id: null });
          if (open.ended_at) return open;
          const ended = await SupportSession.query().patchAndFetchById(open.id, { ended_at: new Date() });
          await audit(ended, operator, 'support_session.ended');
          return ended;
        });
        res.json(describe(session));
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/support-sessions',
        access: { permission: 'tenants:read' },
        summary: 'List support sessions (filter: tenant_id, active)',
        tags: ['admin', 'support'],
        query: listQuery(['started_at'], filter),
        responses: { 200: { description: 'Support sessions; the total is in Content-Range' } },
      },
      async ({ query }, req, res) => {
        const [first, last] = query.range ?? [0, 24];
        const f = query.filter ?? {};
        const { rows, total } = await withOperatorAccess({ type: 'operator', id: signedInOperator(req).id }, async () => {
          const base = SupportSession.query().modify((q) => {
            if (f.tenant_id) q.where('tenant_id', f.tenant_id);
            if (f.active === true) q.whereNull('ended_at').where('expires_at', '>', new Date());
            if (f.active === false) q.where((w) => w.whereNotNull('ended_at').orWhere('expires_at', '<=', new Date()));
          });
          const [rows, total] = await Promise.all([base.clone().orderBy('started_at', 'desc').offset(first).limit(last - first + 1), base.clone().resultSize()]);
          return { rows, total };
        });
        res.setHeader('Content-Range', contentRange('support-sessions', first, rows.length, total));
        res.json(rows.map(describe));
      },
    );
}
