import type { AuditAction } from '../domain/audit-actions';
import { AuditEntry } from './models';

/** Who made a change, as the audit log records it (with the support session it was made in, if any). */
export interface AuditActor {
  type: AuditEntry['actor_type'];
  id: string;
  supportSessionId?: string | null;
}

/** One line for the audit log: who did what to which record, and why. */
export interface AuditRecord {
  /** The company the line belongs to (its people read it); null for Kestrel's own records. */
  tenantId: string | null;
  actor: AuditActor;
  action: AuditAction;
  target?: { type: string; id: string | null };
  reason?: string | null;
  requestId?: string | null;
  /** Makes a retried step write its line once (unique in the table). */
  idempotencyKey?: string;
  details?: Record<string, unknown>;
}

/**
 * Writes one line of the append-only audit log, in the caller's scope: inside a tenant's
 * transaction (withTenant) or an operator's (withOperatorAccess), so it commits or rolls
 * back with the change it records.
 *
 * With `ifNew`, a line whose idempotency key is in the log already is left as it is and
 * nothing is written: a step that runs again (an activity's retry) answers undefined
 * instead of failing on the unique key.
 */
export async function recordAudit(entry: AuditRecord): Promise<AuditEntry>;
export async function recordAudit(entry: AuditRecord & { idempotencyKey: string }, options: { ifNew: true }): Promise<AuditEntry | undefined>;
export async function recordAudit(entry: AuditRecord, options: { ifNew?: boolean } = {}): Promise<AuditEntry | undefined> {
  const insert = AuditEntry.query()
    .insert({
      tenant_id: entry.tenantId,
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      support_session_id: entry.actor.supportSessionId ?? null,
      action: entry.action,
      target_type: entry.target?.type ?? null,
      target_id: entry.target?.id ?? null,
      reason: entry.reason ?? null,
      request_id: entry.requestId ?? null,
      idempotency_key: entry.idempotencyKey ?? null,
      details: entry.details ?? {},
    })
    .returning('*');
  if (!options.ifNew) return insert;
  const written = await insert.onConflict('idempotency_key').ignore();
  // Postgres returns no row for an insert it skipped, so the line has no id.
  return written.id === undefined ? undefined : written;
}
