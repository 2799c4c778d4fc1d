import { Box, Typography } from '@mui/material';
import { usePermissions, useRecordContext, useTranslate } from 'react-admin';
import { ApiKeysPanel } from '../../apiKeys/ApiKeysPanel';
import type { Permissions } from '../../auth/authProvider';
import { managesCompany } from '../../auth/session';
import type { TenantRecord } from '../tenantRecord';

/** The tenant's API keys, as its owners see them in the portal: operators whose role may change the tenant create and revoke them. */
export function TenantApiKeysTab() {
  const translate = useTranslate();
  const record = useRecordContext<TenantRecord>();
  const { permissions: me } = usePermissions<Permissions>();
  if (!record) return null;
  if (record.erased_at) return <Typography color="text.secondary" sx={{ py: 2 }}>{translate('kestrel.api_keys.erased')}</Typography>;
  return (
    <Box sx={{ py: 1 }}>
      <ApiKeysPanel tenantId={record.id} canManage={managesCompany(me, record.id) && record.status !== 'deleted'} intro="kestrel.api_keys.intro_operator" />
    </Box>
  );
}
