import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Alert, Box, Button, Card, CardContent, CardHeader, Divider, LinearProgress, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { Form, Link, SelectInput, Title, required, useCreatePath, useGetOne, useNotify, useTranslate } from 'react-admin';
import { useWatch, type FieldValues } from 'react-hook-form';
import { useParams } from 'react-router-dom';
import { summariseItems, type JobItem, type JobStatusEntry } from '../../../../domain/jobs';
import { LoadErrorAlert } from '../../feedback/LoadError';
import { invalidFieldsOf } from '../../http/problem';
import { useCompanyDateTime } from '../../fields/companyTimeZone';
import { Parts } from '../../fields/Parts';
import { MessageStatusChip } from '../../messaging/MessageStatusChip';
import type { MessageRecord } from '../../messaging/messageRecord';
import { PortalTimeZone } from '../companyTimeZone';
import { ContactName } from '../customers/ContactName';
import { useContactTexts } from '../customers/useContactTexts';
import { useMessagingWriter } from '../messaging/messagingApi';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import { useReadAgain } from '../useReadAgain';
import { jobStatusChoices } from './choices';
import { JobInputs, textOrNull } from './JobInputs';
import { changeJob, type JobRecord } from './jobsApi';
import { JobStatusChip } from './JobStatusChip';

/** How long after a status change its text is looked for: past it, the page stops asking (a refresh asks again). */
const AWAIT_TEXT_MS = 120_000;

/** What the chosen status will text the customer, said before the button is pressed. */
function ChangeNote() {
  const translate = useTranslate();
  const status = useWatch({ name: 'status' }) as string;
  return (
    <Alert severity="info" data-testid="status-change-note">
      {translate(status === 'en_route' ? 'kestrel.jobs.en_route_texts' : 'kestrel.jobs.status_texts', { status: translate(`kestrel.job_status.${status}`) })}
    </Alert>
  );
}

/** A new status, with the technician, arrival time and parts it tells the customer. */
function ChangeStatus({ job }: { job: JobRecord }) {
  const translate = useTranslate();
  const notify = useNotify();
  const readJobsAgain = useReadAgain(PORTAL_RESOURCES.jobs);
  const readTextsAgain = useReadAgain(PORTAL_RESOURCES.messages);
  const [refusal, setRefusal] = useState<string>();
  const next = jobStatusChoices.find((choice) => choice.id !== job.status && job.status_history.every((entry) => entry.status !== choice.id)) ?? jobStatusChoices.find((c) => c.id !== job.status);
  const submit = async (values: FieldValues) => {
    setRefusal(undefined);
    try {
      const changed = await changeJob(job.id, {
        status: values.status,
        technician_name: textOrNull(values.technician_name),
        eta: values.eta || null,
        items: ((values.items ?? []) as JobItem[]).filter((item) => item?.name?.trim()),
      });
      await Promise.all([readJobsAgain(), readTextsAgain('texts')]);
      notify('kestrel.jobs.status_changed', { type: 'success', messageArgs: { status: translate(`kestrel.job_status.${changed.status}`) } });
      return undefined;
    } catch (error) {
      // A field refused shows on the field; any other refusal (a completed job) above the form, in the API's words.
      const fields = invalidFieldsOf(error);
      if (fields) return fields;
      setRefusal((error as Error).message);
      return undefined;
    }
  };
  return (
    <Card variant="outlined" data-testid="change-job-status">
      <CardHeader title={translate('kestrel.jobs.change_title')} subheader={translate('kestrel.jobs.change_hint')} />
      <CardContent>
        <Form
          key={job.updated_at}
          record={{ id: job.id }}
          defaultValues={{ status: next?.id, technician_name: job.technician_name ?? '', eta: job.eta, items: job.items }}
          onSubmit={submit}
        >
          <Stack spacing={1}>
            {refusal && (
              <Alert severity="warning" data-testid="change-job-refused">
                {refusal}
              </Alert>
            )}
            <SelectInput source="status" label="kestrel.jobs.new_status" choices={jobStatusChoices} validate={required()} helperText={false} fullWidth />
            <ChangeNote />
            <JobInputs />
            <Box sx={{ display: 'flex', justifyContent: 'flex-end' }}>
              <Button type="submit" variant="contained" data-testid="change-status">
                {translate('kestrel.jobs.change_and_text')}
              </Button>
            </Box>
          </Stack>
        </Form>
      </CardContent>
    </Card>
  );
}

/**
 * The text each change sent: the job's customer's first job update at or after the change
 * and before the next one. The message log does not name the job a text was for, so two
 * jobs of one customer changed in the same moments could show each other's texts.
 */
function textOf(entry: JobStatusEntry, next: JobStatusEntry | undefined, texts: MessageRecord[]): MessageRecord | undefined {
  const from = Date.parse(entry.at);
  const until = next ? Date.parse(next.at) : Infinity;
  return [...texts].reverse().find((m) => Date.parse(m.created_at) >= from - 1_000 && Date.parse(m.created_at) < until);
}

