import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { raw } from 'objection';
import { recordAudit } from '../db/audit';
import { AuditEntry, DataExport, Tenant } from '../db/models';
import { withOperatorAccess, withTenant } from '../db/tenant-context';
import { RENAMED_ERASURE_STEPS, tombstone, type ErasureCounts, type ErasureStep } from '../domain/erasure';
import { durationMs, type Config } from '../lib/config';
import type { TwilioClient } from '../providers/twilio';
import { deleteUpdate, tenantWorkflowId } from '../workflows/tenant-messages';
import { sendRateKey } from './messaging/send-rate';
import { numberTag } from './telephony';

/** Rows per statement: each batch is its own short transaction, so a million calls never hold one lock for long. */
export const ERASURE_BATCH_SIZE = 1000;

const SYSTEM = { type: 'system' as const, id: 'erasure' };

/** Deletes up to `limit` of the tenant's rows of a tenant-owned table, in the tenant's own scope (RLS keeps every other tenant out). */
const deleteTenantRows = (table: string) => (tenantId: string, limit: number) =>
  withTenant(tenantId, async (trx) => {
    const result = await trx.raw(`delete from ?? where ctid = any(array(select ctid from ?? where tenant_id = ? limit ?))`, [table, table, tenantId, limit]);
    return result.rowCount as number;
  });

/** One batch of one step: how many rows it removed or anonymised (fewer than `limit`: the step is done). */
const STEPS: Record<ErasureStep, (tenantId: string, limit: number) => Promise<number>> = {
  call_logs: deleteTenantRows('call_logs'),
  appointments: deleteTenantRows('appointments'),
  usage_events: deleteTenantRows('usage_events'),
  call_outbox: deleteTenantRows('call_outbox'),
  dead_letters: deleteTenantRows('dead_letters'),
  messages: deleteTenantRows('messages'),
  sms_opt_outs: deleteTenantRows('sms_opt_outs'),
  jobs: deleteTenantRows('jobs'),
  customer_invoices: deleteTenantRows('customer_invoices'),
  campaign_enrollments: deleteTenantRows('campaign_enrollments'),
  campaign_steps: deleteTenantRows('campaign_steps'),
  campaigns: deleteTenantRows('campaigns'),
  contacts: deleteTenantRows('contacts'),
  message_templates: deleteTenantRows('message_templates'),
  notifications: deleteTenantRows('notifications'),

  // Mail about the tenant to Kestrel's staff (a new signup, a health alert) has no tenant_id,
  // so the tenant never sees it; its key starts with the tenant's id. That it went out stays.
  staff_notifications: (tenantId, limit) =>
    withOperatorAccess(SYSTEM, async (trx) => {
      const result = await trx.raw(
        `update notifications set subject = null, payload = '{}'::jsonb, error = null
          where ctid = any(array(
            select ctid from notifications
             where tenant_id is null and idempotency_key like ?
               and (subject is not null or payload <> '{}'::jsonb or error is not null)
             limit ?))`,
        [`${tenantId}.%`, limit],
      );
      return result.rowCount as number;
    }),

  // An operator's login session may still point at a support session on this tenant.
  support_sessions: (tenantId, limit) =>
    withOperatorAccess(SYSTEM, async (trx) => {
      const ids = await trx('support_sessions').where('tenant_id', tenantId).limit(limit).pluck('id');
      if (ids.length === 0) return 0;
      await trx('auth_sessions').whereIn('support_session_id', ids).update({ support_session_id: null });
      return trx('support_sessions').whereIn('id', ids).delete();
    }),

  // Counters are keyed `<policy>:<id>`: the tenant's, its keys' and its users' (rate-limit.ts).
  rate_limits: (tenantId) =>
    withTenant(tenantId, async (trx) => {
      const callers = [...(await trx('api_keys').pluck('id')), ...(await trx('tenant_users').pluck('id'))];
      const keys = [`tenant:${tenantId}`, sendRateKey(tenantId), ...callers.map((id: string) => `api-key:${id}`)];
      // One statement whatever its count: a second batch finds nothing and ends the step.
      return trx('rate_limits').whereIn('key', keys).delete();
    }),

  auth_sessions: deleteTenantRows('auth_sessions'),
  otp_codes: deleteTenantRows('otp_codes'),
  api_keys: deleteTenantRows('api_keys'),
  tenant_users: deleteTenantRows('tenant_users'),
  tenant_feature_flags: deleteTenantRows('tenant_feature_flags'),
  health_scores: deleteTenantRows('health_scores'),

  // Append-only for the application: only the owner's function may replace the values (010_erasure.ts).
  audit_log: (tenantId, limit) =>
    withOperatorAccess(SYSTEM, async (trx) => {
      const { rows } = await trx.raw(`select public.erase_tenant_audit_details(?::uuid, ?::int) as scrubbed`, [tenantId, limit]);
      return rows[0].scrubbed as number;
    }),
};

