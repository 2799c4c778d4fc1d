import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../../lib/config';
import { recordAudit } from '../../db/audit';
import { matchOrCreateContact } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import {
  appointmentBookedFollows,
  appointmentChangeFollows,
  appointmentChanges,
  appointmentColumns,
  appointmentRows,
  appointmentSchema,
  appointmentStatus,
  appointmentTextsFollow,
  findAppointment,
  updateAppointment,
} from '../appointment-records';
import { actorOf, requestIdOf } from '../http/audit-actor';
import { Problem } from '../http/problem';
import { e164, serviceAddress } from '../schemas';
import { isoDateTime } from '../admin/list-query';
import { text } from '../storable-fields';
import { TenantApiRouter, keyRecords, page, pageAfterCursor, pageOf, pageQuery, type Keyset } from './router';

const listQuery = z.object({
  ...pageQuery,
  status: z.union([appointmentStatus, z.array(appointmentStatus).max(4)]).optional(),
  starts_after: isoDateTime.optional(),
  starts_before: isoDateTime.optional(),
});

const name = text(200).transform((value) => value.trim()).pipe(z.string().min(1, 'expected a name'));
const duration = z
  .number({ message: 'expected minutes, from 15 to 480' })
  .int('expected whole minutes')
  .min(15, 'expected minutes, from 15 to 480')
  .max(480, 'expected minutes, from 15 to 480');

const createBody = z.object({
  customer_name: name,
  callback_number: e164.nullable().optional(),
  service_type: text(200).nullable().optional(),
  starts_at: isoDateTime,
  duration_minutes: duration.default(60),
  notes: text(5000).nullable().optional(),
  service_address: serviceAddress.nullable().optional(),
  status: appointmentStatus.default('scheduled'),
});

const changeBody = appointmentChanges.extend({
  customer_name: name.optional(),
  callback_number: e164.nullable().optional(),
  service_type: text(200).nullable().optional(),
  duration_minutes: duration.optional(),
});

const idParams = z.object({ id: z.uuid() });

/** What an appointment's texts need of it, as the API answers it. */
type AppointmentRow = { id: string; starts_at: string | Date; status: string };

const SOONEST_FIRST: Keyset = { table: 'appointments', alias: 'a', column: 'starts_at', order: 'asc' };

/**
 * The tenant's appointments. Like calls, they are live or sandbox data (`is_test`): a
 * test key lists, creates and changes sandbox appointments only (those its tenant's
 * test-mode calls booked, and those created with a test key), a live key live ones only.
 */
export function tenantApiAppointmentRoutes(deps: { config: Config; temporal: Client; logger: Logger }): TenantApiRouter {
  const textsFollow = (row: AppointmentRow, tenantId: string, isTest: boolean) => appointmentTextsFollow(deps, row, tenantId, isTest);

  return new TenantApiRouter()
    .route(
      'appointments:read',
      {
        method: 'get',
        path: '/appointments',
        summary: 'List appointments, soonest first (paging: limit, cursor; filters: status, starts_after, starts_before)',
        query: listQuery,
        responses: { 200: { description: 'A page of appointments, and the cursor of the next page (null on the last)', schema: pageOf(appointmentSchema) } },
      },
      async ({ query }, key, _req, res) => {
        const rows = await withTenant(key.tenantId, (trx) =>
          pageAfterCursor(
            appointmentRows(trx, {
              ...keyRecords(key),
              status: query.status,
              starts_after: query.starts_after,
              starts_before: query.starts_before,
            }),
            SOONEST_FIRST,
            query,
          ),
        );
        res.json(page(rows, query.limit));
      },
    )
    .route(
      'appointments:read',
      {
        method: 'get',
        path: '/appointments/:id',
        summary: 'One appointment',
        params: idParams,
        responses: { 200: { description: 'The appointment', schema: appointmentSchema }, 404: { description: 'No such appointment for this key' } },
      },
      async ({ params }, key, _req, res) => {
        const row = await withTenant(key.tenantId, (trx) => findAppointment(trx, params.id, keyRecords(key)));
        if (!row) throw Problem.notFound(`No appointment ${params.id}`);
        res.json(row);
      },
    )
    .route(
      'appointments:write',
      {
        method: 'post',
        path: '/appointments',
        summary: 'Book an appointment (with a test key, a sandbox one)',
        body: createBody,
        responses: { 201: { description: 'The appointment', schema: appointmentSchema } },
      },
      async ({ body }, key, req, res) => {
        const created = await withTenant(key.tenantId, async (trx) => {
          const [row] = await trx('appointments')
            .insert({ ...appointmentColumns(body), ...keyRecords(key) })
            .returning<Array<{ id: string }>>('id');
          // The customer the visit is for is one of the company's contacts (sandbox bookings make none).
          if (body.callback_number && key.mode === 'live') {
            await matchOrCreateContact(trx, { tenantId: key.tenantId, phone: body.callback_number, name: body.customer_name, source: 'appointment' });
          }
          await recordAudit({
            tenantId: key.tenantId,
            actor: actorOf(key),
            action: 'appointment.created',
            target: { type: 'appointment', id: row!.id },
            requestId: requestIdOf(req),
            details: { after: body },
          });
          return findAppointment(trx, row!.id);
        });
        await textsFollow(created as AppointmentRow, key.tenantId, key.mode === 'test');
        await appointmentBookedFollows(deps, { id: (created as AppointmentRow).id, tenant_id: key.tenantId });
        res.status(201).location(`/api/v1/appointments/${created!.id}`).json(created);
      },
    )
    .route(
      'appointments:write',
      {
        method: 'patch',
        path: '/appointments/:id',
        summary: "Change an appointment's status, time, length, customer, notes or service address",
        params: idParams,
        body: changeBody,
        responses: { 200: { description: 'The appointment', schema: appointmentSchema }, 404: { description: 'No such appointment for this key' } },
      },
      async ({ params, body }, key, req, res) => {
        const row = await withTenant(key.tenantId, (trx) =>
          updateAppointment(trx, params.id, body, { actor: actorOf(key), requestId: requestIdOf(req) }, { is_test: key.mode === 'test' }),
        );
        if (!row) throw Problem.notFound(`No appointment ${params.id}`);
        await appointmentChangeFollows(deps, row, body);
        res.json(row);
      },
    );
}
