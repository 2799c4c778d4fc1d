import { z } from 'zod';
import { recordAudit, type AuditRecord } from '../../db/audit';
import { withOperatorAccess, withTenant } from '../../db/tenant-context';
import { requestIdOf } from '../http/audit-actor';
import type { ApiRouter } from '../http/endpoint';
import { Problem } from '../http/problem';
import { SIGNED_IN, type SessionAnswers } from './answers';
import type { Sessions } from './sessions';

const sessionOut = z.object({
  id: z.uuid(),
  created_at: z.string(),
  last_seen_at: z.string().nullable(),
  user_agent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});

/** A signed-in person's own sessions: where they are signed in, and signing one of them out. */
export function sessionRoutes(router: ApiRouter, deps: { sessions: Sessions; answers: SessionAnswers }): ApiRouter {
  const { answers, sessions } = deps;
  return router
    .endpoint(
      {
        method: 'get',
        path: '/sessions',
        security: SIGNED_IN,
        summary: "The signed-in person's sessions that still work, newest first (`current`: this one)",
        responses: { 200: { description: 'The sessions', schema: z.array(sessionOut) }, 401: { description: 'Not signed in' } },
      },
      async (_input, req, res) => {
        res.setHeader('Cache-Control', 'no-store');
        res.json(await sessions.sessionsOf(answers.principal(req)));
      },
    )
    .endpoint(
      {
        method: 'delete',
        path: '/sessions/:id',
        security: SIGNED_IN,
        summary: 'End one of your own sessions (another device, or this one)',
        params: z.object({ id: z.uuid() }),
        responses: { 204: { description: 'Ended' }, 404: { description: 'No such session of yours' } },
      },
      async ({ params }, req, res) => {
        const principal = answers.principal(req);
        if (!(await sessions.endOwnSession(principal, params.id))) throw Problem.notFound(`No session ${params.id} of yours`);
        const entry: AuditRecord = {
          tenantId: principal.kind === 'tenant_user' ? principal.tenantId : null,
          actor: { type: principal.kind, id: principal.id },
          action: 'session.revoked',
          target: { type: 'session', id: params.id },
          requestId: requestIdOf(req),
          details: { current: params.id === principal.sessionId },
        };
        await (principal.kind === 'tenant_user'
          ? withTenant(principal.tenantId, () => recordAudit(entry))
          : withOperatorAccess({ type: 'operator', id: principal.id }, () => recordAudit(entry)));
        res.status(204).end();
      },
    );
}
