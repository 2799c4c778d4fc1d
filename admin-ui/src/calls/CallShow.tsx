import EventIcon from '@mui/icons-material/Event';
import { Box, Card, CardContent, Divider, Grid, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { DateField, FunctionField, Labeled, Link, Show, TextField, useCreatePath, useRecordContext, useShowContext, useTranslate } from 'react-admin';
import { AppointmentStatusChip } from '../appointments/AppointmentStatusChip';
import { RecordLoadError } from '../feedback/LoadError';
import { TenantLink } from '../fields/TenantLink';
import { DATE_TIME_OPTIONS, formatDateTime, formatDuration } from '../format';
import type { CallRecord } from './callRecord';
import { Conversation } from './Conversation';
import { CallFlagsField, OutcomeField, SentimentField } from './OutcomeChip';

function CallTitle() {
  const translate = useTranslate();
  const { record } = useShowContext<CallRecord>();
  if (!record) return null;
  return <>{translate('kestrel.calls.title', { from: record.from_number ?? translate('kestrel.calls.unknown_caller'), company: record.company_name })}</>;
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card variant="outlined" data-testid={testId}>
      <CardContent>
        <Typography variant="subtitle1" sx={{ fontWeight: 500, mb: 1 }}>
          {title}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

function TranscriptSection() {
  const translate = useTranslate();
  const record = useRecordContext<CallRecord>();
  const lines = (record?.transcript ?? []).map((turn) => ({ speaker: turn.role, text: turn.text, at: turn.at }));
  return (
    <Section title={translate('kestrel.calls.conversation')} testId="call-transcript">
      <Conversation lines={lines} />
    </Section>
  );
}

/** The visit this call booked, as it stands now (an operator may have moved or confirmed it since). */
function AppointmentLink() {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const record = useRecordContext<CallRecord>();
  const appointment = record?.appointment;
  if (!record?.appointment_id) return <Typography color="text.secondary">{translate('kestrel.calls.no_appointment')}</Typography>;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
      <EventIcon color="action" fontSize="small" />
      <Link to={createPath({ resource: 'appointments', id: record.appointment_id, type: 'edit' })} data-testid="appointment-link">
        {appointment ? translate('kestrel.calls.appointment_at', { at: formatDateTime(appointment.starts_at), customer: appointment.customer_name }) : translate('kestrel.calls.open_appointment')}
      </Link>
      {appointment && <AppointmentStatusChip status={appointment.status} />}
    </Stack>
  );
}

function SummarySection() {
  const translate = useTranslate();
  const record = useRecordContext<CallRecord>();
  if (!record) return null;
  return (
    <Section title={translate('kestrel.calls.summary')} testId="call-summary">
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
        <AppointmentLink />
      </Stack>
    </Section>
  );
}

function DetailsSection() {
  const translate = useTranslate();
  const record = useRecordContext<CallRecord>();
  if (!record) return null;
  return (
    <Section title={translate('kestrel.calls.details')} testId="call-details">
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Labeled label="resources.calls.fields.tenant_id">
            <TenantLink tenantId={record.tenant_id} companyName={record.company_name} />
          </Labeled>
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Labeled>
            <FunctionField<CallRecord> source="status" render={(r) => translate(`kestrel.call_status.${r.status}`, { _: r.status })} />
          </Labeled>
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Labeled>
            <TextField source="details.customer_name" emptyText="—" />
          </Labeled>
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Labeled>
            <TextField source="details.callback_number" emptyText="—" />
          </Labeled>
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Labeled>
            <TextField source="details.service_type" emptyText="—" />
          </Labeled>
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Labeled label="resources.calls.fields.details.sentiment">
            <SentimentField />
          </Labeled>
        </Grid>
        <Grid size={{ xs: 12 }}>
          <Divider />
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Labeled>
            <TextField source="from_number" emptyText="—" />
          </Labeled>
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Labeled>
            <TextField source="to_number" emptyText="—" />
          </Labeled>
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Labeled>
            <DateField source="started_at" showTime options={DATE_TIME_OPTIONS} />
          </Labeled>
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <Labeled>
            <FunctionField<CallRecord> source="duration_seconds" render={(r) => formatDuration(r.duration_seconds) || '—'} />
          </Labeled>
        </Grid>
        {record.transferred_to && (
          <Grid size={{ xs: 12, sm: 6 }}>
            <Labeled>
              <TextField source="transferred_to" />
            </Labeled>
          </Grid>
        )}
        <Grid size={{ xs: 12 }}>
          <Labeled>
            <TextField source="call_sid" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }} />
          </Labeled>
        </Grid>
      </Grid>
    </Section>
  );
}

/** One call: what was said, as a conversation, beside what the platform made of it. */
export function CallShow() {
  return (
    <Show<CallRecord> title={<CallTitle />} error={<RecordLoadError />} actions={false} component={Box}>
      <Grid container spacing={2} sx={{ mt: 1 }}>
        <Grid size={{ xs: 12, md: 7 }}>
          <TranscriptSection />
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Stack spacing={2}>
            <SummarySection />
            <DetailsSection />
          </Stack>
        </Grid>
      </Grid>
    </Show>
  );
}