function HistoryEntry({ entry, position, text }: { entry: JobStatusEntry; position: number; text: MessageRecord | undefined }) {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  const firstScheduled = position === 0 && entry.status === 'scheduled';
  return (
    <Stack spacing={0.75} data-testid="job-history-entry" data-status={entry.status}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
        <JobStatusChip status={entry.status} />
        <Typography variant="body2" color="text.secondary">
          {companyTime(entry.at)}
        </Typography>
      </Stack>
      <Typography variant="body2" color="text.secondary">
        <Parts>
          {[
            entry.technician_name && translate('kestrel.jobs.technician_is', { name: entry.technician_name }),
            entry.eta && translate('kestrel.jobs.eta_is', { at: companyTime(entry.eta) }),
            entry.items.length > 0 && summariseItems(entry.items),
          ]}
        </Parts>
      </Typography>
      {firstScheduled ? (
        <Typography variant="body2" color="text.secondary">
          {translate('kestrel.jobs.no_text_for_scheduled')}
        </Typography>
      ) : text ? (
        <Box sx={{ p: 1.5, borderRadius: 2, bgcolor: (theme) => theme.palette.grey[theme.palette.mode === 'dark' ? 800 : 100] }} data-testid="job-text" data-status={text.status}>
          <Typography sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{text.body}</Typography>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: 0.5, flexWrap: 'wrap' }}>
            <MessageStatusChip status={text.status} />
            {text.error_meaning && (
              <Typography variant="caption" color="error">
                {text.error_meaning}
              </Typography>
            )}
            {text.status === 'held' && text.send_after && (
              <Typography variant="caption" color="text.secondary">
                {translate('kestrel.conversations.held_until', { at: companyTime(text.send_after) })}
              </Typography>
            )}
          </Stack>
        </Box>
      ) : (
        <Typography variant="body2" color="text.secondary" data-testid="job-text-pending">
          {translate('kestrel.jobs.text_pending')}
        </Typography>
      )}
    </Stack>
  );
}

/** The job's statuses, newest first, each with the text it sent the customer. */
function History({ job }: { job: JobRecord }) {
  const translate = useTranslate();
  // A change's text is awaited for a while after it (a job that started as scheduled sends none): it is written within seconds.
  const latest = job.status_history[job.status_history.length - 1]!;
  const latestTexts = job.status_history.length > 1 || latest.status !== 'scheduled';
  const awaitsText = (sent: MessageRecord[]) => latestTexts && Date.now() - Date.parse(latest.at) < AWAIT_TEXT_MS && !textOf(latest, undefined, sent);
  const { data: sent = [] } = useContactTexts(job.contact_id, 'job_update', awaitsText);
  const entries = job.status_history.map((entry, i) => ({ entry, i, text: textOf(entry, job.status_history[i + 1], sent) }));
  return (
    <Card variant="outlined">
      <CardHeader title={translate('kestrel.jobs.history')} subheader={translate('kestrel.jobs.history_hint')} />
      <CardContent>
        <Stack spacing={2} divider={<Divider flexItem />} data-testid="job-history">
          {entries.reverse().map(({ entry, i, text }) => (
            <HistoryEntry key={i} entry={entry} position={i} text={text} />
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}

function Details({ job }: { job: JobRecord }) {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  return (
    <Card variant="outlined">
      <CardContent>
        <Stack spacing={1} data-testid="job-details">
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap', rowGap: 1 }}>
            <Typography variant="h6" sx={{ overflowWrap: 'anywhere' }}>
              <ContactName id={job.contact_id} />
            </Typography>
            <JobStatusChip status={job.status} />
          </Stack>
          <Typography variant="body2" color="text.secondary">
            <Parts>
              {[
                job.technician_name && translate('kestrel.jobs.technician_is', { name: job.technician_name }),
                job.eta && translate('kestrel.jobs.eta_is', { at: companyTime(job.eta) }),
                job.external_ref && translate('kestrel.jobs.ref_is', { ref: job.external_ref }),
              ]}
            </Parts>
          </Typography>
          {job.items.length > 0 && <Typography variant="body2">{summariseItems(job.items)}</Typography>}
        </Stack>
      </CardContent>
    </Card>
  );
}

/**
 * One job: who it is for and where it stands; a status change (each one texts the
 * customer once, `en_route` with the technician and the arrival time); and the history of
 * its statuses with the text each sent. A completed job no longer changes.
 */
export function JobPage() {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const writer = useMessagingWriter();
  const { id } = useParams<{ id: string }>();
  const { data: job, isPending, error, refetch } = useGetOne<JobRecord>(PORTAL_RESOURCES.jobs, { id: id! }, { enabled: Boolean(id) });
  return (
    <PortalTimeZone>
      <Stack spacing={2} sx={{ mt: 2, mb: 4 }}>
        <Title title={translate('kestrel.jobs.title')} />
        <Box>
          <Button component={Link} to={createPath({ resource: PORTAL_RESOURCES.jobs, type: 'list' })} startIcon={<ArrowBackIcon />} size="small">
            {translate('kestrel.jobs.all')}
          </Button>
        </Box>
        {error ? (
          <LoadErrorAlert error={error} retry={() => void refetch()} />
        ) : isPending || !job ? (
          <LinearProgress />
        ) : (
          <>
            <Details job={job} />
            {writer && job.status !== 'completed' && <ChangeStatus job={job} />}
            {job.status === 'completed' && (
              <Alert severity="success" data-testid="job-completed">
                {translate('kestrel.jobs.completed_final')}
              </Alert>
            )}
            <History job={job} />
          </>
        )}
      </Stack>
    </PortalTimeZone>
  );
}
