import { useRecordContext } from 'react-admin';
import { ValueChip, type ChipColour } from '../fields/ValueChip';
import type { EmailRecord } from './emailRecord';

/** A failed email was retried for about a day and given up: someone was not told something. */
const STATUS_COLOURS: Record<string, ChipColour> = { sent: 'success', pending: 'default', retrying: 'warning', failed: 'error' };

export function EmailStatusField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<EmailRecord>();
  return record ? <ValueChip value={record.status} prefix="kestrel.email_status" colours={STATUS_COLOURS} testId="email-status" /> : null;
}

export function TemplateField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<EmailRecord>();
  return record ? <ValueChip value={record.template} prefix="kestrel.email_templates" colours={{}} outlined={[record.template]} /> : null;
}
