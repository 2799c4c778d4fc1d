import { Box, Typography, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, FilterButton, List, SelectInput, SimpleList, TopToolbar, useTranslate } from 'react-admin';
import type { AppointmentRecord } from '../../appointments/appointmentRecord';
import { AppointmentStatusChip, AppointmentStatusField } from '../../appointments/AppointmentStatusChip';
import { appointmentStatusChoices } from '../../appointments/choices';
import { startOfToday } from '../../appointments/week';
import { ListLoadError } from '../../feedback/LoadError';
import { formatDateTime } from '../../format';
import { FromDayInput, UntilDayInput } from '../../inputs/DayRangeInputs';
import { CursorPagination } from '../CursorPagination';

const filters = [
  <SelectInput key="status" source="status" choices={appointmentStatusChoices} alwaysOn />,
  <FromDayInput key="starts_after" source="starts_after" alwaysOn />,
  <UntilDayInput key="starts_before" source="starts_before" />,
];

function NoAppointments() {
  const translate = useTranslate();
  return (
    <Box sx={{ textAlign: 'center', m: 4 }} data-testid="no-appointments">
      <Typography variant="h6" gutterBottom>
        {translate('kestrel.portal.appointments_empty')}
      </Typography>
      <Typography color="text.secondary">{translate('kestrel.portal.appointments_empty_hint')}</Typography>
    </Box>
  );
}

/** The company's appointments, soonest first, from today on unless the filter says otherwise. */
export function PortalAppointmentList() {
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List
      filters={filters}
      filterDefaultValues={{ starts_after: startOfToday().toISOString() }}
      actions={
        <TopToolbar>
          <FilterButton />
        </TopToolbar>
      }
      perPage={25}
      pagination={<CursorPagination />}
      empty={<NoAppointments />}
      error={<ListLoadError />}
    >
      {isSmall ? (
        <SimpleList<AppointmentRecord>
          primaryText={(r) => r.customer_name}
          secondaryText={(r) => [formatDateTime(r.starts_at), r.service_type].filter(Boolean).join(' · ')}
          tertiaryText={(r) => <AppointmentStatusChip status={r.status} />}
          linkType="edit"
        />
      ) : (
        <DataTable<AppointmentRecord> rowClick="edit" bulkActionButtons={false}>
          <DataTable.Col source="starts_at" disableSort render={(r) => <Box component="span" sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.starts_at)}</Box>} />
          <DataTable.Col source="customer_name" disableSort />
          <DataTable.Col source="callback_number" disableSort />
          <DataTable.Col source="service_type" disableSort />
          <DataTable.Col source="status" disableSort field={AppointmentStatusField} />
        </DataTable>
      )}
    </List>
  );
}
