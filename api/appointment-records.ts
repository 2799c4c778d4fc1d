import type { Knex } from 'knex';
import { z } from 'zod';
import { AuditEntry } from '../db/models';
import { APPOINTMENT_STATUSES } from '../db/models/appointment';
import { containsPattern, isoDateTime } from './admin/list-query';
import { actorColumns, type AuditActor } from './audit-actor';
import { text } from './storable-fields';

/**
 * Appointments as the admin API and the tenant API show them: the columns, the response
 * schema, the filtered query and the audited change. Either API runs these in its own
 * scope: the operator's across tenants, a tenant's under row-level security.
 */

export const appointmentStatus = z.enum(APPOINTMENT_STATUSES, { message: `expected one of ${APPOINTMENT_STATUSES.join(', ')}` });

export const appointmentSchema = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  company_name: z.string(),
  call_sid: z.string().nullable(),
  customer_name: z.string(),
  callback_number: z.string().nullable(),
  service_type: z.string().nullable(),
  starts_at: z.string(),
  duration_minutes: z.number(),
  notes: z.string().nullable(),
  status: z.enum(APPOINTMENT_STATUSES),
  is_test: z.boolean().describe('Sandbox data: booked by a test-mode call, or created with a test API key'),
  created_at: z.string(),
  updated_at: z.string(),
});

/** What may change on an appointment once it exists. */
export const appointmentChanges = z.object({
  status: appointmentStatus.optional(),
  starts_at: isoDateTime.optional(),
  notes: text(5000).nullable().optional(),
});

/** The columns of an appointment row, from `appointments as a` joined to `tenants as t`. */
const COLUMNS = [
  'a.id',
  'a.tenant_id',
  't.company_name',
  'a.call_sid',
  'a.customer_name',
  'a.callback_number',
  'a.service_type',
  'a.starts_at',
  'a.duration_minutes',
  'a.notes',
  'a.status',
  'a.is_test',
  'a.created_at',
  'a.updated_at',
];

export interface AppointmentFilter {
  id?: string | string[];
  tenant_id?: string | string[];
  status?: string | string[];
  call_sid?: string;
  q?: string;
  starts_after?: string;
  starts_before?: string;
  is_test?: boolean;
}

/** Appointments with their company, narrowed by the filter (no columns chosen yet). */
export function filteredAppointments(trx: Knex.Transaction, f: AppointmentFilter): Knex.QueryBuilder {
  return trx('appointments as a')
    .join('tenants as t', 't.id', 'a.tenant_id')
    .modify((q) => {
      if (f.id) q.whereIn('a.id', ([] as string[]).concat(f.id));
      if (f.tenant_id) q.whereIn('a.tenant_id', ([] as string[]).concat(f.tenant_id));
      if (f.status) q.whereIn('a.status', ([] as string[]).concat(f.status));
      if (f.call_sid) q.where('a.call_sid', f.call_sid);
      if (f.starts_after) q.where('a.starts_at', '>=', f.starts_after);
      if (f.starts_before) q.where('a.starts_at', '<', f.starts_before);
      if (f.is_test !== undefined) q.where('a.is_test', f.is_test);
      if (f.q) {
        const like = containsPattern(f.q);
        q.where((w) => w.whereILike('a.customer_name', like).orWhereILike('a.callback_number', like));
      }
    });
}

/** The filtered appointments with the columns the APIs show. */
export const appointmentRows = (trx: Knex.Transaction, f: AppointmentFilter) => filteredAppointments(trx, f).select(COLUMNS);

/** One appointment as the APIs show it, with its company. */
export const findAppointment = (trx: Knex.Transaction, id: string, f: AppointmentFilter = {}) =>
  filteredAppointments(trx, f).where('a.id', id).first(COLUMNS);


/**
 * Applies the changes that differ from the stored appointment and writes them, before
 * and after, to the audit log. Undefined when no appointment matches `id` and the filter.
 */
export async function updateAppointment(
  trx: Knex.Transaction,
  id: string,
  requested: Record<string, unknown>,
  audit: { actor: AuditActor; requestId?: string | null },
  f: Pick<AppointmentFilter, 'is_test'> = {},
): Promise<Record<string, unknown> | undefined> {
  const fields = Object.keys(requested).filter((key) => requested[key] !== undefined);
  const before = await trx('appointments')
    .where({ id })
    .modify((q) => {
      if (f.is_test !== undefined) q.where('is_test', f.is_test);
    })
    .forUpdate()
    .first('tenant_id', ...fields);
  if (!before) return undefined;
  const changed = Object.fromEntries(fields.filter((key) => !sameValue(before[key], requested[key])).map((key) => [key, requested[key]]));
  if (Object.keys(changed).length > 0) {
    await trx('appointments').where({ id }).update({ ...changed, updated_at: trx.fn.now() });
    await AuditEntry.query().insert({
      tenant_id: before.tenant_id,
      ...actorColumns(audit.actor),
      action: 'appointment.updated',
      target_type: 'appointment',
      target_id: id,
      request_id: audit.requestId ?? null,
      details: {
        before: Object.fromEntries(Object.keys(changed).map((key) => [key, before[key]])),
        after: changed,
      },
    });
  }
  return findAppointment(trx, id);
}

/** Whether a stored value equals a requested one (times compare as instants). */
function sameValue(stored: unknown, requested: unknown): boolean {
  if (stored instanceof Date && typeof requested === 'string') return stored.getTime() === new Date(requested).getTime();
  return stored === requested;
}
