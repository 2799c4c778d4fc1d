import EventIcon from '@mui/icons-material/Event';
import { Divider, Grid, Stack, Typography } from '@mui/material';
import type { ReactElement } from 'react';
import { FunctionField, Labeled, Link, TextField, useCreatePath, useRecordContext, useResourceContext, useTranslate } from 'react-admin';
import { AppointmentStatusChip } from '../appointments/AppointmentStatusChip';
import { formatAddress } from '../appointments/serviceAddress';
import { useCompanyZone } from '../fields/companyTimeZone';
import { DateTimeField } from '../fields/DateTimeField';
import { PhoneField } from '../fields/PhoneField';
import { TenantLink } from '../fields/TenantLink';
import { formatDateTime, formatDuration } from '../format';
import { CardSection } from '../sections/Section';
import type { CallRecord } from './callRecord';
import { Conversation } from './Conversation';
import { CallFlagsField, OutcomeField, SentimentField } from './OutcomeChip';

export interface CallPageProps {
  /** Where the booked visit opens: the operator's appointments, or the company's own. */
  appointmentResource: string;
  /** The operator's facts besides the company's: which company, Twilio's status and SID, the number called. */
  operatorFacts?: boolean;
}

/** The visit this call booked, as it stands now (someone may have moved or confirmed it since). */
function AppointmentLink({ resource }: { resource: string }) {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const zoneOf = useCompanyZone();
  const record = useRecordContext<CallRecord>();
  const appointment = record?.appointment;
  if (!record?.appointment_id) return <Typography color="text.secondary">{translate('kestrel.calls.no_appointment')}</Typography>;
  const zone = zoneOf(appointment?.tenant_timezone ? appointment : record);
  const address = formatAddress(appointment?.service_address);
  return (
    <Stack spacing={0.5}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <EventIcon color="action" fontSize="small" />
        <Link to={createPath({ resource, id: record.appointment_id, type: 'edit' })} data-testid="appointment-link">
          {appointment && zone
            ? translate('kestrel.calls.appointment_at', { at: formatDateTime(appointment.starts_at, zone), customer: appointment.customer_name })
            : translate('kestrel.calls.open_appointment')}
        </Link>
        {appointment && <AppointmentStatusChip status={appointment.status} />}
      </Stack>
      {address && (
        <Typography variant="body2" color="text.secondary" sx={{ pl: 4 }} data-testid="appointment-address">
          {address}
        </Typography>
      )}
    </Stack>
  );
}

function SummarySection({ appointmentResource }: { appointmentResource: string }) {
  const translate = useTranslate();
  const record = useRecordContext<CallRecord>();
  if (!record) return null;
  return (
    <CardSection title="kestrel.calls.summary" testId="call-summary">
      <Stack spacing={1.5}>
        <Typography data-testid="summary-text" color={record.summary ? 'text.primary' : 'text.secondary'}>
          {record.summary ?? translate('kestrel.calls.not_summarised')}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          <OutcomeField />
          <CallFlagsField />
        </Stack>
        <Divider />
        <Typography variant="subtitle2">{translate('kestrel.calls.appointment')}</Typography>
        <AppointmentLink resource={appointmentResource} />
      </Stack>
    </CardSection>
  );
}

function TranscriptSection() {
  const zoneOf = useCompanyZone();
  const record = useRecordContext<CallRecord>();
  const lines = (record?.transcript ?? []).map((turn) => ({ speaker: turn.role, text: turn.text, at: turn.at }));
  return (
    <CardSection title="kestrel.calls.conversation" testId="call-transcript">
      <Conversation lines={lines} timeZone={zoneOf(record)} />
    </CardSection>
  );
}

/** A fact of the call, half a row wide on a desk (whole where `wide`). */
function Fact({ children, label, wide }: { children: ReactElement; label?: string; wide?: boolean }) {
  return (
    <Grid size={wide ? { xs: 12 } : { xs: 12, sm: 6 }}>
      <Labeled label={label}>{children}</Labeled>
    </Grid>
  );
}

function DetailsSection({ operatorFacts }: { operatorFacts: boolean }) {
  const translate = useTranslate();
  const resource = useResourceContext();
  const record = useRecordContext<CallRecord>();
  if (!record) return null;
  return (
    <CardSection title="kestrel.calls.details" testId="call-details">
      <Grid container spacing={2}>
        {operatorFacts && (
          <Fact label="resources.calls.fields.tenant_id">
            <TenantLink tenantId={record.tenant_id} companyName={record.company_name} />
          </Fact>
        )}
        {operatorFacts && (
          <Fact>
            <FunctionField<CallRecord> source="status" render={(r) => translate(`kestrel.call_status.${r.status}`, { _: r.status })} />
          </Fact>
        )}
        <Fact>
          <TextField source="details.customer_name" emptyText="—" />
        </Fact>
        <Fact>
          <PhoneField source="details.callback_number" />
        </Fact>
        <Fact>
          <TextField source="details.service_type" emptyText="—" />
        </Fact>
        <Fact label={`resources.${resource}.fields.details.sentiment`}>
          <SentimentField />
        </Fact>
        <Grid size={{ xs: 12 }}>
          <Divider />
        </Grid>
        <Fact>
          <PhoneField source="from_number" />
        </Fact>
        {operatorFacts && (
          <Fact>
            <PhoneField source="to_number" />
          </Fact>
        )}
        <Fact>
          <DateTimeField source="started_at" inCompanyZone />
        </Fact>
        <Fact>
          <FunctionField<CallRecord> source="duration_seconds" render={(r) => formatDuration(r.duration_seconds) || '—'} />
        </Fact>
        {record.transferred_to && (
          <Fact>
            <PhoneField source="transferred_to" />
          </Fact>
        )}
        {operatorFacts && (
          <Fact wide>
            <TextField source="call_sid" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }} />
          </Fact>
        )}
      </Grid>
    </CardSection>
  );
}

/**
 * One call in reading order, for the operator and for the company alike: what it came to
 * (summary, outcome, the visit it booked), then what was said, as a conversation; the facts
 * beside them on a desk, after them on a phone.
 */
export function CallPage({ appointmentResource, operatorFacts = false }: CallPageProps) {
  return (
    <Grid container spacing={2} sx={{ mt: 1 }}>
      <Grid size={{ xs: 12, md: 7 }}>
        <Stack spacing={2}>
          <SummarySection appointmentResource={appointmentResource} />
          <TranscriptSection />
        </Stack>
      </Grid>
      <Grid size={{ xs: 12, md: 5 }}>
        <DetailsSection operatorFacts={operatorFacts} />
      </Grid>
    </Grid>
  );
}
