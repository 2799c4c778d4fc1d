import { Box, Typography, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, DateField, Pagination, ReferenceManyField, SimpleList, useTranslate } from 'react-admin';
import type { CallRecord } from '../../calls/callRecord';
import { OutcomeField } from '../../calls/OutcomeChip';
import { formatDateTime, formatDuration } from '../../format';

function NoCalls() {
  const translate = useTranslate();
  return <Typography color="text.secondary" sx={{ py: 2 }}>{translate('kestrel.tenants.no_calls')}</Typography>;
}

function CallsTable() {
  return (
    <DataTable<CallRecord> bulkActionButtons={false} rowClick="show" data-testid="tenant-calls">
      <DataTable.Col source="started_at" render={(r) => <DateField record={r} source="started_at" showTime />} sx={{ whiteSpace: 'nowrap' }} />
      <DataTable.Col source="from_number" disableSort />
      <DataTable.Col source="outcome" field={OutcomeField} />
      <DataTable.Col source="duration_seconds" render={(r) => formatDuration(r.duration_seconds)} sx={{ fontVariantNumeric: 'tabular-nums' }} />
      <DataTable.Col source="summary" disableSort sx={{ maxWidth: 420 }} />
    </DataTable>
  );
}

function CallsList() {
  const translate = useTranslate();
  return (
    <SimpleList<CallRecord>
      linkType="show"
      primaryText={(r) => [formatDateTime(r.started_at), r.outcome && translate(`kestrel.outcomes.${r.outcome}`, { _: r.outcome })].filter(Boolean).join(' · ')}
      secondaryText={(r) => [r.from_number ?? translate('kestrel.calls.unknown_caller'), formatDuration(r.duration_seconds), r.summary].filter(Boolean).join(' · ')}
      data-testid="tenant-calls"
    />
  );
}

/** The tenant's calls, newest first; a row opens the call with its transcript. */
export function TenantCallsTab() {
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  return (
    <ReferenceManyField reference="calls" target="tenant_id" sort={{ field: 'started_at', order: 'DESC' }} perPage={25} pagination={<Pagination rowsPerPageOptions={[25, 50, 100]} />} empty={<NoCalls />}>
      {narrow ? (
        <CallsList />
      ) : (
        // A table wider than the tab scrolls within it, not the page.
        <Box sx={{ overflowX: 'auto' }}>
          <CallsTable />
        </Box>
      )}
    </ReferenceManyField>
  );
}
