import { Alert } from '@mui/material';
import { SelectInput, TextInput, required, useCreatePath, useNotify, useTranslate } from 'react-admin';
import { useWatch, type FieldValues } from 'react-hook-form';
import { useNavigate } from 'react-router-dom';
import type { JobItem } from '../../../../domain/jobs';
import { FormDialog } from '../../dialogs/FormDialog';
import { CustomerInputs, customerOf } from '../customers/CustomerInputs';
import { PORTAL_RESOURCES } from '../tenantDataProvider';
import { jobStatusChoices } from './choices';
import { JobInputs, textOrNull } from './JobInputs';
import { createJob } from './jobsApi';

const NEW_JOB = { contact_id: null, phone: '', name: '', status: 'scheduled', technician_name: '', eta: null, items: [], external_ref: '' };

/** A job created in a status other than scheduled texts the customer that status at once; scheduled waits for the next change. */
function FirstTextNote() {
  const translate = useTranslate();
  const status = useWatch({ name: 'status' }) as string;
  return (
    <Alert severity="info" data-testid="job-first-text">
      {translate(status === 'scheduled' ? 'kestrel.jobs.scheduled_no_text' : 'kestrel.jobs.status_texts', { status: translate(`kestrel.job_status.${status}`) })}
    </Alert>
  );
}

/** Adds a job for a contact or a new customer's number, and opens it. */
export function JobDialog({ onClose }: { onClose: () => void }) {
  const notify = useNotify();
  const navigate = useNavigate();
  const createPath = useCreatePath();
  const save = async (values: FieldValues) => {
    const job = await createJob({
      ...customerOf(values),
      status: values.status,
      technician_name: textOrNull(values.technician_name),
      eta: values.eta || null,
      items: ((values.items ?? []) as JobItem[]).filter((item) => item?.name?.trim()),
      external_ref: textOrNull(values.external_ref),
    });
    notify('kestrel.jobs.added', { type: 'success' });
    onClose();
    navigate(createPath({ resource: PORTAL_RESOURCES.jobs, id: job.id, type: 'show' }));
  };
  return (
    <FormDialog name="add-job" title="kestrel.jobs.add_title" intro="kestrel.jobs.add_intro" submitLabel="kestrel.jobs.add" defaultValues={NEW_JOB} maxWidth="sm" onClose={onClose} onSubmit={save}>
      <CustomerInputs />
      <SelectInput source="status" label="resources.my-jobs.fields.status" choices={jobStatusChoices} validate={required()} helperText={false} fullWidth />
      <FirstTextNote />
      <JobInputs />
      <TextInput source="external_ref" label="resources.my-jobs.fields.external_ref" helperText="kestrel.jobs.external_ref_help" fullWidth />
    </FormDialog>
  );
}
