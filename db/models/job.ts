import type { JobItem, JobStatus, JobStatusEntry } from '../../domain/jobs';
import { TimestampedModel } from './base';

/** A job of a company's for one of its contacts: its status, technician, arrival time and parts, as the customer is told of them. */
export class Job extends TimestampedModel {
  static override tableName = 'jobs';

  declare id: string;
  declare tenant_id: string;
  declare contact_id: string;
  /** The job's id in the company's own system, unique in the company. */
  declare external_ref: string | null;
  declare status: JobStatus;
  declare technician_name: string | null;
  declare eta: Date | null;
  declare items: JobItem[];
  declare status_history: JobStatusEntry[];
  declare appointment_id: string | null;
}
