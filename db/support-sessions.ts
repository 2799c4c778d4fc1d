import type { AuditAction } from '../domain/audit-actions';
import { recordAudit, type AuditRecord } from './audit';
import { AuthSession, OperatorUser, SupportSession } from './models';

/** Who closes a support session: an operator ending it (its own, or a super_admin), or its time running out. */
export type SupportSessionClosing = { how: 'ended'; by: { id: string; email: string } } | { how: 'expired' };

/** Whether a support session is still open, was ended, or ran out of time. */
export type SupportSessionState = 'open' | 'ended' | 'expired';

export function supportSessionState(s: Pick<SupportSession, 'ended_at' | 'expires_at'>, now = new Date()): SupportSessionState {
  if (s.ended_at) return 'ended';
  return new Date(s.expires_at) <= now ? 'expired' : 'open';
}

/**
 * Writes a support session's line in the tenant's activity log, as made in that session:
 * the operator, the session's reason and ticket, and what `details` adds. With an
 * idempotency key, a line written already is not written again.
 */
export async function auditSupportSession(
  s: SupportSession,
  actor: { id: string; email: string },
  action: AuditAction,
  details: Record<string, unknown> = {},
  idempotencyKey?: string,
): Promise<void> {
  const entry: AuditRecord = {
    tenantId: s.tenant_id,
    actor: { type: 'operator', id: actor.id, supportSessionId: s.id },
    action,
    target: { type: 'support_session', id: s.id },
    reason: s.reason,
    details: { operator_email: actor.email, ticket_ref: s.ticket_ref, ...details },
  };
  await (idempotencyKey ? recordAudit({ ...entry, idempotencyKey }, { ifNew: true }) : recordAudit(entry));
}

/**
 * Closes a support session once, in the current operator scope, and writes the line that
 * closes it in the tenant's activity log with the pages read in it (`pages_viewed`): the
 * reads of a session are that one line, not one line each. Ended by hand, the line is
 * the operator's `support_session.ended`; when its time ran out, the expiry timer writes
 * `support_session.expired` in the name of the session's operator. Whichever comes second
 * finds the session closed and writes nothing; an ended session is not also expired.
 * Either way the operator's sign-in lets go of it, so that they can open another.
 */
export async function closeSupportSession(id: string, closing: SupportSessionClosing): Promise<SupportSession | undefined> {
  const session = await SupportSession.query().findById(id).forUpdate();
  if (!session) return undefined;
  await AuthSession.query().where({ support_session_id: session.id }).patch({ support_session_id: null });
  const state = supportSessionState(session);
  if (closing.how === 'ended') {
    if (state !== 'open') return session;
    const ended = await SupportSession.query().patchAndFetchById(session.id, { ended_at: new Date() });
    await auditSupportSession(ended, closing.by, 'support_session.ended', { pages_viewed: ended.pages_viewed ?? {} });
    return ended;
  }
  if (state !== 'expired') return session;
  const operator = await OperatorUser.query().findById(session.operator_id).select('id', 'email');
  const actor = { id: session.operator_id, email: operator?.email ?? '' };
  // The timer's activity may run again after a commit it did not hear of: the key keeps the line single.
  await auditSupportSession(session, actor, 'support_session.expired', { pages_viewed: session.pages_viewed ?? {} }, `support_session.expired:${session.id}`);
  return session;
}
