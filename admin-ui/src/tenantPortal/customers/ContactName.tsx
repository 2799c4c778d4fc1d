import { useGetManyAggregate, useRecordContext } from 'react-admin';
import { PhoneNumber } from '../../fields/PhoneField';
import type { ContactRecord } from '../../messaging/messageRecord';
import { PORTAL_RESOURCES } from '../tenantDataProvider';

/** A contact by id, as the company knows them: their name, else their number. The contacts of a page are read together. */
export function ContactName({ id }: { id: string | null | undefined }) {
  const { data } = useGetManyAggregate<ContactRecord>(PORTAL_RESOURCES.contacts, { ids: id ? [id] : [] }, { enabled: Boolean(id), staleTime: 60_000 });
  const contact = data?.[0];
  if (!contact) return null;
  return <span data-testid="contact-name">{contact.name ?? <PhoneNumber value={contact.phone} />}</span>;
}

/** The record's contact (`contact_id`), for a list's column. */
export function ContactField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<{ contact_id?: string }>();
  return <ContactName id={record?.contact_id} />;
}
