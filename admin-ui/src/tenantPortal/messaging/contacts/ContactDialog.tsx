import { TextInput, required, useNotify, useRefresh } from 'react-admin';
import type { FieldValues } from 'react-hook-form';
import { FormDialog } from '../../../dialogs/FormDialog';
import type { ContactRecord } from '../../../messaging/messageRecord';
import { phone } from '../../../signup/validators';
import { createContact, updateContact, type ContactFields } from '../messagingApi';
import { ContactInputs } from './ContactInputs';

const NEW_CONTACT = { phone: '', name: '', email: '', preferred_channel: 'sms', sms_consent: true, whatsapp_consent: false, time_zone: null };

/** What the form holds, as the API takes it: an emptied field is no value. */
function fieldsOf(values: FieldValues): ContactFields {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  return {
    name: text(values.name),
    email: text(values.email),
    preferred_channel: values.preferred_channel,
    sms_consent: Boolean(values.sms_consent),
    whatsapp_consent: Boolean(values.whatsapp_consent),
    time_zone: text(values.time_zone),
  };
}

/**
 * Adds a contact, or changes one: the number is the contact's key and stays as it is once
 * added. Opt-outs are the contact's own (they text STOP and START), so they are shown, not edited.
 */
export function ContactDialog({ contact, onClose, onSaved }: { contact?: ContactRecord; onClose: () => void; onSaved?: (contact: ContactRecord) => void }) {
  const notify = useNotify();
  const refresh = useRefresh();
  const save = async (values: FieldValues) => {
    const saved = contact ? await updateContact(contact.id, fieldsOf(values)) : await createContact({ ...fieldsOf(values), phone: String(values.phone ?? '').trim() });
    notify(contact ? 'kestrel.contacts.saved' : 'kestrel.contacts.added', { type: 'success' });
    refresh();
    onSaved?.(saved);
    onClose();
  };
  return (
    <FormDialog
      name={contact ? 'edit-contact' : 'add-contact'}
      title={contact ? 'kestrel.contacts.edit_title' : 'kestrel.contacts.add_title'}
      intro={contact ? 'kestrel.contacts.edit_intro' : 'kestrel.contacts.add_intro'}
      submitLabel={contact ? 'ra.action.save' : 'kestrel.contacts.add'}
      defaultValues={contact ? { ...contact, name: contact.name ?? '', email: contact.email ?? '' } : NEW_CONTACT}
      maxWidth="sm"
      onClose={onClose}
      onSubmit={save}
    >
      {!contact && <TextInput source="phone" label="resources.my-contacts.fields.phone" type="tel" validate={[required(), phone]} helperText="kestrel.contacts.phone_help" autoFocus fullWidth />}
      <ContactInputs />
    </FormDialog>
  );
}
