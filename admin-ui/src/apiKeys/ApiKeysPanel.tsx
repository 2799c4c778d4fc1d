import AddIcon from '@mui/icons-material/Add';
import { Alert, Box, Button, Chip, Divider, LinearProgress, Stack, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Confirm, useDataProvider, useGetList, useNotify, usePermissions, useTranslate } from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import type { KestrelDataProvider } from '../dataProvider';
import { LoadErrorAlert } from '../feedback/LoadError';
import { formatDateTime } from '../format';
import { API_KEYS, type ApiKeyRecord } from './apiKeyRecord';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';

const expired = (key: ApiKeyRecord) => key.expires_at !== null && Date.parse(key.expires_at) <= Date.now();

function KeyState({ apiKey }: { apiKey: ApiKeyRecord }) {
  const translate = useTranslate();
  if (apiKey.revoked_at) return <Chip size="small" variant="outlined" label={translate('kestrel.api_keys.revoked')} data-testid="key-state" data-value="revoked" />;
  if (expired(apiKey)) return <Chip size="small" variant="outlined" label={translate('kestrel.api_keys.expired')} data-testid="key-state" data-value="expired" />;
  return <Chip size="small" color={apiKey.mode === 'live' ? 'success' : 'warning'} label={translate(`kestrel.api_keys.modes.${apiKey.mode}`)} data-testid="key-state" data-value={apiKey.mode} />;
}

function KeyRow({ apiKey, canManage, onRevoke }: { apiKey: ApiKeyRecord; canManage: boolean; onRevoke: () => void }) {
  const translate = useTranslate();
  const inactive = Boolean(apiKey.revoked_at) || expired(apiKey);
  const dates = [
    translate('kestrel.api_keys.created_at', { at: formatDateTime(apiKey.created_at) }),
    apiKey.last_used_at ? translate('kestrel.api_keys.last_used', { at: formatDateTime(apiKey.last_used_at) }) : translate('kestrel.api_keys.never_used'),
    apiKey.revoked_at
      ? translate('kestrel.api_keys.revoked_at', { at: formatDateTime(apiKey.revoked_at) })
      : apiKey.expires_at
        ? translate('kestrel.api_keys.expires_at', { at: formatDateTime(apiKey.expires_at) })
        : null,
  ];
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={{ xs: 1, sm: 2 }} sx={{ alignItems: { sm: 'center' }, opacity: inactive ? 0.6 : 1 }} data-testid="api-key" data-name={apiKey.name}>
      <Stack spacing={0.5} sx={{ flex: 1, minWidth: 0 }}>
        <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="subtitle2" sx={{ overflowWrap: 'anywhere' }}>
            {apiKey.name}
          </Typography>
          <Box component="code" sx={{ fontSize: 'body2.fontSize', color: 'text.secondary', overflowWrap: 'anywhere' }}>
            {apiKey.display_prefix}…
          </Box>
          <KeyState apiKey={apiKey} />
        </Stack>
        <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
          {apiKey.scopes.map((scope) => (
            <Chip key={scope} size="small" variant="outlined" label={scope} title={translate(`kestrel.api_keys.scopes.${scope}`, { _: scope })} sx={{ fontFamily: 'monospace' }} />
          ))}
        </Stack>
        <Typography variant="body2" color="text.secondary" data-testid="key-dates">
          {dates.filter(Boolean).join(' · ')}
        </Typography>
      </Stack>
      {canManage && !apiKey.revoked_at && (
        <Button color="error" size="small" variant="outlined" onClick={onRevoke} sx={{ alignSelf: { xs: 'flex-start', sm: 'center' }, flexShrink: 0 }} data-testid="revoke-key">
          {translate('kestrel.api_keys.revoke')}
        </Button>
      )}
    </Stack>
  );
}

/**
 * A company's API keys, newest first: which, what each may do, when it was last used; a
 * new one (shown once) and revoking one (refused from then on). The same panel on the
 * operator's tenant page and on the portal's API keys page; `canManage` false reads only
 * (with `readOnlyReason`, its create button disabled and the reason why).
 */
export function ApiKeysPanel({ tenantId, canManage, readOnlyReason, intro = 'kestrel.api_keys.intro' }: { tenantId: string; canManage: boolean; readOnlyReason?: string; intro?: string }) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const { permissions: me } = usePermissions<Permissions>();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyRecord>();
  const { data: keys, error, isPending, refetch } = useGetList<ApiKeyRecord>(API_KEYS, {
    filter: { tenant_id: tenantId },
    sort: { field: 'created_at', order: 'DESC' },
    pagination: { page: 1, perPage: 500 },
  });
  const revoke = useMutation({
    mutationFn: (key: ApiKeyRecord) => dataProvider.revokeApiKey(key.id),
    onSuccess: (_done, key) => {
      notify('kestrel.api_keys.revoked_done', { type: 'success', messageArgs: { name: key.name } });
      void refetch();
    },
    onError: (e: Error) => notify('kestrel.api_keys.failed', { type: 'error', messageArgs: { reason: e.message } }),
    onSettled: () => setRevoking(undefined),
  });

  if (error) return <LoadErrorAlert error={error} retry={() => void refetch()} />;
  return (
    <Stack spacing={2} data-testid="api-keys">
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' } }}>
        <Typography variant="body2" color="text.secondary">
          {translate(intro)}
        </Typography>
        {(canManage || readOnlyReason) && (
          <Button variant="contained" size="small" startIcon={<AddIcon />} onClick={() => setCreating(true)} sx={{ alignSelf: { xs: 'flex-start', sm: 'auto' }, flexShrink: 0 }} disabled={!canManage} data-testid="create-key">
            {translate('kestrel.api_keys.create')}
          </Button>
        )}
      </Stack>
      {!canManage && (
        <Alert severity="info" data-testid="keys-read-only">
          {readOnlyReason ?? translate(me?.kind === 'operator' ? 'kestrel.api_keys.read_only_operator' : 'kestrel.api_keys.read_only')}
        </Alert>
      )}
      {isPending ? (
        <LinearProgress />
      ) : !keys?.length ? (
        <Typography color="text.secondary" data-testid="no-keys">
          {translate('kestrel.api_keys.none')}
        </Typography>
      ) : (
        <Stack divider={<Divider flexItem />} spacing={1.5}>
          {keys.map((key) => (
            <KeyRow key={key.id} apiKey={key} canManage={canManage} onRevoke={() => setRevoking(key)} />
          ))}
        </Stack>
      )}
      {creating && <CreateApiKeyDialog tenantId={tenantId} onClose={() => setCreating(false)} onCreated={() => void refetch()} />}
      <Confirm
        isOpen={Boolean(revoking)}
        loading={revoke.isPending}
        title="kestrel.api_keys.revoke_title"
        content="kestrel.api_keys.revoke_confirm"
        translateOptions={{ name: revoking?.name ?? '', prefix: revoking?.display_prefix ?? '' }}
        confirm="kestrel.api_keys.revoke"
        confirmColor="warning"
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onClose={() => setRevoking(undefined)}
      />
    </Stack>
  );
}
