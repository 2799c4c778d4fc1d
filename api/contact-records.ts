import type { Knex } from 'knex';
import { z } from 'zod';
import { recordAudit, type AuditActor } from '../db/audit';
import type { ImportedContact, RefusedRow } from '../domain/contact-import';
import { CONTACT_SOURCES, MESSAGE_CHANNELS } from '../domain/messaging';
import { containsPattern } from './admin/list-query';
import { tenantTimezone } from './appointment-records';
import { e164, timezone } from './schemas';
import { text } from './storable-fields';

/**
 * A company's contacts as the tenant API and the admin API show them: the columns, the
 * schemas, the filtered query, and the writes (each one audited).
 */

export const contactSource = z.enum(CONTACT_SOURCES, { message: `expected one of ${CONTACT_SOURCES.join(', ')}` });
export const messageChannel = z.enum(MESSAGE_CHANNELS, { message: `expected ${MESSAGE_CHANNELS.join(' or ')}` });

export const contactSchema = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  name: z.string().nullable(),
  phone: z.string().describe('E.164'),
  email: z.string().nullable(),
  preferred_channel: messageChannel,
  sms_consent: z.boolean(),
  whatsapp_consent: z.boolean(),
  sms_opted_out_at: z.string().nullable().describe('When the contact replied STOP to texts; null while they may be texted'),
  whatsapp_opted_out_at: z.string().nullable(),
  time_zone: z.string().nullable().describe("The contact's own time zone for quiet hours; null: the company's"),
  source: contactSource,
  created_at: z.string(),
  updated_at: z.string(),
});
export const adminContactSchema = contactSchema.extend({ company_name: z.string(), tenant_timezone: tenantTimezone });

export const CONTACT_COLUMNS = [
  'ct.id',
  'ct.tenant_id',
  'ct.name',
  'ct.phone',
  'ct.email',
  'ct.preferred_channel',
  'ct.sms_consent',
  'ct.whatsapp_consent',
  'ct.sms_opted_out_at',
  'ct.whatsapp_opted_out_at',
  'ct.time_zone',
  'ct.source',
  'ct.created_at',
  'ct.updated_at',
];
export const ADMIN_CONTACT_COLUMNS = [...CONTACT_COLUMNS, 't.company_name', 't.timezone as tenant_timezone'];

const name = text(200).transform((value) => value.trim() || null);
const email = z.email({ message: 'expected an e-mail address' }).max(320, 'expected at most 320 characters');

/** The fields a company sets on a contact. */
export const contactFields = z.object({
  name: name.nullable().optional(),
  email: email.nullable().optional(),
  preferred_channel: messageChannel.optional(),
  sms_consent: z.boolean({ message: 'expected true or false' }).optional(),
  whatsapp_consent: z.boolean({ message: 'expected true or false' }).optional(),
  time_zone: timezone.nullable().optional(),
});
export const newContact = contactFields.extend({ phone: e164 });

export interface ContactFilter {
  id?: string | string[];
  tenant_id?: string | string[];
  q?: string;
  phone?: string;
  source?: string | string[];
  opted_out?: boolean;
}

/** Contacts with their company, narrowed by the filter (no columns chosen yet). */
export function filteredContacts(trx: Knex.Transaction, f: ContactFilter): Knex.QueryBuilder {
  return trx('contacts as ct')
    .join('tenants as t', 't.id', 'ct.tenant_id')
    .modify((q) => {
      if (f.id) q.whereIn('ct.id', ([] as string[]).concat(f.id));
      if (f.tenant_id) q.whereIn('ct.tenant_id', ([] as string[]).concat(f.tenant_id));
      if (f.phone) q.where('ct.phone', f.phone);
      if (f.source) q.whereIn('ct.source', ([] as string[]).concat(f.source));
      if (f.opted_out !== undefined) {
        if (f.opted_out) q.where((w) => w.whereNotNull('ct.sms_opted_out_at').orWhereNotNull('ct.whatsapp_opted_out_at'));
        else q.whereNull('ct.sms_opted_out_at').whereNull('ct.whatsapp_opted_out_at');
      }
      if (f.q) {
        const like = containsPattern(f.q);
        q.where((w) => w.whereILike('ct.name', like).orWhereILike('ct.phone', like).orWhereILike('ct.email', like));
      }
    });
}

