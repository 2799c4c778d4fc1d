import { useMediaQuery, type Theme } from '@mui/material';
import { DataTable, SelectInput, SimpleList, useTranslate } from 'react-admin';
import type { CallRecord } from '../../calls/callRecord';
import { outcomeChoices } from '../../calls/choices';
import { ExportCallsButton } from '../../calls/ExportCallsButton';
import { CallFlagsField, OutcomeChip, OutcomeField } from '../../calls/OutcomeChip';
import { EmptyList } from '../../feedback/EmptyList';
import { ClampedText } from '../../fields/ClampedText';
import { useCompanyDateTime } from '../../fields/companyTimeZone';
import { CompanyTimeColumn } from '../../fields/DateTimeField';
import { PhoneField } from '../../fields/PhoneField';
import { formatDuration, formatPhone } from '../../format';
import { FromDayInput, UntilDayInput } from '../../inputs/DayRangeInputs';
import { PortalList } from '../PortalList';

const filters = [
  <SelectInput key="outcome" source="outcome" choices={outcomeChoices} alwaysOn />,
  <FromDayInput key="started_after" source="started_after" />,
  <UntilDayInput key="started_before" source="started_before" />,
];

const noCalls = <EmptyList title="kestrel.calls.empty" hint="kestrel.portal.calls_empty_hint" testId="no-calls" />;

/**
 * The company's calls, newest first, at the company's time; the tenant API pages them, so
 * the list goes page by page. The CSV holds every page the filter selects.
 */
export function PortalCallList() {
  return (
    <PortalList filters={filters} actions={<ExportCallsButton />} empty={noCalls}>
      <Calls />
    </PortalList>
  );
}

function Calls() {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return isSmall ? (
    <SimpleList<CallRecord>
      primaryText={(r) => r.details?.customer_name ?? (r.from_number ? formatPhone(r.from_number) : translate('kestrel.calls.unknown_caller'))}
      secondaryText={(r) => [companyTime(r.started_at, r), formatDuration(r.duration_seconds)].filter(Boolean).join(' · ')}
      tertiaryText={(r) => (r.outcome ? <OutcomeChip outcome={r.outcome} /> : null)}
      linkType="show"
    />
  ) : (
    <DataTable<CallRecord> rowClick="show" bulkActionButtons={false}>
      <CompanyTimeColumn source="started_at" disableSort />
      <DataTable.Col source="from_number" disableSort field={PhoneField} />
      <DataTable.Col source="details.customer_name" disableSort />
      <DataTable.Col source="duration_seconds" disableSort align="right" render={(r) => formatDuration(r.duration_seconds)} />
      <DataTable.Col source="outcome" disableSort field={OutcomeField} />
      <DataTable.Col source="summary" disableSort render={(r) => <ClampedText text={r.summary} minWidth={200} maxWidth={480} />} />
      <DataTable.Col source="flags" disableSort field={CallFlagsField} />
    </DataTable>
  );
}
