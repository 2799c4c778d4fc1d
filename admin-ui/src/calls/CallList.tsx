import PhoneForwardedIcon from '@mui/icons-material/PhoneForwarded';
import { Box, Typography, useMediaQuery, type Theme } from '@mui/material';
import {
  AutocompleteInput,
  Button,
  DataTable,
  FilterButton,
  List,
  NullableBooleanInput,
  ReferenceInput,
  SearchInput,
  SelectInput,
  SimpleList,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import { ListLoadError } from '../feedback/LoadError';
import { BY_COMPANY } from '../fields/TenantLink';
import { formatDateTime, formatDuration } from '../format';
import { FromDayInput, UntilDayInput } from '../inputs/DayRangeInputs';
import type { CallRecord } from './callRecord';
import { CallFlagsField, OutcomeChip, OutcomeField } from './OutcomeChip';
import { ExportCallsButton } from './ExportCallsButton';
import { outcomeChoices } from './choices';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="tenant_id" source="tenant_id" reference="tenants" sort={BY_COMPANY} alwaysOn>
    <AutocompleteInput optionText="company_name" label="resources.calls.fields.tenant_id" sx={{ minWidth: 260 }} />
  </ReferenceInput>,
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
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', m: 4 }} data-testid="no-calls">
      <Typography variant="h6" gutterBottom>
        {translate('kestrel.calls.empty')}
      </Typography>
      <Typography color="text.secondary" gutterBottom>
        {translate('kestrel.calls.empty_hint')}
      </Typography>
      <Button to="/simulator" label="kestrel.simulator.title" variant="outlined">
        <PhoneForwardedIcon />
      </Button>
    </Box>
  );
}

const NoWrap = ({ children }: { children: string }) => (
  <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
    {children}
  </Box>
);

const Summary = ({ text }: { text: string | null }) => (
  <Box component="span" sx={{ display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden', minWidth: 200, maxWidth: 420 }} title={text ?? undefined}>
    {text}
  </Box>
);

export function CallList() {
  const translate = useTranslate();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List filters={filters} actions={<ListActions />} sort={{ field: 'started_at', order: 'DESC' }} perPage={25} empty={<NoCalls />} error={<ListLoadError />}>
      {isSmall ? (
        <SimpleList<CallRecord>
          primaryText={(r) => r.company_name}
          secondaryText={(r) => [formatDateTime(r.started_at), r.from_number ?? translate('kestrel.calls.unknown_caller'), formatDuration(r.duration_seconds)].filter(Boolean).join(' · ')}
          rightIcon={(r) => (r.outcome ? <OutcomeChip outcome={r.outcome} /> : null)}
          linkType="show"
          sx={{ '& .MuiListItemIcon-root': { minWidth: 'auto' } }}
        />
      ) : (
        <DataTable<CallRecord> rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="started_at" render={(r) => <NoWrap>{formatDateTime(r.started_at)}</NoWrap>} />
          <DataTable.Col source="company_name" disableSort />
          <DataTable.Col source="from_number" disableSort />
          <DataTable.Col source="duration_seconds" align="right" render={(r) => formatDuration(r.duration_seconds)} />
          <DataTable.Col source="outcome" field={OutcomeField} />
          <DataTable.Col source="summary" disableSort render={(r) => <Summary text={r.summary} />} />
          <DataTable.Col source="flags" disableSort field={CallFlagsField} />
        </DataTable>
      )}
    </List>
  );
}
