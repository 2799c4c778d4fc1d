import { z } from 'zod';
import { AuditEntry, OperatorUser, type Tenant } from '../db/models';
import { isUuid } from '../lib/uuid';
import { OUT_OF_SERVICE } from '../domain/tenant-status';

/**
 * A tenant as the operator's API answers it, wherever a route returns one (the tenant's
 * page, a settings save): its row, and how it came out of service when it has.
 */

export const statusChangeSchema = z
  .object({
    status: z.string(),
    reason: z.string().nullable(),
    at: z.string(),
    by: z.object({
      type: z.string().describe('operator, or system for a timer (a trial that ended without billing)'),
      name: z.string().nullable(),
      email: z.string().nullable(),
    }),
  })
  .nullable()
  .describe('How a suspended or cancelled tenant came to be so; null otherwise');

/**
 * The transition that took the tenant into its present status (suspended, cancelled), from
 * the audit log, with the operator who made it named rather than numbered.
 */
async function statusChange(tenant: Tenant): Promise<z.infer<typeof statusChangeSchema>> {
  if (!OUT_OF_SERVICE.includes(tenant.status)) return null;
  const entry = await AuditEntry.query()
    .where({ tenant_id: tenant.id, target_type: 'tenant' })
    .whereRaw("details->>'to' = ? and details->>'from' is distinct from ?", [tenant.status, tenant.status])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .first();
  if (!entry) return null;
  const operator =
    entry.actor_type === 'operator' && isUuid(entry.actor_id) ? await OperatorUser.query().findById(entry.actor_id).select('name', 'email') : undefined;
  return {
    status: tenant.status,
    reason: entry.reason ?? tenant.status_reason,
    at: new Date(entry.created_at).toISOString(),
    by: { type: entry.actor_type, name: operator?.name ?? null, email: operator?.email ?? null },
  };
}

/** The tenant's row and its status change; runs in the caller's operator scope. */
export async function operatorTenantRecord(tenant: Tenant): Promise<ReturnType<Tenant['toJSON']> & { status_change: z.infer<typeof statusChangeSchema> }> {
  return { ...tenant.toJSON(), status_change: await statusChange(tenant) };
}
