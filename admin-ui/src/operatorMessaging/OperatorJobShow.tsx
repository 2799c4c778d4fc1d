import { Box, Card, CardContent, CardHeader, Divider, Stack, Typography } from '@mui/material';
import { Show, TextField, TopToolbar, useRecordContext, useShowContext, useTranslate } from 'react-admin';
import { summariseItems } from '../../../domain/jobs';
import { RecordLoadError } from '../feedback/LoadError';
import { useCompanyDateTime } from '../fields/companyTimeZone';
import { CompanyTime } from './CompanyTime';
import { Parts } from '../fields/Parts';
import { PhoneNumber } from '../fields/PhoneField';
import { TenantLink } from '../fields/TenantLink';
import { Fact, FactsCard } from '../sections/Facts';
import { JobStatusField, JobStatusChip } from '../tenantPortal/jobs/JobStatusChip';
import type { OperatorJobRecord } from './records';
import { TextsToCustomer } from './TextsToCustomer';

function JobTitle() {
  const translate = useTranslate();
  const { record } = useShowContext<OperatorJobRecord>();
  if (!record) return null;
  return <>{translate('kestrel.operator_jobs.title', { customer: record.contact_name ?? record.contact_phone ?? '', company: record.company_name })}</>;
}

function Actions() {
  const translate = useTranslate();
  const job = useRecordContext<OperatorJobRecord>();
  if (!job) return null;
  return (
    <TopToolbar>
      <TextsToCustomer tenantId={job.tenant_id} contactId={job.contact_id} kind="job_update" label={translate('kestrel.operator_jobs.texts')} />
    </TopToolbar>
  );
}

/** Each status the job was put in, newest first, with the technician, arrival time and parts as they were then. */
function History({ job }: { job: OperatorJobRecord }) {
  const translate = useTranslate();
  const companyTime = useCompanyDateTime();
  return (
    <Card variant="outlined">
      <CardHeader title={translate('kestrel.jobs.history')} subheader={translate('kestrel.operator_jobs.history_hint')} />
      <CardContent>
        <Stack spacing={2} divider={<Divider flexItem />} data-testid="job-history">
          {[...job.status_history].reverse().map((entry, i) => (
            <Stack key={i} spacing={0.75} data-testid="job-history-entry" data-status={entry.status}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
                <JobStatusChip status={entry.status} />
                <Typography variant="body2" color="text.secondary">
                  {companyTime(entry.at, job)}
                </Typography>
              </Stack>
              <Typography variant="body2" color="text.secondary">
                <Parts>
                  {[
                    entry.technician_name && translate('kestrel.jobs.technician_is', { name: entry.technician_name }),
                    entry.eta && translate('kestrel.jobs.eta_is', { at: companyTime(entry.eta, job) }),
                    entry.items.length > 0 && summariseItems(entry.items),
                  ]}
                </Parts>
              </Typography>
            </Stack>
          ))}
        </Stack>
      </CardContent>
    </Card>
  );
}

function JobBody() {
  const job = useRecordContext<OperatorJobRecord>();
  if (!job) return null;
  return (
    <Stack spacing={2} sx={{ mt: 1, mb: 4 }}>
      <FactsCard>
        <Fact label="resources.jobs.fields.company_name">
          <TenantLink tenantId={job.tenant_id} companyName={job.company_name} />
        </Fact>
        <Fact label="resources.jobs.fields.contact_name">
          <Typography variant="body2" component="span">
            <Parts>{[job.contact_name, <PhoneNumber key="phone" value={job.contact_phone} />]}</Parts>
          </Typography>
        </Fact>
        <Fact label="resources.jobs.fields.status">
          <JobStatusField />
        </Fact>
        <Fact>
          <TextField source="technician_name" emptyText="—" />
        </Fact>
        <Fact label="resources.jobs.fields.eta">
          <CompanyTime source="eta" />
        </Fact>
        <Fact>
          <TextField source="external_ref" emptyText="—" />
        </Fact>
        <Fact label="resources.jobs.fields.items" size={{ xs: 12, md: 8 }}>
          <Typography variant="body2" component="span">
            {job.items.length > 0 ? summariseItems(job.items) : '—'}
          </Typography>
        </Fact>
        <Fact label="resources.jobs.fields.updated_at">
          <CompanyTime source="updated_at" />
        </Fact>
      </FactsCard>
      <History job={job} />
    </Stack>
  );
}

/** One job of any company: who it is for, where it stands, and each status it went through. */
export function OperatorJobShow() {
  return (
    <Show<OperatorJobRecord> title={<JobTitle />} error={<RecordLoadError />} actions={<Actions />} component={Box}>
      <JobBody />
    </Show>
  );
}

