import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import { useState } from 'react';
import { Form, useDataProvider, useNotify, useTranslate } from 'react-admin';
import { useFormState } from 'react-hook-form';
import { invalidFieldsOf } from '../http/problem';
import { API_KEYS, type CreatedApiKey, type NewApiKey } from './apiKeyRecord';
import { ApiKeyInputs } from './ApiKeyInputs';
import { DEFAULT_SCOPES } from './choices';
import { SecretOnce } from './SecretOnce';

const NO_RECORD = {};
const DEFAULTS = { name: '', scopes: DEFAULT_SCOPES, mode: 'live' };

function CreateButton() {
  const translate = useTranslate();
  const { isSubmitting } = useFormState();
  return (
    <Button type="submit" variant="contained" disabled={isSubmitting} data-testid="confirm-create-key">
      {translate(isSubmitting ? 'kestrel.actions.running' : 'kestrel.api_keys.create')}
    </Button>
  );
}

/**
 * A new API key: its name, scopes and mode, then the key itself, shown this once with a
 * copy button (only its hash is kept). Closing the dialog forgets it.
 */
export function CreateApiKeyDialog({ tenantId, onClose, onCreated }: { tenantId: string; onClose: () => void; onCreated: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  // Not react-admin's useCreate, which would keep the answer (the key) in its cache.
  const dataProvider = useDataProvider();
  const [created, setCreated] = useState<CreatedApiKey>();
  const [refusal, setRefusal] = useState<string>();

  const submit = async (values: Record<string, unknown>) => {
    setRefusal(undefined);
    const data: NewApiKey = { tenant_id: tenantId, name: String(values.name ?? '').trim(), scopes: values.scopes as NewApiKey['scopes'], mode: values.mode as NewApiKey['mode'] };
    try {
      const { data: key } = await dataProvider.create<CreatedApiKey & { tenant_id: string }>(API_KEYS, { data });
      setCreated(key);
      notify('kestrel.api_keys.created', { type: 'success', messageArgs: { name: key.name } });
      onCreated();
      return undefined;
    } catch (error) {
      const fields = invalidFieldsOf(error);
      if (fields) return fields;
      setRefusal((error as Error).message);
      return undefined;
    }
  };

  if (created) {
    return (
      <Dialog open fullWidth maxWidth="sm" aria-labelledby="new-key-title" data-testid="new-key-dialog">
        <DialogTitle id="new-key-title">{translate('kestrel.api_keys.created_title', { name: created.name })}</DialogTitle>
        <DialogContent>
          <SecretOnce secret={created.key} label="kestrel.api_keys.the_key" />
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={onClose} data-testid="close-new-key">
            {translate('kestrel.api_keys.done')}
          </Button>
        </DialogActions>
      </Dialog>
    );
  }
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="create-key-title">
      <Form record={NO_RECORD} defaultValues={DEFAULTS} onSubmit={submit}>
        <DialogTitle id="create-key-title">{translate('kestrel.api_keys.create_title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={1}>
            <DialogContentText>{translate('kestrel.api_keys.create_intro')}</DialogContentText>
            {refusal && (
              <Alert severity="warning" data-testid="create-key-refused">
                {refusal}
              </Alert>
            )}
            <ApiKeyInputs />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
          <CreateButton />
        </DialogActions>
      </Form>
    </Dialog>
  );
}
