import { required, SelectInput, TextInput } from 'react-admin';
import { industryChoices, timezoneChoices } from '../../tenants/choices';
import { nameRules } from '../validators';

export function CompanyStep() {
  return (
    <>
      <TextInput source="company_name" label="kestrel.signup.fields.company_name" validate={nameRules} fullWidth autoFocus />
      <SelectInput source="industry" label="kestrel.signup.fields.industry" choices={industryChoices} validate={required()} fullWidth />
      <SelectInput source="timezone" label="kestrel.signup.fields.timezone" choices={timezoneChoices} validate={required()} fullWidth />
    </>
  );
}
