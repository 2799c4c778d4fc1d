import { SelectInput, TextInput, email, required, useDataProvider, useNotify, useRefresh } from 'react-admin';
import { FormDialog } from '../dialogs/FormDialog';
import { NewPasswordInputs } from '../inputs/NewPasswordInputs';
import { operatorRoleChoices } from './choices';
import type { OperatorRecord } from './operatorRecord';

const DEFAULTS = { email: '', name: '', role: 'support' };

/**
 * A new operator account. `POST /api/admin/operators` takes the first password with it
 * (the API sends operators no invitation): the super_admin passes it on, and the new
 * operator changes it.
 */
export function InviteOperatorDialog({ onClose }: { onClose: () => void }) {
  const notify = useNotify();
  const dataProvider = useDataProvider();
  const refresh = useRefresh();

  const add = async (values: Record<string, unknown>) => {
    const { data: created } = await dataProvider.create<OperatorRecord>('operators', {
      data: { email: String(values.email ?? '').trim(), name: String(values.name ?? '').trim(), role: values.role, password: values.password },
    });
    refresh();
    notify('kestrel.operators.added', { type: 'success', messageArgs: { email: created.email } });
    onClose();
  };

  return (
    <FormDialog
      name="add-operator"
      title="kestrel.operators.add_title"
      intro="kestrel.operators.add_intro"
      submitLabel="kestrel.operators.add"
      defaultValues={DEFAULTS}
      onClose={onClose}
      onSubmit={add}
    >
      <TextInput source="email" label="resources.operators.fields.email" type="email" validate={[required(), email()]} autoFocus fullWidth />
      <TextInput source="name" label="resources.operators.fields.name" validate={required()} fullWidth />
      <SelectInput source="role" label="resources.operators.fields.role" choices={operatorRoleChoices} validate={required()} helperText="kestrel.operators.role_help" fullWidth />
      <NewPasswordInputs />
    </FormDialog>
  );
}
