import { SelectInput, required, type SelectInputProps } from 'react-admin';
import { tenantRoleChoices } from './choices';

/** A company person's role, with what each one may do under it. */
export function TenantRoleInput(props: Omit<SelectInputProps, 'source' | 'choices'>) {
  return <SelectInput source="role" label="resources.tenant-users.fields.role" choices={tenantRoleChoices} validate={required()} helperText="kestrel.users.role_help" {...props} />;
}
