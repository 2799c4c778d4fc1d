import type { Request } from 'express';
import type { AuditActor } from '../../db/audit';
import type { TenantCaller } from '../auth/tenant-caller';

export type { AuditActor };

export const actorOf = (caller: TenantCaller): AuditActor => ({ ...caller.actor, supportSessionId: caller.supportSessionId });

/** The request's id, as the audit log records it next to the actor. */
export const requestIdOf = (req: Request): string | null => (typeof req.id === 'string' ? req.id : null);
