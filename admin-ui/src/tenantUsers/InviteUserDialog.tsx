import { TextInput, email, required, useDataProvider, useNotify } from 'react-admin';
import { FormDialog } from '../dialogs/FormDialog';
import { TenantRoleInput } from './TenantRoleInput';
import { TENANT_USERS, type Invitation, type TenantUserRecord } from './tenantUserRecord';

const DEFAULTS = { email: '', name: '', role: 'member' };

/**
 * Invites someone to the company: an e-mail with a single-use link (valid 7 days) to set
 * their password. The same dialog on the operator's tenant page and in the portal.
 */
export function InviteUserDialog({ tenantId, onClose, onInvited }: { tenantId: string; onClose: () => void; onInvited: () => void }) {
  const notify = useNotify();
  const dataProvider = useDataProvider();

  const invite = async (values: Record<string, unknown>) => {
    const name = String(values.name ?? '').trim();
    const data: Invitation = { tenant_id: tenantId, email: String(values.email ?? '').trim(), role: values.role as Invitation['role'], ...(name ? { name } : {}) };
    const { data: invited } = await dataProvider.create<TenantUserRecord>(TENANT_USERS, { data });
    notify('kestrel.users.invited', { type: 'success', messageArgs: { email: invited.email } });
    onInvited();
    onClose();
  };

  return (
    <FormDialog
      name="invite-user"
      title="kestrel.users.invite_title"
      intro="kestrel.users.invite_intro"
      submitLabel="kestrel.users.send_invitation"
      defaultValues={DEFAULTS}
      onClose={onClose}
      onSubmit={invite}
    >
      <TextInput source="email" label="resources.tenant-users.fields.email" type="email" validate={[required(), email()]} autoFocus fullWidth />
      <TextInput source="name" label="resources.tenant-users.fields.name" helperText="kestrel.users.name_help" fullWidth />
      <TenantRoleInput fullWidth />
    </FormDialog>
  );
}
