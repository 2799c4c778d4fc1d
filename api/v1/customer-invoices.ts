import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { withTenant } from '../../db/tenant-context';
import type { Config } from '../../lib/config';
import {
  announceCustomerInvoiceChange,
  companyZone,
  createCustomerInvoice,
  customerInvoiceChanges,
  customerInvoiceRows,
  customerInvoiceSchema,
  customerInvoiceStatus,
  findCustomerInvoice,
  newCustomerInvoice,
  startCustomerInvoiceReminders,
  updateCustomerInvoice,
} from '../customer-invoice-records';
import { actorOf, requestIdOf } from '../http/audit-actor';
import { Problem } from '../http/problem';
import { TenantApiRouter, liveKeyRequired, page, pageAfterCursor, pageOf, pageQuery, type Keyset } from './router';

const listQuery = z.object({
  ...pageQuery,
  status: z.union([customerInvoiceStatus, z.array(customerInvoiceStatus).max(4)]).optional(),
  contact_id: z.uuid().optional(),
  number: z.string().max(64).optional(),
});

const idParams = z.object({ id: z.uuid() });

const NEWEST_FIRST: Keyset = { table: 'customer_invoices', column: 'created_at', order: 'desc' };

/**
 * The company's invoices to its own customers (Kestrel's invoices to the company are under
 * `/billing`): each pending invoice gets payment reminders by text before and after its due
 * date (CUSTOMER_INVOICE_REMINDERS), is marked overdue once the date has passed, and hears
 * nothing more once it is marked paid or void. They text real customers: a test key is refused.
 */
export function tenantApiCustomerInvoiceRoutes(deps: { config: Config; temporal: Client }): TenantApiRouter {
  return new TenantApiRouter()
    .route(
      'customer-invoices:read',
      {
        method: 'get',
        path: '/customer-invoices',
        summary: "List the company's invoices to its customers, newest first (paging: limit, cursor; filters: status, contact_id, number)",
        query: listQuery,
        responses: { 200: { description: 'A page of customer invoices, and the cursor of the next page (null on the last)', schema: pageOf(customerInvoiceSchema) } },
      },
      async ({ query }, key, _req, res) => {
        liveKeyRequired(key, 'customer invoices', 'read');
        const rows = await withTenant(key.tenantId, (trx) =>
          pageAfterCursor(
            customerInvoiceRows(trx).modify((q) => {
              if (query.status) q.whereIn('status', ([] as string[]).concat(query.status));
              if (query.contact_id) q.where('contact_id', query.contact_id);
              if (query.number) q.where('number', query.number);
            }),
            NEWEST_FIRST,
            query,
          ),
        );
        res.json(page(rows, query.limit));
      },
    )
    .route(
      'customer-invoices:write',
      {
        method: 'post',
        path: '/customer-invoices',
        summary:
          'Add an invoice to a customer (contact_id, or their phone and name): its number (unique in the company), amount in cents, currency, due date (YYYY-MM-DD, or a date-time) and pay link. Its payment reminders are scheduled at once',
        body: newCustomerInvoice,
        responses: {
          201: { description: 'The invoice, pending', schema: customerInvoiceSchema },
          409: { description: 'The company has an invoice with this number already' },
          503: { description: 'Temporal is unreachable: the invoice was saved, its reminders are not scheduled yet (send its due date again)' },
        },
      },
      async ({ body }, key, req, res) => {
        liveKeyRequired(key, 'customer invoices');
        const { invoice, timeZone } = await withTenant(key.tenantId, async (trx) => ({
          invoice: await createCustomerInvoice(trx, key.tenantId, body, key.via === 'session' ? 'portal' : 'api', { actor: actorOf(key), requestId: requestIdOf(req) }),
          timeZone: await companyZone(trx, key.tenantId),
        }));
        await startCustomerInvoiceReminders(deps.temporal, deps.config, invoice, timeZone);
        res.status(201).location(`/api/v1/customer-invoices/${invoice.id}`).json(invoice);
      },
    )
    .route(
      'customer-invoices:read',
      {
        method: 'get',
        path: '/customer-invoices/:id',
        summary: 'One customer invoice',
        params: idParams,
        responses: { 200: { description: 'The invoice', schema: customerInvoiceSchema }, 404: { description: 'No such invoice in this company' } },
      },
      async ({ params }, key, _req, res) => {
        liveKeyRequired(key, 'customer invoices', 'read');
        const row = await withTenant(key.tenantId, (trx) => findCustomerInvoice(trx, params.id));
        if (!row) throw Problem.notFound(`No customer invoice ${params.id}`);
        res.json(row);
      },
    )
    .route(
      'customer-invoices:write',
      {
        method: 'patch',
        path: '/customer-invoices/:id',
        summary:
          'Change a customer invoice: mark it paid or void (its reminders stop at once), or change its number, amount, currency, due date (its reminders follow) or pay link. A paid or void invoice no longer changes; overdue is set by Kestrel',
        params: idParams,
        body: customerInvoiceChanges,
        responses: {
          200: { description: 'The invoice', schema: customerInvoiceSchema },
          404: { description: 'No such invoice in this company' },
          409: { description: 'The company has another invoice with this number' },
          503: { description: 'Temporal is unreachable: the change was saved, its reminders do not know yet (send the same request again)' },
        },
      },
      async ({ params, body }, key, req, res) => {
        liveKeyRequired(key, 'customer invoices');
        const result = await withTenant(key.tenantId, async (trx) => {
          const update = await updateCustomerInvoice(trx, params.id, body, { actor: actorOf(key), requestId: requestIdOf(req) });
          return update && { update, timeZone: await companyZone(trx, key.tenantId) };
        });
        if (!result) throw Problem.notFound(`No customer invoice ${params.id}`);
        await announceCustomerInvoiceChange(deps.temporal, deps.config, result.update, result.timeZone);
        res.json(result.update.invoice);
      },
    );
}
