import { SelectInput, TextInput, email } from 'react-admin';
import { TIMEZONES } from '../../../catalogue';
import { SwitchInput } from '../../../inputs/SwitchInput';
import { channelChoices } from '../../../messaging/choices';

const zoneChoices = TIMEZONES.map((id) => ({ id, name: id }));

/** A contact's own fields: the add and the edit dialogs both show these (the number is the add dialog's alone). */
export function ContactInputs() {
  return (
    <>
      <TextInput source="name" label="resources.my-contacts.fields.name" fullWidth />
      <TextInput source="email" label="resources.my-contacts.fields.email" type="email" validate={email()} fullWidth />
      <SelectInput source="preferred_channel" label="resources.my-contacts.fields.preferred_channel" choices={channelChoices} fullWidth />
      <SwitchInput source="sms_consent" label="resources.my-contacts.fields.sms_consent" />
      <SwitchInput source="whatsapp_consent" label="resources.my-contacts.fields.whatsapp_consent" helperText="kestrel.contacts.whatsapp_consent_help" />
      <SelectInput
        source="time_zone"
        label="resources.my-contacts.fields.time_zone"
        choices={zoneChoices}
        translateChoice={false}
        emptyText="kestrel.contacts.company_zone"
        helperText="kestrel.contacts.time_zone_help"
        fullWidth
      />
    </>
  );
}
