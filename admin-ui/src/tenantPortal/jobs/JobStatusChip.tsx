import { useRecordContext } from 'react-admin';
import type { JobStatus } from '../../../../domain/jobs';
import { ValueChip, type ChipColour } from '../../fields/ValueChip';
import type { JobRecord } from './jobsApi';

/** On the way is the one the customer waits on; completed is done. */
const STATUS_COLOURS: Record<JobStatus, ChipColour> = {
  scheduled: 'default',
  en_route: 'info',
  parts_ordered: 'warning',
  parts_arrived: 'primary',
  completed: 'success',
};

export function JobStatusChip({ status }: { status: JobStatus }) {
  return <ValueChip value={status} prefix="kestrel.job_status" colours={STATUS_COLOURS} outlined={['scheduled']} testId="job-status" />;
}

export function JobStatusField(_props: { source?: string; label?: string }) {
  const record = useRecordContext<JobRecord>();
  return record ? <JobStatusChip status={record.status} /> : null;
}
