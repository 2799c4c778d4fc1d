import type { Knex } from 'knex';
import type { ContactSource, MessageChannel } from '../../domain/messaging';
import { TimestampedModel } from './base';

/** One of a company's customers, by phone number (unique per company). */
export class Contact extends TimestampedModel {
  static override tableName = 'contacts';

  declare id: string;
  declare tenant_id: string;
  declare name: string | null;
  /** E.164. */
  declare phone: string;
  declare email: string | null;
  declare preferred_channel: MessageChannel;
  declare sms_consent: boolean;
  declare whatsapp_consent: boolean;
  declare sms_opted_out_at: Date | null;
  declare whatsapp_opted_out_at: Date | null;
  /** The contact's own IANA zone, when known; quiet hours otherwise follow the company's. */
  declare time_zone: string | null;
  declare source: ContactSource;
}

/**
 * The contact with `phone` in the current tenant scope: found, or made from `source`.
 * What the company knows already stays; a name or an e-mail it did not have is filled in.
 */
export async function matchOrCreateContact(
  trx: Knex.Transaction,
  c: { tenantId: string; phone: string; name?: string | null; email?: string | null; source: ContactSource },
): Promise<string> {
  const name = c.name?.trim() || null;
  const email = c.email?.trim() || null;
  const [row] = await trx('contacts')
    .insert({ tenant_id: c.tenantId, phone: c.phone, name, email, source: c.source })
    .onConflict(['tenant_id', 'phone'])
    .merge({
      name: trx.raw('coalesce(contacts.name, excluded.name)'),
      email: trx.raw('coalesce(contacts.email, excluded.email)'),
      updated_at: trx.raw(
        'case when (contacts.name is null and excluded.name is not null) or (contacts.email is null and excluded.email is not null) then now() else contacts.updated_at end',
      ),
    })
    .returning<Array<{ id: string }>>('id');
  return row!.id;
}
