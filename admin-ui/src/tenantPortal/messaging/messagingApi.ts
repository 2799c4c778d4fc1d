import { usePermissions } from 'react-admin';
import type { Permissions } from '../../auth/authProvider';
import { httpClient } from '../../http/httpClient';
import type { ContactRecord, ImportReport, MessageRecord, TemplateRecord } from '../../messaging/messageRecord';
import { useSupportSession } from '../../support/useSupportSession';

const API = '/api/v1';

/**
 * The company's texts and contacts on the tenant API (`/api/v1/contacts`,
 * `/api/v1/messages`, `/api/v1/message-templates`): what the portal's messaging pages
 * write. Lists are read through the data provider (`my-contacts`, `my-messages`).
 */

export type ContactFields = Partial<Pick<ContactRecord, 'name' | 'email' | 'preferred_channel' | 'sms_consent' | 'whatsapp_consent' | 'time_zone'>>;

export async function createContact(fields: ContactFields & { phone: string }): Promise<ContactRecord> {
  return (await httpClient(`${API}/contacts`, { method: 'POST', body: JSON.stringify(fields) })).json as ContactRecord;
}

export async function updateContact(id: string, fields: ContactFields): Promise<ContactRecord> {
  return (await httpClient(`${API}/contacts/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(fields) })).json as ContactRecord;
}

/** Imports a spreadsheet's rows; the report names each row refused, and why. */
export async function importContacts(csv: string): Promise<ImportReport> {
  return (await httpClient(`${API}/contacts/import`, { method: 'POST', body: JSON.stringify({ csv }) })).json as ImportReport;
}

/** Texts a contact now from the company's number; the key makes a second click on the same text send it once. */
export async function sendText(contactId: string, body: string, idempotencyKey: string): Promise<MessageRecord> {
  const { json } = await httpClient(`${API}/messages`, {
    method: 'POST',
    body: JSON.stringify({ to: contactId, body }),
    headers: new Headers({ 'Idempotency-Key': idempotencyKey }),
  });
  return json as MessageRecord;
}

export async function fetchTemplate(kind: string): Promise<TemplateRecord> {
  return (await httpClient(`${API}/message-templates/${encodeURIComponent(kind)}`)).json as TemplateRecord;
}

export async function saveTemplate(kind: string, body: string): Promise<TemplateRecord> {
  return (await httpClient(`${API}/message-templates/${encodeURIComponent(kind)}`, { method: 'PUT', body: JSON.stringify({ body }) })).json as TemplateRecord;
}

interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** A page of a tenant API list, by cursor. */
export async function fetchPage<T>(path: string, params: Record<string, string | undefined>, cursor: string | null): Promise<Page<T>> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, value);
  if (cursor) query.set('cursor', cursor);
  return (await httpClient(`${API}/${path}?${query}`)).json as Page<T>;
}

/**
 * Whether the signed-in person may write to contacts, text them and change the templates:
 * owners and admins (the tenant API gives members its read scopes only), and a support
 * session once write is granted.
 */
export function useMessagingWriter(): boolean {
  const { permissions } = usePermissions<Permissions>();
  const { readOnly } = useSupportSession();
  if (!permissions || readOnly) return false;
  return permissions.kind === 'tenant_user' ? permissions.role !== 'member' : Boolean(permissions.support_session?.can_write);
}
