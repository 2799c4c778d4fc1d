import { Grid } from '@mui/material';
import { DateTimeInput, Edit, Labeled, SaveButton, SelectInput, SimpleForm, TextField, TextInput, Toolbar, required, useEditContext, useTranslate } from 'react-admin';
import type { AppointmentRecord } from '../../appointments/appointmentRecord';
import { appointmentStatusChoices } from '../../appointments/choices';

function AppointmentTitle() {
  const translate = useTranslate();
  const { record } = useEditContext<AppointmentRecord>();
  return <>{record ? translate('kestrel.appointments.title', { customer: record.customer_name }) : ''}</>;
}

/** No delete: a visit that will not happen is cancelled, and stays on record. */
const SaveOnly = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

/** Who booked and for what, then what the company may change: the status, the time, its notes. */
export function PortalAppointmentEdit() {
  return (
    <Edit<AppointmentRecord> title={<AppointmentTitle />} mutationMode="pessimistic" actions={false}>
      <SimpleForm toolbar={<SaveOnly />}>
        <Grid container spacing={2} sx={{ mb: 2, width: '100%' }}>
          <Grid size={{ xs: 12, sm: 4 }}>
            <Labeled>
              <TextField source="customer_name" />
            </Labeled>
          </Grid>
          <Grid size={{ xs: 12, sm: 4 }}>
            <Labeled>
              <TextField source="callback_number" emptyText="—" />
            </Labeled>
          </Grid>
          <Grid size={{ xs: 12, sm: 4 }}>
            <Labeled>
              <TextField source="service_type" emptyText="—" />
            </Labeled>
          </Grid>
        </Grid>
        <SelectInput source="status" choices={appointmentStatusChoices} validate={required()} sx={{ width: { xs: '100%', sm: 320 } }} />
        <DateTimeInput source="starts_at" validate={required()} sx={{ width: { xs: '100%', sm: 320 } }} />
        <TextInput source="notes" multiline minRows={3} sx={{ maxWidth: 720 }} />
      </SimpleForm>
    </Edit>
  );
}
