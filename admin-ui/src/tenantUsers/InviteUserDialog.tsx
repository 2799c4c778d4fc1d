import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import { useState } from 'react';
import { Form, TextInput, email, required, useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useFormState } from 'react-hook-form';
import { invalidFieldsOf } from '../http/problem';
import { TenantRoleInput } from './TenantRoleInput';
import { TENANT_USERS, type Invitation, type TenantUserRecord } from './tenantUserRecord';

const NO_RECORD = {};
const DEFAULTS = { email: '', name: '', role: 'member' };

function InviteButton() {
  const translate = useTranslate();
  const { isSubmitting } = useFormState();
  return (
    <Button type="submit" variant="contained" disabled={isSubmitting} data-testid="confirm-invite">
      {translate(isSubmitting ? 'kestrel.actions.running' : 'kestrel.users.send_invitation')}
    </Button>
  );
}

/**
 * Invites someone to the company: an e-mail with a single-use link (valid 7 days) to set
 * their password. The same dialog on the operator's tenant page and in the portal.
 */
export function InviteUserDialog({ tenantId, onClose, onInvited }: { tenantId: string; onClose: () => void; onInvited: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider();
  const [refusal, setRefusal] = useState<string>();

  const submit = async (values: Record<string, unknown>) => {
    setRefusal(undefined);
    const name = String(values.name ?? '').trim();
    const data: Invitation = { tenant_id: tenantId, email: String(values.email ?? '').trim(), role: values.role as Invitation['role'], ...(name ? { name } : {}) };
    try {
      const { data: invited } = await dataProvider.create<TenantUserRecord>(TENANT_USERS, { data });
      notify('kestrel.users.invited', { type: 'success', messageArgs: { email: invited.email } });
      onInvited();
      onClose();
      return undefined;
    } catch (error) {
      const fields = invalidFieldsOf(error);
      if (fields) return fields;
      setRefusal((error as Error).message);
      return undefined;
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="invite-user-title">
      <Form record={NO_RECORD} defaultValues={DEFAULTS} onSubmit={submit}>
        <DialogTitle id="invite-user-title">{translate('kestrel.users.invite_title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={1}>
            <DialogContentText>{translate('kestrel.users.invite_intro')}</DialogContentText>
            {refusal && (
              <Alert severity="warning" data-testid="invite-refused">
                {refusal}
              </Alert>
            )}
            <TextInput source="email" label="resources.tenant-users.fields.email" type="email" validate={[required(), email()]} autoFocus fullWidth />
            <TextInput source="name" label="resources.tenant-users.fields.name" helperText="kestrel.users.name_help" fullWidth />
            <TenantRoleInput fullWidth />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <InviteButton />
        </DialogActions>
      </Form>
    </Dialog>
  );
}
