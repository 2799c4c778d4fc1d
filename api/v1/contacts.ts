import express from 'express';
import { z } from 'zod';
import { withTenant } from '../../db/tenant-context';
import { planImport } from '../../domain/contact-import';
import type { Config } from '../../lib/config';
import { CONTACT_COLUMNS, contactFields, contactSchema, contactSource, createContact, filteredContacts, findContact, importContacts, importReportSchema, newContact, updateContact } from '../contact-records';
import { actorOf, requestIdOf } from '../http/audit-actor';
import { Problem } from '../http/problem';
import { TenantApiRouter, liveKeyRequired, page, pageAfterCursor, pageOf, pageQuery, type Keyset } from './router';

const listQuery = z.object({
  ...pageQuery,
  q: z.string().max(200).optional(),
  source: z.union([contactSource, z.array(contactSource).max(6)]).optional(),
  opted_out: z.enum(['true', 'false'], { message: 'expected true or false' }).transform((value) => value === 'true').optional(),
});

const idParams = z.object({ id: z.uuid() });

const importBody = z.union(
  [z.string().max(5_000_000, 'expected at most 5 MB of CSV'), z.object({ csv: z.string().max(5_000_000, 'expected at most 5 MB of CSV') })],
  { message: 'expected the CSV as the body (Content-Type: text/csv) or as JSON {"csv": "…"}' },
);

const NEWEST_FIRST: Keyset = { table: 'contacts', alias: 'ct', column: 'created_at', order: 'desc' };

/**
 * The company's contacts: its customers, by phone number, made from calls and
 * appointments, added one by one or imported from a spreadsheet. Contacts are live data:
 * a test key is refused.
 */
export function tenantApiContactRoutes(deps: { config: Config }): TenantApiRouter {
  const router = new TenantApiRouter();
  router.router.post('/contacts/import', express.text({ type: ['text/csv', 'text/plain'], limit: deps.config.MAX_BODY_SIZE }));
  return router
    .route(
      'contacts:read',
      {
        method: 'get',
        path: '/contacts',
        summary: 'List contacts, newest first (paging: limit, cursor; filters: q (name, phone or e-mail), source, opted_out)',
        query: listQuery,
        responses: { 200: { description: 'A page of contacts, and the cursor of the next page (null on the last)', schema: pageOf(contactSchema) } },
      },
      async ({ query }, key, _req, res) => {
        liveKeyRequired(key, 'contacts', 'read');
        const rows = await withTenant(key.tenantId, (trx) =>
          pageAfterCursor(filteredContacts(trx, { tenant_id: key.tenantId, q: query.q, source: query.source, opted_out: query.opted_out }).select(CONTACT_COLUMNS), NEWEST_FIRST, query),
        );
        res.json(page(rows, query.limit));
      },
    )
    .route(
      'contacts:write',
      {
        method: 'post',
        path: '/contacts',
        summary: 'Add a contact (its phone number is unique within the company)',
        body: newContact,
        responses: {
          201: { description: 'The contact', schema: contactSchema },
          409: { description: 'The company has a contact with this number already (its id is in `contact_id`)' },
        },
      },
      async ({ body }, key, req, res) => {
        liveKeyRequired(key, 'contacts');
        const created = await withTenant(key.tenantId, async (trx) => {
          const row = await createContact(trx, key.tenantId, body, key.via === 'session' ? 'portal' : 'api', { actor: actorOf(key), requestId: requestIdOf(req) });
          if (!row) {
            const existing = await trx('contacts').where({ phone: body.phone }).first('id');
            throw Problem.conflict(`The company has a contact with ${body.phone} already.`, { contact_id: existing?.id ?? null });
          }
          return findContact(trx, row.id);
        });
        res.status(201).location(`/api/v1/contacts/${created.id}`).json(created);
      },
    )
    .route(
      'contacts:write',
      {
        method: 'post',
        path: '/contacts/import',
        summary:
          'Import contacts from CSV (the body as text/csv, or JSON {"csv": "…"}): a header row with a phone column, and any of name, email, preferred_channel, sms_consent, whatsapp_consent, time_zone. Each row is imported whole or refused with its reasons; a number the company has is updated',
        body: importBody,
        responses: {
          200: { description: 'What the import did: contacts made and updated, and the rows refused with the reason of each field', schema: importReportSchema },
          422: { description: 'The file itself cannot be read (no phone column, an unclosed quote, too many rows)' },
        },
      },
      async ({ body }, key, req, res) => {
        liveKeyRequired(key, 'contacts');
        const plan = planImport(typeof body === 'string' ? body : body.csv);
        if (plan.fileError) throw Problem.validation({ csv: plan.fileError });
        const report = await withTenant(key.tenantId, (trx) => importContacts(trx, key.tenantId, plan.rows, plan.refused, { actor: actorOf(key), requestId: requestIdOf(req) }));
        res.json(report);
      },
    )
    .route(
      'contacts:read',
      {
        method: 'get',
        path: '/contacts/:id',
        summary: 'One contact',
        params: idParams,
        responses: { 200: { description: 'The contact', schema: contactSchema }, 404: { description: 'No such contact in this company' } },
      },
      async ({ params }, key, _req, res) => {
        liveKeyRequired(key, 'contacts', 'read');
        const row = await withTenant(key.tenantId, (trx) => findContact(trx, params.id));
        if (!row) throw Problem.notFound(`No contact ${params.id}`);
        res.json(row);
      },
    )
    .route(
      'contacts:write',
      {
        method: 'patch',
        path: '/contacts/:id',
        summary: "Change a contact's name, e-mail, preferred channel, consent or time zone (an opt-out is the contact's own, by STOP and START)",
        params: idParams,
        body: contactFields,
        responses: { 200: { description: 'The contact', schema: contactSchema }, 404: { description: 'No such contact in this company' } },
      },
      async ({ params, body }, key, req, res) => {
        liveKeyRequired(key, 'contacts');
        const row = await withTenant(key.tenantId, (trx) => updateContact(trx, params.id, body, { actor: actorOf(key), requestId: requestIdOf(req) }));
        if (!row) throw Problem.notFound(`No contact ${params.id}`);
        res.json(row);
      },
    );
}
