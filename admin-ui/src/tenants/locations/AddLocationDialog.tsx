import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Form, required, TextInput, useDataProvider, useNotify, useRedirect, useTranslate } from 'react-admin';
import type { KestrelDataProvider } from '../../dataProvider';
import { invalidFieldsOf } from '../../http/problem';
import { CheckboxInput } from '../../inputs/CheckboxInput';

const NO_RECORD = {};
const DEFAULTS = { location: '', copy_users: false };

/**
 * A new location of the company: a tenant of its own, with this tenant's settings, named
 * "<company> – <location>", pending until it gets a number. Its people are invited by
 * e-mail when asked (their passwords are theirs and are not copied). Opens the new
 * tenant's page once it exists.
 */
export function AddLocationDialog({ tenant, onClose }: { tenant: { id: string; company_name: string }; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const redirect = useRedirect();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const [refusal, setRefusal] = useState<string>();
  const { mutateAsync, isPending } = useMutation({ mutationFn: (body: { location: string; copy_users: boolean }) => dataProvider.cloneTenant(tenant.id, body) });

  const submit = async (values: Record<string, unknown>) => {
    setRefusal(undefined);
    try {
      const { tenant: created, users } = await mutateAsync({ location: String(values.location ?? '').trim(), copy_users: Boolean(values.copy_users) });
      notify('kestrel.locations.added', { type: 'success', messageArgs: { company: created.company_name, smart_count: users.length } });
      onClose();
      redirect('show', 'tenants', created.id);
      return undefined;
    } catch (error) {
      const fields = invalidFieldsOf(error);
      if (fields) return fields;
      setRefusal((error as Error).message);
      return undefined;
    }
  };

  return (
    <Dialog open onClose={isPending ? undefined : onClose} fullWidth maxWidth="xs" aria-labelledby="add-location-title">
      <Form record={NO_RECORD} defaultValues={DEFAULTS} onSubmit={submit}>
        <DialogTitle id="add-location-title">{translate('kestrel.locations.add_title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={1}>
            <DialogContentText>{translate('kestrel.locations.add_intro', { company: tenant.company_name })}</DialogContentText>
            {refusal && <Alert severity="warning">{refusal}</Alert>}
            <TextInput source="location" label="kestrel.locations.location" helperText={translate('kestrel.locations.location_help', { company: tenant.company_name })} validate={required()} fullWidth autoFocus />
            <CheckboxInput source="copy_users" label="kestrel.locations.copy_users" />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={isPending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={isPending} data-testid="confirm-add-location">
            {translate(isPending ? 'kestrel.actions.running' : 'kestrel.locations.add')}
          </Button>
        </DialogActions>
      </Form>
    </Dialog>
  );
}
