import { Box, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, SelectInput, SimpleList } from 'react-admin';
import type { AppointmentRecord } from '../../appointments/appointmentRecord';
import { AppointmentStatusChip, AppointmentStatusField } from '../../appointments/AppointmentStatusChip';
import { appointmentStatusChoices } from '../../appointments/choices';
import { formatAddress, ServiceAddressField } from '../../appointments/serviceAddress';
import { startOfToday } from '../../appointments/week';
import { EmptyList } from '../../feedback/EmptyList';
import { useCompanyDateTime } from '../../fields/companyTimeZone';
import { CompanyTimeColumn } from '../../fields/DateTimeField';
import { Parts } from '../../fields/Parts';
import { PhoneField, PhoneNumber } from '../../fields/PhoneField';
import { FromDayInput, UntilDayInput } from '../../inputs/DayRangeInputs';
import { PortalList } from '../PortalList';

const filters = [
  <SelectInput key="status" source="status" choices={appointmentStatusChoices} alwaysOn />,
  <FromDayInput key="starts_after" source="starts_after" alwaysOn />,
  <UntilDayInput key="starts_before" source="starts_before" />,
];

const noAppointments = <EmptyList title="kestrel.portal.appointments_empty" hint="kestrel.portal.appointments_empty_hint" testId="no-appointments" />;

/** The company's appointments at its own time, soonest first, from today on unless the filter says otherwise. */
export function PortalAppointmentList() {
  return (
    <PortalList filters={filters} filterDefaultValues={{ starts_after: startOfToday().toISOString() }} empty={noAppointments}>
      <Appointments />
    </PortalList>
  );
}

function Appointments() {
  const companyTime = useCompanyDateTime();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return isSmall ? (
    <SimpleList<AppointmentRecord>
      primaryText={(r) => r.customer_name}
      secondaryText={(r) => (
        <Box component="span" sx={{ display: 'flex', flexDirection: 'column' }} data-testid="appointment-card">
          <span>{[companyTime(r.starts_at, r), r.service_type].filter(Boolean).join(' · ')}</span>
          <Parts>{[formatAddress(r.service_address), r.callback_number && <PhoneNumber value={r.callback_number} />]}</Parts>
        </Box>
      )}
      tertiaryText={(r) => <AppointmentStatusChip status={r.status} />}
      linkType="edit"
    />
  ) : (
    <DataTable<AppointmentRecord> rowClick="edit" bulkActionButtons={false}>
      <CompanyTimeColumn source="starts_at" disableSort />
      <DataTable.Col source="customer_name" disableSort />
      <DataTable.Col source="service_address" disableSort field={ServiceAddressField} />
      <DataTable.Col source="callback_number" disableSort field={PhoneField} />
      <DataTable.Col source="service_type" disableSort />
      <DataTable.Col source="status" disableSort field={AppointmentStatusField} />
    </DataTable>
  );
}
