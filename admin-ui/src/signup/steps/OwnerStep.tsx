import { email, required, TextInput } from 'react-admin';
import { nameRules, phone } from '../validators';

export function OwnerStep() {
  return (
    <>
      <TextInput source="owner_name" label="kestrel.signup.fields.owner_name" validate={nameRules} fullWidth />
      <TextInput source="owner_email" type="email" label="kestrel.signup.fields.owner_email" validate={[required(), email()]} fullWidth />
      <TextInput source="owner_phone" type="tel" label="kestrel.signup.fields.owner_phone" helperText="kestrel.signup.optional" validate={phone} fullWidth />
    </>
  );
}
