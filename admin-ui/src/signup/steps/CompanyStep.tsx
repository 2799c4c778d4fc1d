import { maxLength, minLength, required, SelectInput, TextInput } from 'react-admin';
import { TIMEZONES } from '../../catalogue';
import { industryChoices } from '../../tenants/choices';

const timezoneChoices = TIMEZONES.map((id) => ({ id, name: `kestrel.timezones.${id}` }));

export function CompanyStep() {
  return (
    <>
      <TextInput source="company_name" label="kestrel.signup.fields.company_name" validate={[required(), minLength(2), maxLength(120)]} fullWidth autoFocus />
      <SelectInput source="industry" label="kestrel.signup.fields.industry" choices={industryChoices} validate={required()} fullWidth />
      <SelectInput source="timezone" label="kestrel.signup.fields.timezone" choices={timezoneChoices} validate={required()} fullWidth />
    </>
  );
}
