import PhoneForwardedIcon from '@mui/icons-material/PhoneForwarded';
import { useMediaQuery, type Theme } from '@mui/material';
import { Button, DataTable, FilterButton, List, NullableBooleanInput, SearchInput, SelectInput, SimpleList, TopToolbar, useTranslate } from 'react-admin';
import { EmptyList } from '../feedback/EmptyList';
import { ListLoadError } from '../feedback/LoadError';
import { ClampedText } from '../fields/ClampedText';
import { useCompanyDateTime } from '../fields/companyTimeZone';
import { CompanyTimeNote } from '../fields/CompanyTimeNote';
import { CompanyTimeColumn } from '../fields/DateTimeField';
import { Parts } from '../fields/Parts';
import { PhoneField, PhoneNumber } from '../fields/PhoneField';
import { CHIP_ON_THE_RIGHT } from '../fields/ValueChip';
import { formatDuration } from '../format';
import { FromDayInput, UntilDayInput } from '../inputs/DayRangeInputs';
import { TenantFilter } from '../inputs/TenantFilter';
import type { CallRecord } from './callRecord';
import { CallFlagsField, OutcomeChip, OutcomeField } from './OutcomeChip';
import { ExportCallsButton } from './ExportCallsButton';
import { outcomeChoices } from './choices';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TenantFilter key="tenant_id" source="tenant_id" alwaysOn />,
  <SelectInput key="outcome" source="outcome" choices={outcomeChoices} alwaysOn />,
  <FromDayInput key="started_after" source="started_after" />,
  <UntilDayInput key="started_before" source="started_before" />,
  <NullableBooleanInput key="is_test" source="is_test" />,
  <NullableBooleanInput key="over_limit" source="over_limit" />,
];

function ListActions() {
  return (
    <TopToolbar>
      <FilterButton />
      <ExportCallsButton />
    </TopToolbar>
  );
}

/** No call yet: the simulator is the quickest way to make one. */
function NoCalls() {
  return (
    <EmptyList title="kestrel.calls.empty" hint="kestrel.calls.empty_hint" testId="no-calls">
      <Button to="/simulator" label="kestrel.simulator.title" variant="outlined">
        <PhoneForwardedIcon />
      </Button>
    </EmptyList>
  );
}

export function CallList() {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List filters={filters} actions={<ListActions />} sort={{ field: 'started_at', order: 'DESC' }} perPage={25} empty={<NoCalls />} error={<ListLoadError />}>
      {isSmall ? (
        <>
          <CompanyTimeNote />
          <SimpleList<CallRecord>
            primaryText={(r) => r.company_name}
            secondaryText={(r) => (
              <Parts>{[companyTime(r.started_at, r), r.from_number ? <PhoneNumber value={r.from_number} /> : translate('kestrel.calls.unknown_caller'), formatDuration(r.duration_seconds)]}</Parts>
            )}
            rightIcon={(r) => (r.outcome ? <OutcomeChip outcome={r.outcome} /> : null)}
            linkType="show"
            sx={CHIP_ON_THE_RIGHT}
          />
        </>
      ) : (
        <DataTable<CallRecord> rowClick="show" bulkActionButtons={false}>
          <CompanyTimeColumn source="started_at" label="kestrel.calls.started_company" />
          <DataTable.Col source="company_name" disableSort />
          <DataTable.Col source="from_number" disableSort field={PhoneField} />
          <DataTable.Col source="duration_seconds" align="right" render={(r) => formatDuration(r.duration_seconds)} />
          <DataTable.Col source="outcome" field={OutcomeField} />
          <DataTable.Col source="summary" disableSort render={(r) => <ClampedText text={r.summary} minWidth={200} maxWidth={420} />} />
          <DataTable.Col source="flags" disableSort field={CallFlagsField} />
        </DataTable>
      )}
    </List>
  );
}
