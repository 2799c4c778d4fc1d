import EventIcon from '@mui/icons-material/Event';
import { Box, Card, CardContent, Divider, Grid, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Labeled, Link, Show, useCreatePath, useRecordContext, useShowContext, useTranslate } from 'react-admin';
import { AppointmentStatusChip } from '../../appointments/AppointmentStatusChip';
import type { CallRecord } from '../../calls/callRecord';
import { Conversation } from '../../calls/Conversation';
import { CallFlagsField, OutcomeField, SentimentField } from '../../calls/OutcomeChip';
import { RecordLoadError } from '../../feedback/LoadError';
import { formatDateTime, formatDuration } from '../../format';
import { PORTAL_RESOURCES } from '../tenantDataProvider';

function CallTitle() {
  const translate = useTranslate();
  const { record } = useShowContext<CallRecord>();
  if (!record) return null;
  return <>{translate('kestrel.portal.call_title', { from: record.from_number ?? translate('kestrel.calls.unknown_caller') })}</>;
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  const translate = useTranslate();
  return (
    <Card variant="outlined" data-testid={testId}>
      <CardContent>
        <Typography variant="subtitle1" sx={{ fontWeight: 500, mb: 1 }}>
          {translate(title)}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
}

function AppointmentLink() {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const record = useRecordContext<CallRecord>();
  const appointment = record?.appointment;
  if (!record?.appointment_id) return <Typography color="text.secondary">{translate('kestrel.calls.no_appointment')}</Typography>;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
      <EventIcon color="action" fontSize="small" />
      <Link to={createPath({ resource: PORTAL_RESOURCES.appointments, id: record.appointment_id, type: 'edit' })} data-testid="appointment-link">
        {appointment ? translate('kestrel.calls.appointment_at', { at: formatDateTime(appointment.starts_at), customer: appointment.customer_name }) : translate('kestrel.calls.open_appointment')}
      </Link>
      {appointment && <AppointmentStatusChip status={appointment.status} />}
    </Stack>
  );
}

const Fact = ({ label, value }: { label: string; value: ReactNode }) => (
  <Grid size={{ xs: 12, sm: 6 }}>
    <Labeled label={label}>
      <Typography component="span" variant="body2" sx={{ overflowWrap: 'anywhere' }}>
        {value || '—'}
      </Typography>
    </Labeled>
  </Grid>
);

function CallPage() {
  const translate = useTranslate();
  const record = useRecordContext<CallRecord>();
  if (!record) return null;
  const lines = (record.transcript ?? []).map((turn) => ({ speaker: turn.role, text: turn.text, at: turn.at }));
  const fields = `resources.${PORTAL_RESOURCES.calls}.fields`;
  return (
    <Grid container spacing={2} sx={{ mt: 1 }}>
      <Grid size={{ xs: 12, md: 7 }}>
        <Section title="kestrel.calls.conversation" testId="call-transcript">
          <Conversation lines={lines} />
        </Section>
      </Grid>
      <Grid size={{ xs: 12, md: 5 }}>
        <Stack spacing={2}>
          <Section title="kestrel.calls.summary" testId="call-summary">
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
          <Section title="kestrel.calls.details" testId="call-details">
            <Grid container spacing={2}>
              <Fact label={`${fields}.details.customer_name`} value={record.details?.customer_name} />
              <Fact label={`${fields}.details.callback_number`} value={record.details?.callback_number} />
              <Fact label={`${fields}.details.service_type`} value={record.details?.service_type} />
              <Fact label={`${fields}.details.sentiment`} value={<SentimentField />} />
              <Fact label={`${fields}.from_number`} value={record.from_number} />
              <Fact label={`${fields}.started_at`} value={formatDateTime(record.started_at)} />
              <Fact label={`${fields}.duration_seconds`} value={formatDuration(record.duration_seconds)} />
              {record.transferred_to && <Fact label={`${fields}.transferred_to`} value={record.transferred_to} />}
            </Grid>
          </Section>
        </Stack>
      </Grid>
    </Grid>
  );
}

/** One of the company's calls: the conversation beside what the agent made of it. */
export function PortalCallShow() {
  return (
    <Show<CallRecord> title={<CallTitle />} error={<RecordLoadError />} actions={false} component={Box}>
      <CallPage />
    </Show>
  );
}
