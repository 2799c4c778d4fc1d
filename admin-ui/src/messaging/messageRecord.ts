import type { ContactSource, MessageChannel, MessageDirection, MessageKind, MessageStatus } from '../../../domain/messaging';

/** A row of the message log (`GET /api/v1/messages`; the admin API's rows add `company_name`). */
export interface MessageRecord {
  id: string;
  tenant_id: string;
  direction: MessageDirection;
  channel: MessageChannel;
  kind: MessageKind;
  contact_id: string | null;
  from_number: string;
  to_number: string;
  body: string;
  segments: number | null;
  status: MessageStatus;
  error_code: number | null;
  /** Why it was not sent or not delivered, in words. */
  error_meaning: string | null;
  /** Held for quiet hours: it goes from then on. */
  send_after: string | null;
  appointment_id: string | null;
  sent_by: string | null;
  sent_at: string | null;
  status_changed_at: string | null;
  created_at: string;
  company_name?: string;
  tenant_timezone?: string | null;
}

/** A company's customer (`GET /api/v1/contacts`; the admin API's rows add `company_name`). */
export interface ContactRecord {
  id: string;
  tenant_id: string;
  name: string | null;
  phone: string;
  email: string | null;
  preferred_channel: MessageChannel;
  sms_consent: boolean;
  whatsapp_consent: boolean;
  sms_opted_out_at: string | null;
  whatsapp_opted_out_at: string | null;
  time_zone: string | null;
  source: ContactSource;
  created_at: string;
  updated_at: string;
  company_name?: string;
  tenant_timezone?: string | null;
}

/** One kind of message's template as the tenant API describes it (`GET /api/v1/message-templates/:kind`). */
export interface TemplateRecord {
  kind: MessageKind;
  body: string;
  is_default: boolean;
  variables: string[];
  preview: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  updated_at: string | null;
}

/** What a CSV import did (`POST /api/v1/contacts/import`). */
export interface ImportReport {
  created: number;
  updated: number;
  refused: Array<{ line: number; errors: Record<string, string> }>;
}

/** The other side of a message: who the company texted, or who texted it. */
export const counterpartOf = (message: Pick<MessageRecord, 'direction' | 'from_number' | 'to_number'>): string =>
  message.direction === 'inbound' ? message.from_number : message.to_number;
