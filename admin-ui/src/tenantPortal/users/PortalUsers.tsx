import { Card, CardContent, LinearProgress } from '@mui/material';
import { Title, usePermissions, useTranslate } from 'react-admin';
import type { Permissions } from '../../auth/authProvider';
import { managesCompany, tenantOf } from '../../auth/session';
import { TenantUsersPanel } from '../../tenantUsers/TenantUsersPanel';

/** The company's people, as its owners manage them: the operator's Users tab, on the company's own pages. */
export function PortalUsers() {
  const translate = useTranslate();
  const { permissions: me, isPending } = usePermissions<Permissions>();
  const tenantId = tenantOf(me ?? null);
  return (
    <Card sx={{ mt: 2, mb: 4 }}>
      <Title title={translate('kestrel.portal.users')} />
      <CardContent>{isPending || !tenantId ? <LinearProgress /> : <TenantUsersPanel tenantId={tenantId} canManage={managesCompany(me, tenantId)} />}</CardContent>
    </Card>
  );
}
