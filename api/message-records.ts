import type { Knex } from 'knex';
import { z } from 'zod';
import { MESSAGE_DIRECTIONS, MESSAGE_KINDS, MESSAGE_STATUSES } from '../domain/messaging';
import { containsPattern } from './admin/list-query';
import { tenantTimezone } from './appointment-records';
import { messageChannel } from './contact-records';

/**
 * The message log (texts to and from a company's customers) as the tenant API and the
 * admin API show it: the columns, the schemas and the filtered query.
 */

export const messageKind = z.enum(MESSAGE_KINDS, { message: `expected one of ${MESSAGE_KINDS.join(', ')}` });
export const messageDirection = z.enum(MESSAGE_DIRECTIONS, { message: `expected ${MESSAGE_DIRECTIONS.join(' or ')}` });
export const messageStatus = z.enum(MESSAGE_STATUSES, { message: `expected one of ${MESSAGE_STATUSES.join(', ')}` });

export const messageSchema = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  direction: messageDirection,
  channel: messageChannel,
  kind: messageKind,
  contact_id: z.uuid().nullable(),
  from_number: z.string(),
  to_number: z.string(),
  body: z.string(),
  segments: z.number().int().nullable().describe('SMS segments the text takes (what carriers bill)'),
  status: messageStatus,
  error_code: z.number().int().nullable().describe("Twilio's error code, when sending or delivery failed"),
  error_meaning: z.string().nullable().describe('Why the message was not sent or not delivered, in words'),
  send_after: z.string().nullable().describe('A message held for quiet hours goes from then on'),
  appointment_id: z.uuid().nullable(),
  sent_by: z.string().nullable(),
  sent_at: z.string().nullable(),
  status_changed_at: z.string().nullable(),
  created_at: z.string(),
});
export const adminMessageSchema = messageSchema.extend({ company_name: z.string(), tenant_timezone: tenantTimezone });

export const MESSAGE_COLUMNS = [
  'm.id',
  'm.tenant_id',
  'm.direction',
  'm.channel',
  'm.kind',
  'm.contact_id',
  'm.from_number',
  'm.to_number',
  'm.body',
  'm.segments',
  'm.status',
  'm.error_code',
  'm.error_meaning',
  'm.send_after',
  'm.appointment_id',
  'm.sent_by',
  'm.sent_at',
  'm.status_changed_at',
  'm.created_at',
];
export const ADMIN_MESSAGE_COLUMNS = [...MESSAGE_COLUMNS, 't.company_name', 't.timezone as tenant_timezone'];

export interface MessageFilter {
  id?: string | string[];
  tenant_id?: string | string[];
  contact_id?: string | string[];
  kind?: string | string[];
  direction?: string;
  status?: string | string[];
  channel?: string;
  q?: string;
  /** Written at or after this instant (ISO 8601): a day's messages, for the dashboards' counts. */
  created_after?: string;
}

/** Messages with their company, narrowed by the filter (no columns chosen yet). */
export function filteredMessages(trx: Knex.Transaction, f: MessageFilter): Knex.QueryBuilder {
  return trx('messages as m')
    .join('tenants as t', 't.id', 'm.tenant_id')
    .modify((q) => {
      if (f.id) q.whereIn('m.id', ([] as string[]).concat(f.id));
      if (f.tenant_id) q.whereIn('m.tenant_id', ([] as string[]).concat(f.tenant_id));
      if (f.contact_id) q.whereIn('m.contact_id', ([] as string[]).concat(f.contact_id));
      if (f.kind) q.whereIn('m.kind', ([] as string[]).concat(f.kind));
      if (f.direction) q.where('m.direction', f.direction);
      if (f.status) q.whereIn('m.status', ([] as string[]).concat(f.status));
      if (f.channel) q.where('m.channel', f.channel);
      if (f.created_after) q.where('m.created_at', '>=', f.created_after);
      if (f.q) {
        const like = containsPattern(f.q);
        q.where((w) => w.whereILike('m.body', like).orWhereILike('m.from_number', like).orWhereILike('m.to_number', like));
      }
    });
}

export const findMessage = (trx: Knex.Transaction, id: string) => filteredMessages(trx, { id }).first(MESSAGE_COLUMNS);
