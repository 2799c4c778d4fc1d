import type { Knex } from 'knex';
import { z } from 'zod';
import { CALL_OUTCOMES } from '../domain/call-summary';
import { containsPattern } from './admin/list-query';
import { adminAppointmentSchema, appointmentSchema, findAppointment, tenantTimezone, type RecordReader } from './appointment-records';

/**
 * Call logs as the admin API and the tenant API show them: the columns, the response
 * schemas and the filtered query. Either API runs these in its own scope: the
 * operator's across tenants, a tenant's under row-level security.
 */

export const callOutcome = z.enum(CALL_OUTCOMES, { message: `expected one of ${CALL_OUTCOMES.join(', ')}` });

const detailsSchema = z.object({
  customer_name: z.string().nullable(),
  callback_number: z.string().nullable(),
  service_type: z.string().nullable(),
  sentiment: z.string().nullable(),
});
export const callSchema = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  company_name: z.string(),
  call_sid: z.string(),
  from_number: z.string().nullable(),
  to_number: z.string().nullable(),
  status: z.string(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  duration_seconds: z.number().nullable(),
  summary: z.string().nullable(),
  outcome: z.string().nullable(),
  details: detailsSchema,
  appointment_id: z.uuid().nullable(),
  transferred_to: z.string().nullable(),
  over_limit: z.boolean(),
  is_test: z.boolean(),
});
export const callDetailSchema = callSchema.extend({
  transcript: z.array(z.object({ role: z.enum(['caller', 'agent']), text: z.string(), at: z.string() })),
  appointment: appointmentSchema.nullable(),
});
/** Calls as operators read them: with each company's time zone. */
export const adminCallSchema = callSchema.extend({ tenant_timezone: tenantTimezone });
export const adminCallDetailSchema = callDetailSchema.extend({ tenant_timezone: tenantTimezone, appointment: adminAppointmentSchema.nullable() });

/** The columns of a call in lists, from `call_logs as c` joined to `tenants as t`. */
export const CALL_COLUMNS = [
  'c.id',
  'c.tenant_id',
  't.company_name',
  'c.call_sid',
  'c.from_number',
  'c.to_number',
  'c.status',
  'c.started_at',
  'c.ended_at',
  'c.duration_seconds',
  'c.summary',
  'c.outcome',
  'c.details',
  'c.appointment_id',
  'c.transferred_to',
  'c.over_limit',
  'c.is_test',
];

/** The columns of a call in an operator's lists: with its company's time zone. */
export const ADMIN_CALL_COLUMNS = [...CALL_COLUMNS, 't.timezone as tenant_timezone'];

/** The headline fields of the structured summary (`details`). */
export const CALL_DETAILS = ['customer_name', 'callback_number', 'service_type', 'sentiment'] as const;

export interface CallFilter {
  id?: string | string[];
  tenant_id?: string | string[];
  call_sid?: string;
  q?: string;
  outcome?: string | string[];
  is_test?: boolean;
  over_limit?: boolean;
  started_after?: string;
  started_before?: string;
}

/** Calls with their company, narrowed by the filter (no columns chosen yet). */
export function filteredCalls(trx: Knex.Transaction, f: CallFilter): Knex.QueryBuilder {
  return trx('call_logs as c')
    .join('tenants as t', 't.id', 'c.tenant_id')
    .modify((q) => {
      if (f.id) q.whereIn('c.id', ([] as string[]).concat(f.id));
      if (f.tenant_id) q.whereIn('c.tenant_id', ([] as string[]).concat(f.tenant_id));
      if (f.call_sid) q.where('c.call_sid', f.call_sid);
      if (f.outcome) q.whereIn('c.outcome', ([] as string[]).concat(f.outcome));
      if (f.is_test !== undefined) q.where('c.is_test', f.is_test);
      if (f.over_limit !== undefined) q.where('c.over_limit', f.over_limit);
      if (f.started_after) q.where('c.started_at', '>=', f.started_after);
      if (f.started_before) q.where('c.started_at', '<', f.started_before);
      if (f.q) {
        const like = containsPattern(f.q);
        // Only what was said: the transcript's JSON keys ("role", "agent"…) would match every call.
        q.where((w) =>
          w.whereILike('c.summary', like).orWhereRaw(`exists (select 1 from jsonb_array_elements(c.transcript) turn where turn->>'text' ilike ?)`, [like]),
        );
      }
    });
}

/** The four headline fields of the structured summary, null when the summariser left one out. */
export function withDetails<T extends { details: Record<string, unknown> | null }>(row: T): T {
  const details = row.details ?? {};
  return { ...row, details: Object.fromEntries(CALL_DETAILS.map((k) => [k, details[k] ?? null])) };
}

/** The first call the filter matches, with its transcript and the appointment it booked. */
export async function findCallDetail(trx: Knex.Transaction, f: CallFilter, reader: RecordReader = 'company'): Promise<z.input<typeof callDetailSchema> | undefined> {
  const row = await filteredCalls(trx, f).first([...(reader === 'operator' ? ADMIN_CALL_COLUMNS : CALL_COLUMNS), 'c.transcript']);
  if (!row) return undefined;
  const appointment = row.appointment_id ? await findAppointment(trx, row.appointment_id, {}, reader) : undefined;
  return { ...withDetails(row), appointment: appointment ?? null };
}
