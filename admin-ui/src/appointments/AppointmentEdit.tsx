import { LinearProgress, Typography } from '@mui/material';
import { Link, useCreatePath, useGetList, useGetOne, useRecordContext, useTranslate } from 'react-admin';
import type { CallRecord } from '../calls/callRecord';
import { TenantLink } from '../fields/TenantLink';
import { Fact } from '../sections/Facts';
import type { AppointmentRecord } from './appointmentRecord';
import { AppointmentEditor } from './AppointmentEditor';
import { CompanyDateTimeInput } from './CompanyDateTimeInput';

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
 * When the visit starts, in its company's zone (the record names it; a record from before
 * it did is looked up on the tenant).
 */
function StartsAtInput() {
  const record = useRecordContext<AppointmentRecord>();
  const { data: tenant } = useGetOne<{ id: string; timezone: string }>('tenants', { id: record?.tenant_id }, { enabled: Boolean(record && !record.tenant_timezone) });
  const timeZone = record?.tenant_timezone ?? tenant?.timezone;
  if (!timeZone) return <LinearProgress sx={{ width: { xs: '100%', sm: 320 }, my: 3 }} />;
  return <CompanyDateTimeInput source="starts_at" timeZone={timeZone} />;
}

/** Which company, and the call that booked the visit: the operator's facts besides the company's own. */
function OperatorFacts() {
  const record = useRecordContext<AppointmentRecord>();
  if (!record) return null;
  return (
    <>
      <Fact label="resources.appointments.fields.tenant_id">
        <TenantLink tenantId={record.tenant_id} companyName={record.company_name} />
      </Fact>
      <Fact label="resources.appointments.fields.call_sid">
        <BookingCallLink />
      </Fact>
    </>
  );
}

export function AppointmentEdit() {
  return <AppointmentEditor startsAtInput={<StartsAtInput />} moreFacts={<OperatorFacts />} />;
}
