import type { Knex } from 'knex';
import { z } from 'zod';
import { withOperatorAccess } from '../../db/tenant-context';
import { AdminRouter } from '../auth/operator-access';
import { operatorActor } from '../auth/authenticate';
import { ADMIN_CONTACT_COLUMNS, adminContactSchema, contactSource, filteredContacts } from '../contact-records';
import { messageChannel } from '../contact-records';
import { ADMIN_MESSAGE_COLUMNS, adminMessageSchema, filteredMessages, messageDirection, messageKind, messageStatus } from '../message-records';
import { countRows, isoDateTime, listQuery, listRequest, pageWithTotal, sendPage, uuids } from './list-query';

const messageFilter = z.object({
  id: uuids.optional(),
  tenant_id: uuids.optional(),
  contact_id: uuids.optional(),
  q: z.string().max(200).optional(),
  kind: z.union([messageKind, z.array(messageKind)]).optional(),
  direction: messageDirection.optional(),
  status: z.union([messageStatus, z.array(messageStatus)]).optional(),
  channel: messageChannel.optional(),
  created_after: isoDateTime.optional(),
});
const messageList = listQuery(['created_at', 'status', 'kind', 'direction'] as const, messageFilter);

const contactFilter = z.object({
  id: uuids.optional(),
  tenant_id: uuids.optional(),
  q: z.string().max(200).optional(),
  source: z.union([contactSource, z.array(contactSource)]).optional(),
  opted_out: z.boolean().optional(),
});
const contactList = listQuery(['created_at', 'updated_at', 'name', 'phone', 'source'] as const, contactFilter);

const sorted = (alias: string) => (q: Knex.QueryBuilder, order: { field: string; direction: 'asc' | 'desc' }) =>
  q.orderBy(`${alias}.${order.field}`, order.direction, 'last').orderBy(`${alias}.id`);

/** The operators' view of every company's texts and contacts (ra-data-simple-rest lists), newest first. */
export function adminMessageRoutes(): AdminRouter {
  return new AdminRouter({ tags: ['admin', 'messages'] })
    .endpoint(
      {
        method: 'get',
        path: '/messages',
        access: { permission: 'tenants:read' },
        summary: 'List messages to and from companies\' contacts (sort, range, filter: id, tenant_id, contact_id, q, kind, direction, status, channel, created_after)',
        query: messageList,
        responses: { 200: { description: 'Messages; the total is in Content-Range', schema: z.array(adminMessageSchema) } },
      },
      async ({ query }, req, res) => {
        const list = listRequest(query, ['created_at', 'DESC']);
        const { rows, total } = await withOperatorAccess(operatorActor(req), (trx) => {
          const base = filteredMessages(trx, list.filter);
          return pageWithTotal(list, sorted('m')(base.clone().select(ADMIN_MESSAGE_COLUMNS), list), countRows(base));
        });
        sendPage(res, 'messages', list, rows, total);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/contacts',
        access: { permission: 'tenants:read' },
        summary: "List companies' contacts (sort, range, filter: id, tenant_id, q, source, opted_out)",
        query: contactList,
        responses: { 200: { description: 'Contacts; the total is in Content-Range', schema: z.array(adminContactSchema) } },
      },
      async ({ query }, req, res) => {
        const list = listRequest(query, ['created_at', 'DESC']);
        const { rows, total } = await withOperatorAccess(operatorActor(req), (trx) => {
          const base = filteredContacts(trx, list.filter);
          return pageWithTotal(list, sorted('ct')(base.clone().select(ADMIN_CONTACT_COLUMNS), list), countRows(base));
        });
        sendPage(res, 'contacts', list, rows, total);
      },
    );
}
