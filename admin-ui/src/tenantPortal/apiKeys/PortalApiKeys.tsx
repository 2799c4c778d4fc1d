import { Card, CardContent, LinearProgress } from '@mui/material';
import { Title, usePermissions, useTranslate } from 'react-admin';
import { ApiKeysPanel } from '../../apiKeys/ApiKeysPanel';
import type { Permissions } from '../../auth/authProvider';
import { managesCompany, tenantOf } from '../../auth/session';

/** The company's API keys, as its owners manage them: the operator's API keys tab, on the company's own pages. */
export function PortalApiKeys() {
  const translate = useTranslate();
  const { permissions: me, isPending } = usePermissions<Permissions>();
  const tenantId = tenantOf(me ?? null);
  return (
    <Card sx={{ mt: 2, mb: 4 }}>
      <Title title={translate('kestrel.portal.api_keys')} />
      <CardContent>{isPending || !tenantId ? <LinearProgress /> : <ApiKeysPanel tenantId={tenantId} canManage={managesCompany(me, tenantId)} />}</CardContent>
    </Card>
  );
}
