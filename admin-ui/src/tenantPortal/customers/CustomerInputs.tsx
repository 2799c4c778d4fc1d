import { Typography } from '@mui/material';
import { AutocompleteInput, ReferenceInput, TextInput, useTranslate } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { ContactRecord } from '../../messaging/messageRecord';
import { formatPhone } from '../../format';
import { phone } from '../../signup/validators';
import { PORTAL_RESOURCES } from '../tenantDataProvider';

/** A contact in a picker: their name and number as people write it. */
export const contactText = (contact: ContactRecord) => (contact.name ? `${contact.name} · ${formatPhone(contact.phone)}` : formatPhone(contact.phone));

/** What is typed in a contact picker as the contacts' search: a number as people write it ("(617) 555-0123") by its digits, which the stored E.164 holds. */
export const contactSearch = (typed: string) => ({ q: /^[\d\s()+.-]+$/.test(typed.trim()) ? typed.replace(/\D/g, '') : typed });

/**
 * Who a job or an invoice is for: one of the company's contacts, found by name or number,
 * or a new customer's number (and name), which becomes a contact. The API takes one or the other.
 */
export function CustomerInputs() {
  const translate = useTranslate();
  const chosen = useWatch({ name: 'contact_id' }) as string | null | undefined;
  return (
    <>
      <ReferenceInput source="contact_id" reference={PORTAL_RESOURCES.contacts} perPage={10}>
        <AutocompleteInput
          label="kestrel.customers.contact"
          optionText={contactText}
          filterToQuery={contactSearch}
          helperText="kestrel.customers.contact_help"
          fullWidth
        />
      </ReferenceInput>
      {!chosen && (
        <>
          <Typography variant="caption" color="text.secondary">
            {translate('kestrel.customers.or_new')}
          </Typography>
          <TextInput source="phone" label="kestrel.customers.phone" type="tel" validate={phone} helperText="kestrel.contacts.phone_help" fullWidth />
          <TextInput source="name" label="kestrel.customers.name" helperText={false} fullWidth />
        </>
      )}
    </>
  );
}

/** The form's customer as the API takes it: the contact chosen, or the number typed (and its name). */
export function customerOf(values: { contact_id?: string | null; phone?: string | null; name?: string | null }): { contact_id?: string; phone?: string; name?: string } {
  if (values.contact_id) return { contact_id: values.contact_id };
  const name = values.name?.trim();
  return { phone: values.phone?.trim() ?? '', ...(name ? { name } : {}) };
}
