import { CheckboxGroupInput, RadioButtonGroupInput, TextInput, maxLength, minLength, required } from 'react-admin';
import { modeChoices, scopeChoices } from './choices';

/**
 * What a new key is: a name to tell it apart, what it may do, and whether it sees live
 * calls or test calls. The same inputs on the operator's tenant page and in the portal.
 */
export function ApiKeyInputs() {
  return (
    <>
      <TextInput source="name" label="resources.api-keys.fields.name" helperText="kestrel.api_keys.name_help" validate={[required(), maxLength(100)]} autoFocus fullWidth />
      <CheckboxGroupInput
        source="scopes"
        label="resources.api-keys.fields.scopes"
        choices={scopeChoices}
        row={false}
        validate={[required('kestrel.api_keys.scopes_required'), minLength(1, 'kestrel.api_keys.scopes_required')]}
        helperText="kestrel.api_keys.scopes_help"
      />
      <RadioButtonGroupInput source="mode" label="resources.api-keys.fields.mode" choices={modeChoices} helperText="kestrel.api_keys.mode_help" validate={required()} />
    </>
  );
}
