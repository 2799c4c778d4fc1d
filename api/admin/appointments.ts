import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../../lib/config';
import { withOperatorAccess } from '../../db/tenant-context';
import {
  adminAppointmentSchema,
  appointmentChanges,
  appointmentRows,
  appointmentStatus as status,
  filteredAppointments,
  findAppointment,
  appointmentChangeFollows,
  updateAppointment,
} from '../appointment-records';
import { AdminRouter, tenantOfRecord } from '../auth/operator-access';
import { Problem } from '../http/problem';
import { countRows, isoDateTime, listQuery, listRequest, pageWithTotal, sendPage, uuids } from './list-query';
import { operatorActor } from '../auth/authenticate';



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

/** The admin API for appointments (ra-data-simple-rest): list, show, and edit status, time, notes or address. */
export function adminAppointmentRoutes(deps: { config: Config; temporal: Client; logger: Logger }): AdminRouter {
  return new AdminRouter({ tags: ['admin', 'appointments'] })
    .endpoint(
      {
        method: 'get',
        path: '/appointments',
        access: { permission: 'tenants:read' },
        summary: 'List appointments (sort, range, filter: id, tenant_id, status, call_sid, q, starts_after, starts_before)',
        query: listQuery(SORTABLE, filter),
        responses: { 200: { description: 'Appointments; the total is in Content-Range', schema: z.array(adminAppointmentSchema) } },
      },
      async ({ query }, req, res) => {
        const list = listRequest(query, ['starts_at', 'ASC']);
        const { rows, total } = await withOperatorAccess(operatorActor(req), (trx) => {
          const ordered = appointmentRows(trx, list.filter, 'operator').orderBy(`a.${list.field}`, list.direction).orderBy('a.id');
          return pageWithTotal(list, ordered, countRows(filteredAppointments(trx, list.filter)));
        });
        sendPage(res, 'appointments', list, rows, total);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/appointments/:id',
        access: { permission: 'tenants:read' },
        summary: 'One appointment',
        params: idParams,
        responses: { 200: { description: 'The appointment', schema: adminAppointmentSchema } },
      },
      async ({ params }, req, res) => {
        const row = await withOperatorAccess(operatorActor(req), (trx) => findAppointment(trx, params.id, {}, 'operator'));
        if (!row) throw Problem.notFound(`No appointment ${params.id}`);
        res.json(row);
      },
    )
    .endpoint(
      {
        method: 'put',
        path: '/appointments/:id',
        access: { permission: 'tenants:write', tenant: tenantOfRecord('appointments') },
        summary: "Change an appointment's status, time, notes or service address (other fields are ignored)",
        params: idParams,
        body: appointmentChanges,
        responses: { 200: { description: 'The updated appointment', schema: adminAppointmentSchema } },
      },
      async ({ params, body }, req, res) => {
        const row = await withOperatorAccess(operatorActor(req), (trx) => updateAppointment(trx, params.id, body, { actor: operatorActor(req) }, {}, 'operator'));
        if (!row) throw Problem.notFound(`No appointment ${params.id}`);
        await appointmentChangeFollows(deps, row, body);
        res.json(row);
      },
    );
}
