import type { Request } from 'express';
import type { AuditEntry } from '../db/models';
import type { TenantCaller } from './auth/tenant-caller';

/** Who made a change, as the audit log records it (with the support session it was made in, if any). */
export interface AuditActor {
  type: AuditEntry['actor_type'];
  id: string;
  supportSessionId?: string | null;
}

/** The audit row's columns naming the actor. */
export const actorColumns = (actor: AuditActor) => ({ actor_type: actor.type, actor_id: actor.id, support_session_id: actor.supportSessionId ?? null });

export const actorOf = (caller: TenantCaller): AuditActor => ({ ...caller.actor, supportSessionId: caller.supportSessionId });

/** The request's id, as the audit log records it next to the actor. */
export const requestIdOf = (req: Request): string | null => (typeof req.id === 'string' ? req.id : null);
