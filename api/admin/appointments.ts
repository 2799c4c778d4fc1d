import type { Knex } from 'knex';
import { z } from 'zod';
import { AuditEntry } from '../../db/models';
import { APPOINTMENT_STATUSES } from '../../db/models/appointment';
import { withOperatorAccess } from '../../db/tenant-context';
import { ApiRouter } from '../endpoint';
import { Problem } from '../problem';
import { containsPattern, contentRange, isoDateTime, listQuery } from './list-query';

const operator = { type: 'operator' as const, id: 'operator-token' };

const status = z.enum(APPOINTMENT_STATUSES, { message: `expected one of ${APPOINTMENT_STATUSES.join(', ')}` });
const uuids = z.union([z.uuid(), z.array(z.uuid()).max(1000)]);

const SORTABLE = ['starts_at', 'created_at', 'status'] as const;
const filter = z.object({
  id: uuids.optional(),
  tenant_id: uuids.optional(),
  status: z.union([status, z.array(status)]).optional(),
  call_sid: z.string().max(64).optional(),
  q: z.string().max(200).optional(),
  starts_after: isoDateTime.optional(),
  starts_before: isoDateTime.optional(),
});

const idParams = z.object({ id: z.uuid() });

/** What an operator may change; react-admin sends the whole record, and the rest is ignored. */
const changes = z.object({
  status: status.optional(),
  starts_at: isoDateTime.optional(),
  notes: z.string().max(5000).nullable().optional(),
});

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
  created_at: z.string(),
  updated_at: z.string(),
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
  'a.created_at',
  'a.updated_at',
];

const appointments = (trx: Knex.Transaction) => trx('appointments as a').join('tenants as t', 't.id', 'a.tenant_id');

/** One appointment as the admin API shows it, with its company. */
export const findAppointment = (trx: Knex.Transaction, id: string) => appointments(trx).where('a.id', id).first(COLUMNS);

/** The admin API for appointments (ra-data-simple-rest): list, show, and edit status, time or notes. */
export function adminAppointmentRoutes(): ApiRouter {
  return new ApiRouter('/api/admin')
    .endpoint(
      {
        method: 'get',
        path: '/appointments',
        summary: 'List appointments (sort, range, filter: id, tenant_id, status, call_sid, q, starts_after, starts_before)',
        tags: ['admin', 'appointments'],
        query: listQuery(SORTABLE, filter),
        responses: { 200: { description: 'Appointments; the total is in Content-Range', schema: z.array(appointmentSchema) } },
      },
      async ({ query }, _req, res) => {
        const [first, last] = query.range ?? [0, 24];
        const [field, order] = query.sort ?? ['starts_at', 'ASC'];
        const f = query.filter ?? {};
        const { rows, total } = await withOperatorAccess(operator, async (trx) => {
          const base = appointments(trx).modify((q) => {
            if (f.id) q.whereIn('a.id', ([] as string[]).concat(f.id));
            if (f.tenant_id) q.whereIn('a.tenant_id', ([] as string[]).concat(f.tenant_id));
            if (f.status) q.whereIn('a.status', ([] as string[]).concat(f.status));
            if (f.call_sid) q.where('a.call_sid', f.call_sid);
            if (f.starts_after) q.where('a.starts_at', '>=', f.starts_after);
            if (f.starts_before) q.where('a.starts_at', '<', f.starts_before);
            if (f.q) {
              const like = containsPattern(f.q);
              q.where((w) => w.whereILike('a.customer_name', like).orWhereILike('a.callback_number', like));
            }
          });
          const [rows, counted] = await Promise.all([
            base
              .clone()
              .select(COLUMNS)
              .orderBy(`a.${field}`, order.toLowerCase() as 'asc' | 'desc')
              .orderBy('a.id')
              .offset(first)
              .limit(last - first + 1),
            base.clone().count<Array<{ n: string }>>({ n: '*' }),
          ]);
          return { rows, total: Number(counted[0]?.n ?? 0) };
        });
        res.setHeader('Content-Range', contentRange('appointments', first, rows.length, total));
        res.json(rows);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/appointments/:id',
        summary: 'One appointment',
        tags: ['admin', 'appointments'],
        params: idParams,
        responses: { 200: { description: 'The appointment', schema: appointmentSchema } },
      },
      async ({ params }, _req, res) => {
        const row = await withOperatorAccess(operator, (trx) => findAppointment(trx, params.id));
        if (!row) throw Problem.notFound(`No appointment ${params.id}`);
        res.json(row);
      },
    )
    .endpoint(
      {
        method: 'put',
        path: '/appointments/:id',
        summary: "Change an appointment's status, time or notes (other fields are ignored)",
        tags: ['admin', 'appointments'],
        params: idParams,
        body: changes,
        responses: { 200: { description: 'The updated appointment', schema: appointmentSchema } },
      },
      async ({ params, body }, _req, res) => {
        const row = await withOperatorAccess(operator, async (trx) => {
          const before = await trx('appointments').where({ id: params.id }).forUpdate().first('tenant_id', 'status', 'starts_at', 'notes');
          if (!before) return undefined;
          const changed = Object.fromEntries(
            Object.entries(body).filter(([key, value]) => value !== undefined && !sameValue(before[key], value)),
          );
          if (Object.keys(changed).length > 0) {
            await trx('appointments').where({ id: params.id }).update({ ...changed, updated_at: trx.fn.now() });
            await AuditEntry.query().insert({
              tenant_id: before.tenant_id,
              actor_type: operator.type,
              actor_id: operator.id,
              action: 'appointment.updated',
              target_type: 'appointment',
              target_id: params.id,
              details: {
                before: Object.fromEntries(Object.keys(changed).map((key) => [key, before[key]])),
                after: changed,
              },
            });
          }
          return findAppointment(trx, params.id);
        });
        if (!row) throw Problem.notFound(`No appointment ${params.id}`);
        res.json(row);
      },
    );
}

/** Whether a stored value equals a requested one (times compare as instants). */
function sameValue(stored: unknown, requested: unknown): boolean {
  if (stored instanceof Date && typeof requested === 'string') return stored.getTime() === new Date(requested).getTime();
  return stored === requested;
}
