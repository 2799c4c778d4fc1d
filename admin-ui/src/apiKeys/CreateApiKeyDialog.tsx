import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { useState } from 'react';
import { useDataProvider, useNotify, useTranslate } from 'react-admin';
import { FormDialog } from '../dialogs/FormDialog';
import { API_KEYS, type CreatedApiKey, type NewApiKey } from './apiKeyRecord';
import { ApiKeyInputs } from './ApiKeyInputs';
import { DEFAULT_SCOPES } from './choices';
import { SecretOnce } from './SecretOnce';

const DEFAULTS = { name: '', scopes: DEFAULT_SCOPES, mode: 'live' };

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

  const create = async (values: Record<string, unknown>) => {
    const data: NewApiKey = { tenant_id: tenantId, name: String(values.name ?? '').trim(), scopes: values.scopes as NewApiKey['scopes'], mode: values.mode as NewApiKey['mode'] };
    const { data: key } = await dataProvider.create<CreatedApiKey & { tenant_id: string }>(API_KEYS, { data });
    setCreated(key);
    notify('kestrel.api_keys.created', { type: 'success', messageArgs: { name: key.name } });
    onCreated();
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
    <FormDialog
      name="create-key"
      title="kestrel.api_keys.create_title"
      intro="kestrel.api_keys.create_intro"
      submitLabel="kestrel.api_keys.create"
      defaultValues={DEFAULTS}
      maxWidth="sm"
      onClose={onClose}
      onSubmit={create}
    >
      <ApiKeyInputs />
    </FormDialog>
  );
}
