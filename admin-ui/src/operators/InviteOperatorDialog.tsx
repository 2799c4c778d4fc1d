import { SelectInput, TextInput, email, required, useDataProvider, useNotify, useRefresh } from 'react-admin';
import { FormDialog } from '../dialogs/FormDialog';
import { operatorRoleChoices } from './choices';
import type { OperatorRecord } from './operatorRecord';

const DEFAULTS = { email: '', name: '', role: 'support' };

/**
 * A new operator, invited: `POST /api/admin/operators` without a password e-mails them a
 * single-use link (7 days) to choose their password, which signs them in to the console.
 * Nobody but them ever knows the password.
 */
export function InviteOperatorDialog({ onClose }: { onClose: () => void }) {
  const notify = useNotify();
  const dataProvider = useDataProvider();
  const refresh = useRefresh();

  const invite = async (values: Record<string, unknown>) => {
    const { data: created } = await dataProvider.create<OperatorRecord>('operators', {
      data: { email: String(values.email ?? '').trim(), name: String(values.name ?? '').trim(), role: values.role },
    });
    refresh();
    notify('kestrel.operators.invited_done', { type: 'success', messageArgs: { email: created.email } });
    onClose();
  };

  return (
    <FormDialog
      name="invite-operator"
      title="kestrel.operators.invite_title"
      intro="kestrel.operators.invite_intro"
      submitLabel="kestrel.operators.invite_send"
      defaultValues={DEFAULTS}
      onClose={onClose}
      onSubmit={invite}
    >
      <TextInput source="email" label="resources.operators.fields.email" type="email" validate={[required(), email()]} autoFocus fullWidth />
      <TextInput source="name" label="resources.operators.fields.name" validate={required()} fullWidth />
      <SelectInput source="role" label="resources.operators.fields.role" choices={operatorRoleChoices} validate={required()} helperText="kestrel.operators.role_help" fullWidth />
    </FormDialog>
  );
}
