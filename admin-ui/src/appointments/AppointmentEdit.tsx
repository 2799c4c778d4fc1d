import { Grid, Typography } from '@mui/material';
import { useWatch } from 'react-hook-form';
import {
  DateTimeInput,
  Edit,
  Labeled,
  Link,
  SaveButton,
  SelectInput,
  SimpleForm,
  TextField,
  TextInput,
  Toolbar,
  required,
  useCreatePath,
  useEditContext,
  useGetList,
  useGetOne,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { CallRecord } from '../calls/callRecord';
import { TenantLink } from '../fields/TenantLink';
import type { AppointmentRecord } from './appointmentRecord';
import { appointmentStatusChoices } from './choices';

function AppointmentTitle() {
  const translate = useTranslate();
  const { record } = useEditContext<AppointmentRecord>();
  return <>{record ? translate('kestrel.appointments.title', { customer: record.customer_name }) : ''}</>;
}

/** The call that booked the visit, found by its CallSid. */
function BookingCallLink() {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const record = useRecordContext<AppointmentRecord>();
  const { data } = useGetList<CallRecord>(
    'calls',
    { filter: { call_sid: record?.call_sid }, pagination: { page: 1, perPage: 1 }, sort: { field: 'started_at', order: 'DESC' } },
    { enabled: Boolean(record?.call_sid) },
  );
  const call = data?.[0];
  if (!record?.call_sid) return <Typography color="text.secondary">{translate('kestrel.appointments.booked_by_hand')}</Typography>;
  if (!call) return <Typography sx={{ fontFamily: 'monospace' }}>{record.call_sid}</Typography>;
  return (
    <Link to={createPath({ resource: 'calls', id: call.id, type: 'show' })} data-testid="booking-call-link">
      {translate('kestrel.appointments.open_call')}
    </Link>
  );
}

/**
 * The chosen time in the company's own time zone, which is where the visit happens; the
 * input itself is in the operator's.
 */
function CompanyLocalTime() {
  const translate = useTranslate();
  const record = useRecordContext<AppointmentRecord>();
  const startsAt = useWatch({ name: 'starts_at' }) as string | Date | null;
  const { data: tenant } = useGetOne<{ id: string; timezone: string }>('tenants', { id: record?.tenant_id }, { enabled: Boolean(record?.tenant_id) });
  if (!tenant?.timezone || !startsAt) return null;
  const when = new Date(startsAt);
  if (Number.isNaN(when.getTime())) return null;
  const local = new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeStyle: 'short', timeZone: tenant.timezone }).format(when);
  return (
    <Typography variant="body2" color="text.secondary" sx={{ mt: -1, mb: 2 }} data-testid="company-local-time">
      {translate('kestrel.appointments.company_time', { time: local, zone: translate(`kestrel.timezones.${tenant.timezone}`, { _: tenant.timezone }) })}
    </Typography>
  );
}

function Facts() {
  const record = useRecordContext<AppointmentRecord>();
  if (!record) return null;
  return (
    <Grid container spacing={2} sx={{ mb: 2, width: '100%' }}>
      <Grid size={{ xs: 12, sm: 6, md: 4 }}>
        <Labeled>
          <TextField source="customer_name" />
        </Labeled>
      </Grid>
      <Grid size={{ xs: 12, sm: 6, md: 4 }}>
        <Labeled>
          <TextField source="callback_number" emptyText="—" />
        </Labeled>
      </Grid>
      <Grid size={{ xs: 12, sm: 6, md: 4 }}>
        <Labeled>
          <TextField source="service_type" emptyText="—" />
        </Labeled>
      </Grid>
      <Grid size={{ xs: 12, sm: 6, md: 4 }}>
        <Labeled label="resources.appointments.fields.tenant_id">
          <TenantLink tenantId={record.tenant_id} companyName={record.company_name} />
        </Labeled>
      </Grid>
      <Grid size={{ xs: 12, sm: 6, md: 4 }}>
        <Labeled label="resources.appointments.fields.call_sid">
          <BookingCallLink />
        </Labeled>
      </Grid>
    </Grid>
  );
}

/** An appointment has no delete: a visit that will not happen is cancelled, and stays on record. */
const SaveOnly = () => (
  <Toolbar>
    <SaveButton />
  </Toolbar>
);

export function AppointmentEdit() {
  return (
    <Edit<AppointmentRecord> title={<AppointmentTitle />} mutationMode="pessimistic" actions={false}>
      <SimpleForm toolbar={<SaveOnly />}>
        <Facts />
        <SelectInput source="status" choices={appointmentStatusChoices} validate={required()} sx={{ width: { xs: '100%', sm: 320 } }} />
        <DateTimeInput source="starts_at" validate={required()} sx={{ width: { xs: '100%', sm: 320 } }} />
        <CompanyLocalTime />
        <TextInput source="notes" multiline minRows={3} sx={{ maxWidth: 720 }} />
      </SimpleForm>
    </Edit>
  );
}
