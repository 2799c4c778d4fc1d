import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { endEnrolmentsOnBooking, enrolOnTrigger } from '../activities/campaigns';
import { scheduleAppointmentMessages } from '../activities/customer-texts';
import type { Config } from '../lib/config';
import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit } from '../db/audit';
import { APPOINTMENT_STATUSES } from '../db/models/appointment';
import { completedVisitEnrolKey } from '../domain/campaigns';
import { addressColumns, type ServiceAddress } from '../domain/service-address';
import { containsPattern, isoDateTime } from './admin/list-query';
import type { AuditActor } from './http/audit-actor';
import { serviceAddress } from './schemas';
import { text } from './storable-fields';

/**
 * Appointments as the admin API and the tenant API show them: the columns, the response
 * schema, the filtered query and the audited change. Either API runs these in its own
 * scope: the operator's across tenants, a tenant's under row-level security.
 */

export const appointmentStatus = z.enum(APPOINTMENT_STATUSES, { message: `expected one of ${APPOINTMENT_STATUSES.join(', ')}` });

const serviceAddressSchema = z
  .object({ street: z.string(), city: z.string(), postal_code: z.string().nullable() })
  .nullable()
  .describe('Where the visit is; null for a visit without an address (at the company\'s own premises)');

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
  service_address: serviceAddressSchema,
  status: z.enum(APPOINTMENT_STATUSES),
  is_test: z.boolean().describe('Sandbox data: booked by a test-mode call, or created with a test API key'),
  created_at: z.string(),
  updated_at: z.string(),
});

/**
 * Operators read the records of many companies: each carries its company's time zone, so
 * that its times can be shown as the company sees them.
 */
export const tenantTimezone = z.string().describe("The company's IANA time zone (e.g. America/New_York), to show the record's times in");
export const adminAppointmentSchema = appointmentSchema.extend({ tenant_timezone: tenantTimezone });

/** Who reads the records: an operator (with each company's time zone) or the company itself. */
export type RecordReader = 'operator' | 'company';