export const findContact = (trx: Knex.Transaction, id: string) => filteredContacts(trx, { id }).first(CONTACT_COLUMNS);

/** A new contact, or undefined when the company has one with that number already. */
export async function createContact(
  trx: Knex.Transaction,
  tenantId: string,
  fields: z.output<typeof newContact>,
  source: 'api' | 'portal',
  audit: { actor: AuditActor; requestId: string | null },
): Promise<{ id: string } | undefined> {
  const [row] = await trx('contacts')
    .insert({ ...fields, tenant_id: tenantId, source })
    .onConflict(['tenant_id', 'phone'])
    .ignore()
    .returning<Array<{ id: string }>>('id');
  if (!row) return undefined;
  await recordAudit({ tenantId, actor: audit.actor, action: 'contact.created', target: { type: 'contact', id: row.id }, requestId: audit.requestId, details: { after: fields } });
  return row;
}

/** Applies the changes that differ from the stored contact, audited before and after. Undefined when there is no such contact. */
export async function updateContact(
  trx: Knex.Transaction,
  id: string,
  requested: z.output<typeof contactFields>,
  audit: { actor: AuditActor; requestId: string | null },
): Promise<Record<string, unknown> | undefined> {
  const fields = (Object.keys(requested) as Array<keyof typeof requested>).filter((key) => requested[key] !== undefined);
  const before = await trx('contacts').where({ id }).forUpdate().first('tenant_id', ...fields);
  if (!before) return undefined;
  const changed = Object.fromEntries(fields.filter((key) => before[key] !== requested[key]).map((key) => [key, requested[key]]));
  if (Object.keys(changed).length > 0) {
    await trx('contacts').where({ id }).update({ ...changed, updated_at: trx.fn.now() });
    await recordAudit({
      tenantId: before.tenant_id,
      actor: audit.actor,
      action: 'contact.updated',
      target: { type: 'contact', id },
      requestId: audit.requestId,
      details: { before: Object.fromEntries(Object.keys(changed).map((key) => [key, before[key]])), after: changed },
    });
  }
  return findContact(trx, id);
}

export const importReportSchema = z.object({
  created: z.number().int().describe('Rows that made a new contact'),
  updated: z.number().int().describe('Rows whose number the company had: the fields given replaced the stored ones'),
  refused: z.array(z.object({ line: z.number().int(), errors: z.record(z.string(), z.string()) })).describe('Rows not imported, by line (the header is line 1), with the reason of each field'),
});

/**
 * Writes an import's rows, each on its own (a savepoint per row, so a row the database
 * refuses is refused alone and leaves nothing behind). A number the company has already
 * is updated with the fields the row gives.
 */
export async function importContacts(
  trx: Knex.Transaction,
  tenantId: string,
  rows: Array<{ line: number; contact: ImportedContact }>,
  refused: RefusedRow[],
  audit: { actor: AuditActor; requestId: string | null },
): Promise<z.infer<typeof importReportSchema>> {
  let created = 0;
  let updated = 0;
  const refusedRows = [...refused];
  for (const { line, contact } of rows) {
    try {
      await trx.transaction(async (row) => {
        const { phone, ...given } = contact;
        const [written] = await row('contacts')
          .insert({ tenant_id: tenantId, phone, ...given, source: 'import' })
          .onConflict(['tenant_id', 'phone'])
          .merge({ ...given, updated_at: row.fn.now() })
          .returning<Array<{ inserted: boolean }>>(row.raw('(xmax = 0) as inserted'));
        if (written?.inserted) created++;
        else updated++;
      });
    } catch (error) {
      refusedRows.push({ line, errors: { row: `not imported: ${(error as Error).message.split('\n')[0]}` } });
    }
  }
  refusedRows.sort((a, b) => a.line - b.line);
  await recordAudit({ tenantId, actor: audit.actor, action: 'contact.imported', target: { type: 'tenant', id: tenantId }, requestId: audit.requestId, details: { created, updated, refused: refusedRows.length } });
  return { created, updated, refused: refusedRows };
}
