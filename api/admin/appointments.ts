import { z } from 'zod';
import { withOperatorAccess } from '../../db/tenant-context';
import {
  appointmentChanges,
  appointmentRows,
  appointmentSchema,
  appointmentStatus as status,
  filteredAppointments,
  findAppointment,
  updateAppointment,
} from '../appointment-records';
import { AdminRouter, tenantOfRecord } from '../auth/operator-access';
import { Problem } from '../problem';
import { contentRange, isoDateTime, listQuery } from './list-query';
import { operatorActor } from '../auth/authenticate';


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

/** The admin API for appointments (ra-data-simple-rest): list, show, and edit status, time or notes. */
export function adminAppointmentRoutes(): AdminRouter {
  return new AdminRouter()
    .endpoint(
      {
        method: 'get',
        path: '/appointments',
        access: { permission: 'tenants:read' },
        summary: 'List appointments (sort, range, filter: id, tenant_id, status, call_sid, q, starts_after, starts_before)',
        tags: ['admin', 'appointments'],
        query: listQuery(SORTABLE, filter),
        responses: { 200: { description: 'Appointments; the total is in Content-Range', schema: z.array(appointmentSchema) } },
      },
      async ({ query }, req, res) => {
        const [first, last] = query.range ?? [0, 24];
        const [field, order] = query.sort ?? ['starts_at', 'ASC'];
        const f = query.filter ?? {};
        const { rows, total } = await withOperatorAccess(operatorActor(req), async (trx) => {
          const [rows, counted] = await Promise.all([
            appointmentRows(trx, f)
              .orderBy(`a.${field}`, order.toLowerCase() as 'asc' | 'desc')
              .orderBy('a.id')
              .offset(first)
              .limit(last - first + 1),
            filteredAppointments(trx, f).count<Array<{ n: string }>>({ n: '*' }),
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
        access: { permission: 'tenants:read' },
        summary: 'One appointment',
        tags: ['admin', 'appointments'],
        params: idParams,
        responses: { 200: { description: 'The appointment', schema: appointmentSchema } },
      },
      async ({ params }, req, res) => {
        const row = await withOperatorAccess(operatorActor(req), (trx) => findAppointment(trx, params.id));
        if (!row) throw Problem.notFound(`No appointment ${params.id}`);
        res.json(row);
      },
    )
    .endpoint(
      {
        method: 'put',
        path: '/appointments/:id',
        access: { permission: 'tenants:write', tenant: tenantOfRecord('appointments') },
        summary: "Change an appointment's status, time or notes (other fields are ignored)",
        tags: ['admin', 'appointments'],
        params: idParams,
        body: appointmentChanges,
        responses: { 200: { description: 'The updated appointment', schema: appointmentSchema } },
      },
      async ({ params, body }, req, res) => {
        const row = await withOperatorAccess(operatorActor(req), (trx) => updateAppointment(trx, params.id, body, { actor: operatorActor(req) }));
        if (!row) throw Problem.notFound(`No appointment ${params.id}`);
        res.json(row);
      },
    );
}
