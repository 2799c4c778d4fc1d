import { Box, Typography, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, FilterButton, List, SelectInput, SimpleList, TopToolbar, useTranslate } from 'react-admin';
import type { CallRecord } from '../../calls/callRecord';
import { outcomeChoices } from '../../calls/choices';
import { ExportCallsButton } from '../../calls/ExportCallsButton';
import { CallFlagsField, OutcomeChip, OutcomeField } from '../../calls/OutcomeChip';
import { ListLoadError } from '../../feedback/LoadError';
import { formatDateTime, formatDuration } from '../../format';
import { FromDayInput, UntilDayInput } from '../../inputs/DayRangeInputs';
import { CursorPagination } from '../CursorPagination';

const filters = [
  <SelectInput key="outcome" source="outcome" choices={outcomeChoices} alwaysOn />,
  <FromDayInput key="started_after" source="started_after" />,
  <UntilDayInput key="started_before" source="started_before" />,
];

function NoCalls() {
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', m: 4 }} data-testid="no-calls">
      <Typography variant="h6" gutterBottom>
        {translate('kestrel.calls.empty')}
      </Typography>
      <Typography color="text.secondary">{translate('kestrel.portal.calls_empty_hint')}</Typography>
    </Box>
  );
}

const Summary = ({ text }: { text: string | null }) => (
  <Box component="span" sx={{ display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden', minWidth: 200, maxWidth: 480 }} title={text ?? undefined}>
    {text}
  </Box>
);

/** The company's calls, newest first; the tenant API pages them, so the list goes page by page. The CSV holds every page the filter selects. */
export function PortalCallList() {
  const translate = useTranslate();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List
      filters={filters}
      actions={
        <TopToolbar>
          <FilterButton />
          <ExportCallsButton />
        </TopToolbar>
      }
      perPage={25}
      pagination={<CursorPagination />}
      empty={<NoCalls />}
      error={<ListLoadError />}
    >
      {isSmall ? (
        <SimpleList<CallRecord>
          primaryText={(r) => r.details?.customer_name ?? r.from_number ?? translate('kestrel.calls.unknown_caller')}
          secondaryText={(r) => [formatDateTime(r.started_at), formatDuration(r.duration_seconds)].filter(Boolean).join(' · ')}
          tertiaryText={(r) => (r.outcome ? <OutcomeChip outcome={r.outcome} /> : null)}
          linkType="show"
        />
      ) : (
        <DataTable<CallRecord> rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="started_at" disableSort render={(r) => <Box component="span" sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.started_at)}</Box>} />
          <DataTable.Col source="from_number" disableSort />
          <DataTable.Col source="details.customer_name" disableSort />
          <DataTable.Col source="duration_seconds" disableSort align="right" render={(r) => formatDuration(r.duration_seconds)} />
          <DataTable.Col source="outcome" disableSort field={OutcomeField} />
          <DataTable.Col source="summary" disableSort render={(r) => <Summary text={r.summary} />} />
          <DataTable.Col source="flags" disableSort field={CallFlagsField} />
        </DataTable>
      )}
    </List>
  );
}
