import { Card, CardContent, LinearProgress } from '@mui/material';
import { Title, usePermissions, useTranslate } from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import { managesCompany, tenantOf } from '../auth/session';
import { useSupportReadOnlyReason } from '../support/useSupportSession';
import type { AccountsPanel } from '../tenants/accounts/TenantAccountsTab';

/** A page of the company's accounts, as its owners manage them: the operator's tab of the same name, on the company's own pages. */
export function PortalAccountsPage({ title, panel: Panel }: { title: string; panel: AccountsPanel }) {
  const translate = useTranslate();
  const { permissions: me, isPending } = usePermissions<Permissions>();
  const tenantId = tenantOf(me ?? null);
  // A read-only support session changes nothing on the company's pages, a super_admin's either (until they grant it write).
  const readOnlyReason = useSupportReadOnlyReason();
  return (
    <Card sx={{ mt: 2, mb: 4 }}>
      <Title title={translate(title)} />
      <CardContent>{isPending || !tenantId ? <LinearProgress /> : <Panel tenantId={tenantId} canManage={!readOnlyReason && managesCompany(me, tenantId)} readOnlyReason={readOnlyReason} />}</CardContent>
    </Card>
  );
}
