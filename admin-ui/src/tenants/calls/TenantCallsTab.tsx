import { DataTable, SimpleList, useTranslate } from 'react-admin';
import type { CallRecord } from '../../calls/callRecord';
import { OutcomeField } from '../../calls/OutcomeChip';
import { useCompanyDateTime } from '../../fields/companyTimeZone';
import { CompanyTimeColumn } from '../../fields/DateTimeField';
import { Parts } from '../../fields/Parts';
import { PhoneField, PhoneNumber } from '../../fields/PhoneField';
import { formatDuration } from '../../format';
import { TenantRecordsTab } from '../TenantRecordsTab';

function CallsTable() {
  return (
    <DataTable<CallRecord> bulkActionButtons={false} rowClick="show" data-testid="tenant-calls">
      <CompanyTimeColumn source="started_at" />
      <DataTable.Col source="from_number" disableSort field={PhoneField} />
      <DataTable.Col source="outcome" field={OutcomeField} />
      <DataTable.Col source="duration_seconds" render={(r) => formatDuration(r.duration_seconds)} sx={{ fontVariantNumeric: 'tabular-nums' }} />
      <DataTable.Col source="summary" disableSort sx={{ maxWidth: 420 }} />
    </DataTable>
  );
}

function CallsList() {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  return (
    <SimpleList<CallRecord>
      linkType="show"
      primaryText={(r) => [companyTime(r.started_at, r), r.outcome && translate(`kestrel.outcomes.${r.outcome}`, { _: r.outcome })].filter(Boolean).join(' · ')}
      secondaryText={(r) => <Parts>{[r.from_number ? <PhoneNumber value={r.from_number} /> : translate('kestrel.calls.unknown_caller'), formatDuration(r.duration_seconds), r.summary]}</Parts>}
      data-testid="tenant-calls"
    />
  );
}

/** The tenant's calls, newest first; a row opens the call with its transcript. */
export function TenantCallsTab() {
  return <TenantRecordsTab reference="calls" newestBy="started_at" empty="kestrel.tenants.no_calls" table={<CallsTable />} narrowList={<CallsList />} />;
}
