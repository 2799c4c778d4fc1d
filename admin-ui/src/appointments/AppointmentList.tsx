import CalendarViewWeekIcon from '@mui/icons-material/CalendarViewWeek';
import ViewListIcon from '@mui/icons-material/ViewList';
import { Box, ToggleButton, ToggleButtonGroup, Tooltip, useMediaQuery, type Theme } from '@mui/material';
import { useState } from 'react';
import { DataTable, FilterButton, List, SearchInput, SelectInput, SimpleList, TopToolbar, useStore, useTranslate } from 'react-admin';
import { ListLoadError } from '../feedback/LoadError';
import { useCompanyDateTime } from '../fields/companyTimeZone';
import { CompanyTimeNote } from '../fields/CompanyTimeNote';
import { CompanyTimeColumn } from '../fields/DateTimeField';
import { Parts } from '../fields/Parts';
import { PhoneField, PhoneNumber } from '../fields/PhoneField';
import { CHIP_ON_THE_RIGHT } from '../fields/ValueChip';
import { FromDayInput, UntilDayInput } from '../inputs/DayRangeInputs';
import { TenantFilter } from '../inputs/TenantFilter';
import type { AppointmentRecord } from './appointmentRecord';
import { AppointmentCalendar } from './AppointmentCalendar';
import { AppointmentStatusChip } from './AppointmentStatusChip';
import { QuickStatusMenu } from './QuickStatusMenu';
import { formatAddress, ServiceAddressField } from './serviceAddress';
import { startOfToday } from './week';
import { appointmentStatusChoices } from './choices';

type View = 'list' | 'calendar';

const commonFilters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TenantFilter key="tenant_id" source="tenant_id" alwaysOn />,
  <SelectInput key="status" source="status" choices={appointmentStatusChoices} alwaysOn />,
];
/** The calendar's week is its date range, so the range filters belong to the list only. */
const listFilters = [...commonFilters, <FromDayInput key="starts_after" source="starts_after" />, <UntilDayInput key="starts_before" source="starts_before" />];

function ViewToggle({ view, onChange }: { view: View; onChange: (view: View) => void }) {
  const translate = useTranslate();
  return (
    <ToggleButtonGroup size="small" exclusive value={view} onChange={(_e, next: View | null) => next && onChange(next)} aria-label={translate('kestrel.appointments.view')}>
      <ToggleButton value="list" aria-label={translate('kestrel.appointments.view_list')}>
        <Tooltip title={translate('kestrel.appointments.view_list')}>
          <ViewListIcon fontSize="small" />
        </Tooltip>
      </ToggleButton>
      <ToggleButton value="calendar" aria-label={translate('kestrel.appointments.view_calendar')} data-testid="calendar-toggle">
        <Tooltip title={translate('kestrel.appointments.view_calendar')}>
          <CalendarViewWeekIcon fontSize="small" />
        </Tooltip>
      </ToggleButton>
    </ToggleButtonGroup>
  );
}

export function AppointmentList() {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  // Upcoming visits first: the list starts at today (the filter can be cleared to see the past).
  const [fromToday] = useState(() => ({ starts_after: startOfToday().toISOString() }));
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const [view, setView] = useStore<View>('appointments.view', 'list');
  const calendar = view === 'calendar';
  return (
    <List
      filters={calendar ? commonFilters : listFilters}
      actions={
        <TopToolbar sx={{ alignItems: 'center' }}>
          <FilterButton />
          <ViewToggle view={view} onChange={setView} />
        </TopToolbar>
      }
      sort={{ field: 'starts_at', order: 'ASC' }}
      filterDefaultValues={fromToday}
      perPage={25}
      pagination={calendar ? false : undefined}
      // The calendar reads its own week; the list's page would be read for nothing.
      queryOptions={{ enabled: !calendar }}
      empty={calendar ? false : undefined}
      error={<ListLoadError />}
    >
      {calendar ? (
        <AppointmentCalendar />
      ) : isSmall ? (
        <>
          <CompanyTimeNote />
          <SimpleList<AppointmentRecord>
            primaryText={(r) => r.customer_name}
            secondaryText={(r) => (
              <Box component="span" sx={{ display: 'flex', flexDirection: 'column' }} data-testid="appointment-card">
                <span>{[companyTime(r.starts_at, r), r.company_name].filter(Boolean).join(' · ')}</span>
                <Parts>{[formatAddress(r.service_address), r.callback_number && <PhoneNumber value={r.callback_number} />, r.service_type]}</Parts>
              </Box>
            )}
            rightIcon={(r) => <AppointmentStatusChip status={r.status} />}
            linkType="edit"
            sx={CHIP_ON_THE_RIGHT}
          />
        </>
      ) : (
        <DataTable<AppointmentRecord> rowClick="edit" bulkActionButtons={false}>
          <CompanyTimeColumn source="starts_at" label="kestrel.appointments.when_company" />
          <DataTable.Col source="customer_name" disableSort />
          <DataTable.Col source="company_name" disableSort />
          <DataTable.Col source="service_address" disableSort field={ServiceAddressField} />
          <DataTable.Col source="callback_number" disableSort field={PhoneField} />
          <DataTable.Col source="service_type" disableSort />
          <DataTable.Col source="duration_minutes" disableSort align="right" render={(r) => translate('kestrel.appointments.minutes', { n: r.duration_minutes })} />
          <DataTable.Col source="status" field={QuickStatusMenu} />
        </DataTable>
      )}
    </List>
  );
}
