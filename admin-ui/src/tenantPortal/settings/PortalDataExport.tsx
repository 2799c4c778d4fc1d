import { Card, CardContent, CardHeader } from '@mui/material';
import { useDataProvider, usePermissions, useTranslate } from 'react-admin';
import type { Permissions } from '../../auth/authProvider';
import { DataExportPanel } from '../../exports/DataExportPanel';
import type { ExportRecord } from '../../exports/exportRecord';
import { useSupportReadOnlyReason } from '../../support/useSupportSession';
import { PORTAL_RESOURCES } from '../tenantDataProvider';

const NO_FILTER = {};

/** The tenant API lets a company's owners and admins export its data, and a support session granted write; members see why not. */
function refusalFor(me: Permissions | undefined): string | undefined {
  return me?.kind === 'tenant_user' && me.role === 'member' ? 'kestrel.exports.portal_member' : undefined;
}

/** "Request a data export" on the company's settings page: everything Kestrel holds about it, as a zip. */
export function PortalDataExport() {
  const translate = useTranslate();
  const dataProvider = useDataProvider();
  const { permissions } = usePermissions<Permissions>();
  const readOnlySession = useSupportReadOnlyReason();
  const memberRefusal = refusalFor(permissions);
  const refusal = readOnlySession ?? (memberRefusal && translate(memberRefusal));
  const start = async () => (await dataProvider.create<ExportRecord>(PORTAL_RESOURCES.exports, { data: {} })).data;
  return (
    <Card data-testid="portal-data-export">
      <CardHeader title={translate('kestrel.exports.portal_title')} slotProps={{ title: { variant: 'h6' } }} />
      <CardContent sx={{ pt: 0 }}>
        <DataExportPanel resource={PORTAL_RESOURCES.exports} filter={NO_FILTER} start={start} startLabel="kestrel.exports.request" refusal={refusal} />
      </CardContent>
    </Card>
  );
}
