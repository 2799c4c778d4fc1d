import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import { useState } from 'react';
import { Form, SelectInput, TextInput, email, required, useDataProvider, useNotify, useRefresh, useTranslate } from 'react-admin';
import { useFormState } from 'react-hook-form';
import { invalidFieldsOf } from '../http/problem';
import { NewPasswordInputs } from '../inputs/NewPasswordInputs';
import { operatorRoleChoices } from './choices';
import type { OperatorRecord } from './operatorRecord';

const NO_RECORD = {};
const DEFAULTS = { email: '', name: '', role: 'support' };

function SubmitButton() {
  const translate = useTranslate();
  const { isSubmitting } = useFormState();
  return (
    <Button type="submit" variant="contained" disabled={isSubmitting} data-testid="confirm-add-operator">
      {translate(isSubmitting ? 'kestrel.actions.running' : 'kestrel.operators.add')}
    </Button>
  );
}

/**
 * A new operator account. `POST /api/admin/operators` takes the first password with it
 * (the API sends operators no invitation): the super_admin passes it on, and the new
 * operator changes it.
 */
export function InviteOperatorDialog({ onClose }: { onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider();
  const refresh = useRefresh();
  const [refusal, setRefusal] = useState<string>();

  const submit = async (values: Record<string, unknown>) => {
    setRefusal(undefined);
    try {
      const { data: created } = await dataProvider.create<OperatorRecord>('operators', {
        data: { email: String(values.email ?? '').trim(), name: String(values.name ?? '').trim(), role: values.role, password: values.password },
      });
      refresh();
      notify('kestrel.operators.added', { type: 'success', messageArgs: { email: created.email } });
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
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="add-operator-title">
      <Form record={NO_RECORD} defaultValues={DEFAULTS} onSubmit={submit}>
        <DialogTitle id="add-operator-title">{translate('kestrel.operators.add_title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={1}>
            <DialogContentText>{translate('kestrel.operators.add_intro')}</DialogContentText>
            {refusal && <Alert severity="warning">{refusal}</Alert>}
            <TextInput source="email" label="resources.operators.fields.email" type="email" validate={[required(), email()]} autoFocus fullWidth />
            <TextInput source="name" label="resources.operators.fields.name" validate={required()} fullWidth />
            <SelectInput source="role" label="resources.operators.fields.role" choices={operatorRoleChoices} validate={required()} helperText="kestrel.operators.role_help" fullWidth />
            <NewPasswordInputs />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <SubmitButton />
        </DialogActions>
      </Form>
    </Dialog>
  );
}
