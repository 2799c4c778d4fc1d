import type { Client } from '@temporalio/client';
import type { Request } from 'express';
import { z } from 'zod';
import { AuthSession, SupportSession, Tenant } from '../../db/models';
import { auditSupportSession, closeSupportSession, supportSessionState } from '../../db/support-sessions';
import { withOperatorAccess } from '../../db/tenant-context';
import { durationMs, type Config } from '../../lib/config';
import { supportSessionExpiry, supportSessionExpiryWorkflowId } from '../../workflows/support-session-expiry';
import { operatorNames } from '../actor-names';
import type { OperatorPrincipal } from '../auth/sessions';
import { AdminRouter } from '../auth/operator-access';
import { Problem } from '../http/problem';
import { reachingTemporal } from '../http/temporal-errors';
import { listQuery, listRequest, pageWithTotal, sendPage } from './list-query';

const idParams = z.object({ id: z.uuid() });
const opening = z.object({
  reason: z.string().trim().min(3, 'say why support needs to look').max(500),
  ticket_ref: z.string().trim().max(100).optional(),
});
const filter = z.object({ tenant_id: z.uuid().optional(), active: z.boolean().optional() });

const sessionSchema = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  operator_id: z.string(),
  operator_name: z.string().nullable().describe('The operator who opened it, by name'),
  reason: z.string(),
  ticket_ref: z.string().nullable(),
  can_write: z.boolean(),
  granted_by: z.string().nullable(),
  granted_by_name: z.string().nullable().describe('The super_admin who granted write, by name'),
  write_granted_at: z.string().nullable(),
  started_at: z.string(),
  expires_at: z.string(),
  ended_at: z.string().nullable(),
  state: z.enum(['open', 'ended', 'expired']),
  pages_viewed: z.record(z.string(), z.number()).describe('Tenant API paths read in the session, with how often'),
});

/** Support sessions are a signed-in operator's. */
function signedInOperator(req: Request): OperatorPrincipal {
  if (req.principal?.kind !== 'operator') throw new Problem(403, 'Forbidden', 'Support sessions are opened by a signed-in operator.');
  return req.principal;
}

const iso = (value: Date | string | null) => (value ? new Date(value).toISOString() : null);

/** The sessions as the API shows them, with the operators behind them named. */
async function describeAll(sessions: SupportSession[]): Promise<Array<z.infer<typeof sessionSchema>>> {
  const names = await operatorNames(sessions.flatMap((s) => [s.operator_id, s.granted_by]));
  return sessions.map((s) => ({
    id: s.id,
    tenant_id: s.tenant_id,
    operator_id: s.operator_id,
    operator_name: names.get(s.operator_id) ?? null,
    reason: s.reason,
    ticket_ref: s.ticket_ref,
    can_write: s.can_write,
    granted_by: s.granted_by,
    granted_by_name: s.granted_by ? (names.get(s.granted_by) ?? null) : null,
    write_granted_at: iso(s.write_granted_at),
    started_at: iso(s.started_at)!,
    expires_at: iso(s.expires_at)!,
    ended_at: iso(s.ended_at),
    state: supportSessionState(s),
    pages_viewed: s.pages_viewed ?? {},
  }));
}
const describe = async (s: SupportSession) => (await describeAll([s]))[0]!;

/**
 * Support access to a tenant without a master key: an operator opens a support session
 * for one tenant, with a reason (and a ticket). It is attached to the operator's own
 * session, expires after SUPPORT_SESSION_DURATION, cannot be nested, and is read-only
 * until a super_admin grants write. Opening, granting and closing it are in the tenant's
 * audit log, so the tenant sees them: the pages read in it are listed on the line that
 * closes it, and each change asked for in it is a line of its own (api-key-auth.ts,
 * operator-access.ts). A timer in Temporal closes it when its time runs out, so that line
 * is written even if nobody ends it.
 */
