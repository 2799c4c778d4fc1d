import { Box, Typography } from '@mui/material';
import { usePermissions, useRecordContext, useTranslate } from 'react-admin';
import type { Permissions } from '../../auth/authProvider';
import { managesCompany } from '../../auth/session';
import { TenantUsersPanel } from '../../tenantUsers/TenantUsersPanel';
import type { TenantRecord } from '../tenantRecord';

/** The tenant's people, as its owners see them in the portal: operators whose role may change the tenant manage them. */
export function TenantUsersTab() {
  const translate = useTranslate();
  const record = useRecordContext<TenantRecord>();
  const { permissions: me } = usePermissions<Permissions>();
  if (!record) return null;
  if (record.erased_at) return <Typography color="text.secondary" sx={{ py: 2 }}>{translate('kestrel.users.erased')}</Typography>;
  return (
    <Box sx={{ py: 1 }}>
      <TenantUsersPanel tenantId={record.id} canManage={managesCompany(me, record.id) && record.status !== 'deleted'} intro="kestrel.users.intro_operator" />
    </Box>
  );
}