/** What may change on an appointment once it exists. */
export const appointmentChanges = z.object({
  status: appointmentStatus.optional(),
  starts_at: isoDateTime.optional(),
  notes: text(5000).nullable().optional(),
  service_address: serviceAddress.nullable().optional(),
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

/** The address as one object, or null when the appointment has none. */
const SERVICE_ADDRESS = `case when a.service_street is null then null
  else json_build_object('street', a.service_street, 'city', a.service_city, 'postal_code', a.service_postal_code) end as service_address`;

/** The columns the reader sees. */
function columns(trx: Knex.Transaction, reader: RecordReader): Array<string | Knex.Raw> {
  return [...COLUMNS, trx.raw(SERVICE_ADDRESS), ...(reader === 'operator' ? ['t.timezone as tenant_timezone'] : [])];
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
export const appointmentRows = (trx: Knex.Transaction, f: AppointmentFilter, reader: RecordReader = 'company') =>
  filteredAppointments(trx, f).select(columns(trx, reader));

/** One appointment as the APIs show it, with its company. */
export const findAppointment = (trx: Knex.Transaction, id: string, f: AppointmentFilter = {}, reader: RecordReader = 'company') =>
  filteredAppointments(trx, f).where('a.id', id).first(columns(trx, reader));

/** The columns of a request's fields: the address is kept in three. */
export function appointmentColumns(fields: Record<string, unknown>): Record<string, unknown> {
  const { service_address: address, ...rest } = fields;
  return address === undefined ? rest : { ...rest, ...addressColumns(address as ServiceAddress | null) };
}


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
  reader: RecordReader = 'company',
): Promise<(ChangedAppointment & Record<string, unknown>) | undefined> {
  const wanted = appointmentColumns(requested);
  const fields = Object.keys(wanted).filter((key) => wanted[key] !== undefined);
  const before = await trx('appointments')
    .where({ id })
    .modify((q) => {
      if (f.is_test !== undefined) q.where('is_test', f.is_test);
    })
    .forUpdate()
    .first('tenant_id', ...fields);
  if (!before) return undefined;
  const changed = Object.fromEntries(fields.filter((key) => !sameValue(before[key], wanted[key])).map((key) => [key, wanted[key]]));
  if (Object.keys(changed).length > 0) {
    await trx('appointments').where({ id }).update({ ...changed, updated_at: trx.fn.now() });
    await recordAudit({
      tenantId: before.tenant_id,
      actor: audit.actor,
      action: 'appointment.updated',
      target: { type: 'appointment', id },
      requestId: audit.requestId,
      details: {
        before: Object.fromEntries(Object.keys(changed).map((key) => [key, before[key]])),
        after: changed,
      },
    });
  }
  return findAppointment(trx, id, {}, reader);
}

/** Whether a stored value equals a requested one (times compare as instants). */
function sameValue(stored: unknown, requested: unknown): boolean {
  if (stored instanceof Date && typeof requested === 'string') return stored.getTime() === new Date(requested).getTime();
  return stored === requested;
}

/** What an appointment's follow-ups need of it, as either API answers it. */
export interface ChangedAppointment {
  id: string;
  tenant_id: string;
  starts_at: string | Date;
  status: string;
  callback_number: string | null;
  is_test: boolean;
}

/**
 * What follows a change to an appointment, whichever way it came (the tenant API, and so
 * the portal; the operator API, and so the console): its texts follow a new time or status,
 * a visit booked again (no longer cancelled) or moved to another customer's number counts
 * as that customer's booking (see `appointmentBookedFollows`), and a visit marked completed
 * enrols its customer in the company's `appointment_completed` campaigns (a review
 * request), once per visit. Sandbox appointments enrol no one. None undoes the change: a
 * follow-up that cannot be arranged now is logged.
 */
export async function appointmentChangeFollows(
  deps: { config: Config; temporal: Client; logger: Logger },
  appointment: ChangedAppointment,
  requested: { starts_at?: unknown; status?: unknown; callback_number?: unknown },
): Promise<void> {
  if (requested.starts_at !== undefined || requested.status !== undefined) await appointmentTextsFollow(deps, appointment, appointment.tenant_id, appointment.is_test);
  if (requested.status !== undefined || requested.callback_number !== undefined) await appointmentBookedFollows(deps, appointment);
  if (requested.status === 'completed' && appointment.status === 'completed' && appointment.callback_number && !appointment.is_test) {
    const trigger = { tenantId: appointment.tenant_id, trigger: 'appointment_completed' as const, phone: appointment.callback_number, enrolKey: completedVisitEnrolKey(appointment.id) };
    await enrolOnTrigger(deps.temporal, deps.config, trigger).catch((error: unknown) =>
      deps.logger.warn({ err: error, appointmentId: appointment.id }, 'the completed visit could not enrol its customer'),
    );
  }
}

/**
 * What follows a booking through either API (a new appointment through the tenant API, and
 * so the portal; one booked again by a change through either): the contact's enrolments in
 * campaigns whose goal is a booked appointment end at once, goal reached, instead of at
 * their next step. The agent's booking calls `endEnrolmentsOnBooking` itself. The booking
 * stands if they cannot be told now (Temporal out of reach): it is logged, and the next
 * step's own check of the goal ends them then.
 */
export async function appointmentBookedFollows(
  deps: { temporal: Client; logger: Logger },
  appointment: Pick<ChangedAppointment, 'id' | 'tenant_id'>,
): Promise<void> {
  // Which appointments reach a goal (not cancelled, not sandbox, with a number) is endEnrolmentsOnBooking's to say.
  await endEnrolmentsOnBooking(deps.temporal, { tenantId: appointment.tenant_id, appointmentId: appointment.id }).catch((error: unknown) =>
    deps.logger.warn({ err: error, appointmentId: appointment.id }, "the booking could not end its customer's enrolments"),
  );
}

/**
 * An appointment's texts follow it (a confirmation, a reminder; nothing once cancelled or
 * done). The change itself stands even if they cannot be arranged now (Temporal out of
 * reach): it is logged, and the company's own word to the customer is then the fallback.
 */
export async function appointmentTextsFollow(
  deps: { config: Config; temporal: Client; logger: Logger },
  appointment: { id: string; starts_at: string | Date; status: string },
  tenantId: string,
  isTest: boolean,
): Promise<void> {
  try {
    await scheduleAppointmentMessages(deps.temporal, deps.config, { tenantId, id: appointment.id, startsAt: appointment.starts_at, status: appointment.status, isTest });
  } catch (error) {
    deps.logger.warn({ err: error, appointmentId: appointment.id }, "the appointment's texts could not be arranged");
  }
}