export function adminSupportSessionRoutes(deps: { config: Config; temporal: Client }): AdminRouter {
  const lasts = durationMs(deps.config.SUPPORT_SESSION_DURATION);

  return new AdminRouter({ tags: ['admin', 'support'] })
    .endpoint(
      {
        method: 'post',
        path: '/tenants/:id/support-sessions',
        access: { permission: 'support-sessions:open' },
        summary: "Open a support session on a tenant (read-only; it expires), attached to the operator's session",
        params: idParams,
        body: opening,
        responses: {
          201: { description: 'The support session', schema: sessionSchema },
          409: { description: 'A support session is open already (they do not nest)' },
          503: { description: 'Temporal is unreachable: without the timer that closes it, no session is opened' },
        },
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
          // Attached only if no other open one was attached meanwhile (two tabs opening at once); one that ran out is let go of.
          const closed = SupportSession.query().select('id').where((q) => q.whereNotNull('ended_at').orWhere('expires_at', '<=', new Date()));
          const attached = await AuthSession.query()
            .findById(operator.sessionId)
            .where((q) => q.whereNull('support_session_id').orWhereIn('support_session_id', closed))
            .patch({ support_session_id: opened.id });
          if (!attached) throw Problem.conflict('A support session is open already; end it before opening another.');
          await auditSupportSession(opened, operator, 'support_session.opened', { expires_at: opened.expires_at });
          // Started before the commit: a session is never open without its timer (if the commit fails, the timer finds nothing to close).
          await startExpiryTimer(deps, opened);
          return opened;
        });
        res.status(201).json(await describe(session));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/support-sessions/:id/grant-write',
        access: { permission: 'support-sessions:grant-write' },
        summary: 'Let a support session change things (super_admin only)',
        params: idParams,
        responses: { 200: { description: 'The support session, now with write', schema: sessionSchema }, 403: { description: 'Not a super_admin' } },
      },
      async ({ params }, req, res) => {
        const operator = signedInOperator(req);
        const session = await withOperatorAccess({ type: 'operator', id: operator.id }, async () => {
          const open = await SupportSession.query().findById(params.id).whereNull('ended_at').where('expires_at', '>', new Date());
          if (!open) throw Problem.notFound(`No open support session ${params.id}`);
          if (open.can_write) return open;
          const granted = await SupportSession.query().patchAndFetchById(open.id, { can_write: true, granted_by: operator.id, write_granted_at: new Date() });
          await auditSupportSession(granted, operator, 'support_session.write_granted');
          return granted;
        });
        res.json(await describe(session));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/support-sessions/:id/end',
        access: { permission: 'support-sessions:open' },
        summary: 'End a support session (its operator, or a super_admin); the pages read in it go on the line that ends it',
        params: idParams,
        responses: { 200: { description: 'The ended (or already closed) support session', schema: sessionSchema } },
      },
      async ({ params }, req, res) => {
        const operator = signedInOperator(req);
        const session = await withOperatorAccess({ type: 'operator', id: operator.id }, async () => {
          const found = await SupportSession.query().findById(params.id);
          if (!found || (found.operator_id !== operator.id && operator.role !== 'super_admin')) throw Problem.notFound(`No support session ${params.id}`);
          return closeSupportSession(found.id, { how: 'ended', by: operator });
        });
        if (!session) throw Problem.notFound(`No support session ${params.id}`);
        res.json(await describe(session));
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/support-sessions',
        access: { permission: 'tenants:read' },
        summary: "List support sessions, newest first (filter: tenant_id, active): a tenant page's list is filter={\"tenant_id\":…}",
        query: listQuery(['started_at'], filter),
        responses: { 200: { description: 'Support sessions; the total is in Content-Range', schema: z.array(sessionSchema) } },
      },
      async ({ query }, req, res) => {
        const list = listRequest(query, ['started_at', 'DESC']);
        const f = list.filter;
        const { rows, total } = await withOperatorAccess({ type: 'operator', id: signedInOperator(req).id }, () => {
          const base = SupportSession.query().modify((q) => {
            if (f.tenant_id) q.where('tenant_id', f.tenant_id);
            if (f.active === true) q.whereNull('ended_at').where('expires_at', '>', new Date());
            if (f.active === false) q.where((w) => w.whereNotNull('ended_at').orWhere('expires_at', '<=', new Date()));
          });
          return pageWithTotal(list, base.clone().orderBy('started_at', 'desc'), base.clone().resultSize());
        });
        sendPage(res, 'support-sessions', list, await describeAll(rows), total);
      },
    );
}

async function startExpiryTimer(deps: { config: Config; temporal: Client }, session: SupportSession): Promise<void> {
  const timer = deps.temporal.workflow.start(supportSessionExpiry, {
    workflowId: supportSessionExpiryWorkflowId(session.id),
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    args: [{ supportSessionId: session.id, expiresAt: new Date(session.expires_at).toISOString() }],
  });
  await reachingTemporal(timer, 'no support session was opened');
}