export interface ErasureRequest {
  tenantId: string;
  /** Who asked: an operator's id, or `system` (the retention run). */
  by: string;
}

/** The directory data exports are written to (see workflows/data-export.ts). */
const exportDirectory = (config: Config) => path.resolve(config.EXPORT_DIR ?? path.join(config.DATA_DIR, 'exports'));

const isMissing = (error: unknown) => (error as { code?: string }).code === 'ENOENT';

/**
 * Erasure's side effects. Each is idempotent (Temporal runs it at least once): rows
 * already removed are not found again, numbers already released count as released, the
 * tombstone and its audit entry are written once.
 */
export function erasureActivities(config: Config, twilio: TwilioClient) {
  return {
    /**
     * Soft delete comes first, taken the normal way: a cancelled tenant is deleted by its
     * lifecycle workflow's `delete` update, which releases its number and ends the lifecycle. A tenant whose lifecycle is no longer running (ended outside the
     * product) is marked deleted here. A tenant that is neither cancelled nor deleted (it
     * was reactivated since the request) is not erased.
     */
    async softDeleteForErasure(p: ErasureRequest): Promise<'already' | 'lifecycle' | 'direct'> {
      const read = () => withTenant(p.tenantId, () => Tenant.query().findById(p.tenantId));
      const tenant = await read();
      if (!tenant) throw ApplicationFailure.nonRetryable(`tenant ${p.tenantId} does not exist`, 'TenantNotFound');
      if (tenant.deleted_at || tenant.status === 'deleted') return 'already';
      if (tenant.status !== 'cancelled') {
        throw ApplicationFailure.nonRetryable(`the tenant is ${tenant.status}: only a cancelled or deleted tenant is erased`, 'NotErasable');
      }
      try {
        // A fixed update id: a retried attempt gets the first one's answer instead of a second delete.
        await Context.current()
          .client.workflow.getHandle(tenantWorkflowId(p.tenantId))
          .executeUpdate(deleteUpdate, { args: [{ by: p.by }], updateId: `erasure-delete-${p.tenantId}` });
        return 'lifecycle';
      } catch (error) {
        if ((await read())?.deleted_at) return 'already'; // an earlier attempt's delete went through
        if (error instanceof WorkflowUpdateFailedError) {
          throw ApplicationFailure.nonRetryable(`the lifecycle refused to delete the tenant: ${innermostMessage(error)}`, 'NotErasable');
        }
        const gone = error instanceof WorkflowNotFoundError || /workflow execution already completed|not found/i.test(String((error as Error)?.message));
        if (!gone) throw error;
      }
      await withTenant(p.tenantId, async () => {
        const current = await Tenant.query().findById(p.tenantId).forUpdate();
        if (!current || current.deleted_at) return;
        await recordAudit(
          {
            tenantId: p.tenantId,
            actor: { type: p.by === 'system' ? 'system' : 'operator', id: p.by },
            action: 'tenant.deleted',
            target: { type: 'tenant', id: p.tenantId },
            idempotencyKey: `erasure-${p.tenantId}:deleted`,
            details: { from: current.status, to: 'deleted', lifecycle: 'not running' },
          },
          { ifNew: true },
        );
        await Tenant.query().findById(p.tenantId).patch({ status: 'deleted', deleted_at: new Date() });
      });
      return 'direct';
    },

    /** Releases every number still held for the tenant: the one on its row, and any tagged with it at Twilio. */
    async releaseTenantNumbers(p: { tenantId: string }): Promise<{ released: number }> {
      const tenant = await withTenant(p.tenantId, () => Tenant.query().findById(p.tenantId));
      const tagged = await twilio.incomingPhoneNumbers.list({ friendlyName: numberTag(p.tenantId) });
      const sids = new Set([...tagged.map((n) => n.sid), ...(tenant?.phone_number_sid ? [tenant.phone_number_sid] : [])]);
      let released = 0;
      for (const sid of sids) {
        try {
          await twilio.incomingPhoneNumbers(sid).remove();
          released++;
        } catch (error) {
          if ((error as { status?: number }).status !== 404) throw error; // released already
        }
      }
      await withTenant(p.tenantId, () => Tenant.query().findById(p.tenantId).patch({ phone_number: null, phone_number_sid: null }));
      return { released };
    },

    /**
     * One step of the erasure, batch after batch, each batch its own transaction. The
     * count so far travels in the heartbeat, so an attempt that takes over after a crash
     * goes on counting from there.
     */
    async eraseTenantRows(p: { tenantId: string; step: ErasureStep; batchSize?: number }): Promise<{ removed: number }> {
      const context = Context.current();
      const limit = p.batchSize ?? ERASURE_BATCH_SIZE;
      let removed = (context.info.heartbeatDetails as { removed?: number } | undefined)?.removed ?? 0;
      for (;;) {
        const batch = await STEPS[RENAMED_ERASURE_STEPS[p.step] ?? p.step](p.tenantId, limit);
        removed += batch;
        context.heartbeat({ removed });
        if (batch < limit) return { removed };
      }
    },

    /**
     * The tenant's data exports: each file named by a row (and any partial file of that
     * export beside it) first, then the rows, so that a retry still knows the files.
     */
    async removeTenantExports(p: { tenantId: string }): Promise<{ rows: number; files: number }> {
      const dir = exportDirectory(config);
      const exports = await withTenant(p.tenantId, () => DataExport.query().where('tenant_id', p.tenantId).select('id', 'file_path'));
      const named = new Set(exports.flatMap((e) => (e.file_path ? [path.resolve(dir, e.file_path)] : [])));
      try {
        for (const entry of await readdir(dir)) if (exports.some((e) => entry.startsWith(e.id))) named.add(path.join(dir, entry));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
      let files = 0;
      for (const file of named) {
        try {
          await rm(file);
          files++;
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }
      const rows = await withTenant(p.tenantId, () => DataExport.query().where('tenant_id', p.tenantId).delete());
      return { rows, files };
    },

    /**
     * The tenant row becomes a tombstone (no personal field left, `erased_at` set) and the
     * audit log gets one entry saying so, with the counts and the reason: the request's
     * (read from its audit entry, so no free text travels through the workflow) or the
     * retention period's.
     */
    async tombstoneTenant(p: ErasureRequest & { counts: ErasureCounts; requestEntryId?: number; retentionPeriod?: string }): Promise<void> {
      await withTenant(p.tenantId, async () => {
        const request = p.requestEntryId ? await AuditEntry.query().findById(p.requestEntryId) : undefined;
        const reason = request?.reason ?? (p.retentionPeriod ? `the retention period (${p.retentionPeriod}) after the tenant left ended` : null);
        await Tenant.query()
          .findById(p.tenantId)
          .patch({ ...tombstone(p.tenantId), status: 'deleted', erased_at: raw('coalesce(erased_at, now())') });
        await recordAudit(
          {
            tenantId: p.tenantId,
            actor: { type: p.by === 'system' ? 'system' : 'operator', id: p.by },
            action: 'tenant.erased',
            target: { type: 'tenant', id: p.tenantId },
            reason,
            idempotencyKey: `erasure-${p.tenantId}:erased`,
            details: { counts: p.counts, ...(p.requestEntryId ? { request_entry_id: p.requestEntryId } : {}), ...(p.retentionPeriod ? { retention_period: p.retentionPeriod } : {}) },
          },
          { ifNew: true },
        );
      });
    },

    /**
     * A page (by id) of the tenants that left (cancelled or deleted) longer than the
     * retention period ago and are not erased yet. When they left is their cancellation,
     * or their deletion when they were deleted without being cancelled.
     */
    async findErasableTenants(p: { period: string; after: string | null; limit: number }): Promise<string[]> {
      return withOperatorAccess({ type: 'system', id: 'retention' }, (trx) =>
        trx('tenants')
          .whereIn('status', ['cancelled', 'deleted'])
          .whereNull('erased_at')
          .whereRaw('coalesce(cancelled_at, deleted_at) <= now() - make_interval(secs => ?)', [durationMs(p.period) / 1000])
          .modify((q) => (p.after ? q.where('id', '>', p.after) : q))
          .orderBy('id')
          .limit(p.limit)
          .pluck('id'),
      );
    },
  };
}

/** The innermost message of an error chain (an update's failure → its cause). */
function innermostMessage(error: Error): string {
  let current: unknown = error;
  while ((current as { cause?: unknown }).cause instanceof Error) current = (current as { cause: Error }).cause;
  return (current as Error).message;
}
