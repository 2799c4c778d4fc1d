import type { Knex } from 'knex';
import { z } from 'zod';
import { withOperatorAccess } from '../../db/tenant-context';
import { CUSTOMER_INVOICE_STATUSES } from '../../domain/customer-invoices';
import { tenantTimezone } from '../appointment-records';
import { operatorActor } from '../auth/authenticate';
import { AdminRouter } from '../auth/operator-access';
import { customerInvoiceRows, customerInvoiceSchema } from '../customer-invoice-records';
import { Problem } from '../http/problem';
import { containsPattern, countRows, listOf, listQuery, listRequest, oneOrMany, pageWithTotal, sendPage, uuids } from './list-query';

const SORTABLE = ['created_at', 'updated_at', 'due_date', 'amount_cents', 'number', 'status'] as const;
const filter = z.object({
  id: uuids.optional(),
  tenant_id: uuids.optional(),
  contact_id: uuids.optional(),
  status: oneOrMany(CUSTOMER_INVOICE_STATUSES).optional(),
  q: z.string().max(200).optional(),
});
type InvoiceFilter = z.output<typeof filter>;

const idParams = z.object({ id: z.uuid() });

/** A company's invoice to its customer as operators see it, with whose it is and for whom. */
export const adminCustomerInvoiceSchema = customerInvoiceSchema.extend({
  company_name: z.string(),
  tenant_timezone: tenantTimezone,
  contact_name: z.string().nullable(),
  contact_phone: z.string().nullable().describe("The customer's number (E.164)"),
});

const COLUMNS = ['ci.*', 't.company_name', 't.timezone as tenant_timezone', 'ct.name as contact_name', 'ct.phone as contact_phone'];

/**
 * Every company's invoices to its customers, as the tenant API reads them (the due date as
 * the company's calendar day), with their company and customer, narrowed by the filter.
 */
function filteredInvoices(trx: Knex.Transaction, f: InvoiceFilter): Knex.QueryBuilder {
  return trx
    .from(customerInvoiceRows(trx).as('ci'))
    .join('tenants as t', 't.id', 'ci.tenant_id')
    .leftJoin('contacts as ct', 'ct.id', 'ci.contact_id')
    .modify((q) => {
      if (f.id) q.whereIn('ci.id', listOf(f.id));
      if (f.tenant_id) q.whereIn('ci.tenant_id', listOf(f.tenant_id));
      if (f.contact_id) q.whereIn('ci.contact_id', listOf(f.contact_id));
      if (f.status) q.whereIn('ci.status', listOf(f.status));
      if (f.q) {
        const like = containsPattern(f.q);
        q.where((w) => w.whereILike('ci.number', like).orWhereILike('ct.name', like).orWhereILike('ct.phone', like));
      }
    });
}

/**
 * The operators' view of the invoices companies send their own customers (not Kestrel's
 * invoices to the companies, which are billing's), read-only: an invoice changes through its company.
 */
export function adminCustomerInvoiceRoutes(): AdminRouter {
  return new AdminRouter({ tags: ['admin', 'customer invoices'] })
    .endpoint(
      {
        method: 'get',
        path: '/customer-invoices',
        access: { permission: 'tenants:read' },
        summary: "List companies' invoices to their customers, newest first (sort, range, filter: id, tenant_id, contact_id, status, q over the number and customer)",
        query: listQuery(SORTABLE, filter),
        responses: { 200: { description: 'Customer invoices; the total is in Content-Range', schema: z.array(adminCustomerInvoiceSchema) } },
      },
      async ({ query }, req, res) => {
        const list = listRequest(query, ['created_at', 'DESC']);
        const { rows, total } = await withOperatorAccess(operatorActor(req), (trx) => {
          const base = filteredInvoices(trx, list.filter);
          const ordered = base.clone().select(COLUMNS).orderBy(`ci.${list.field}`, list.direction, 'last').orderBy('ci.id');
          return pageWithTotal(list, ordered, countRows(base));
        });
        sendPage(res, 'customer-invoices', list, rows, total);
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/customer-invoices/:id',
        access: { permission: 'tenants:read' },
        summary: "One company's invoice to its customer",
        params: idParams,
        responses: { 200: { description: 'The invoice', schema: adminCustomerInvoiceSchema }, 404: { description: 'No such customer invoice' } },
      },
      async ({ params }, req, res) => {
        const row = await withOperatorAccess(operatorActor(req), (trx) => filteredInvoices(trx, { id: params.id }).first(COLUMNS));
        if (!row) throw Problem.notFound(`No customer invoice ${params.id}`);
        res.json(row);
      },
    );
}
