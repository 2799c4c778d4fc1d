import { Typography } from '@mui/material';
import { useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { KestrelDataProvider } from '../../dataProvider';
import { DataExportPanel } from '../../exports/DataExportPanel';
import type { TenantRecord } from '../tenantRecord';

/** The tenant's data, exported on its behalf (a request by e-mail, a departing customer), and its earlier exports. */
export function TenantExportTab() {
  const translate = useTranslate();
  const record = useRecordContext<TenantRecord>();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  if (!record) return null;
  if (record.erased_at) return <Typography color="text.secondary" sx={{ py: 2 }}>{translate('kestrel.exports.erased')}</Typography>;
  return <DataExportPanel resource="exports" filter={{ tenant_id: record.id }} start={() => dataProvider.exportTenant(record.id)} startLabel="kestrel.exports.start" />;
}
