import type { JobItem, JobStatus, JobStatusEntry } from '../../../../domain/jobs';
import { httpClient } from '../../http/httpClient';

const API = '/api/v1';

/** A job as the tenant API shows it (`GET /api/v1/jobs/:id`). */
export interface JobRecord {
  id: string;
  tenant_id: string;
  contact_id: string;
  external_ref: string | null;
  status: JobStatus;
  technician_name: string | null;
  eta: string | null;
  items: JobItem[];
  /** Oldest first: each status the job was put in, with the technician, arrival time and parts as they were then. */
  status_history: JobStatusEntry[];
  appointment_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface JobFields {
  status?: JobStatus;
  technician_name?: string | null;
  eta?: string | null;
  items?: JobItem[];
  external_ref?: string | null;
}

/** Adds a job for a contact (or a new customer's number); a status other than scheduled texts the customer at once. */
export async function createJob(fields: JobFields & { contact_id?: string; phone?: string; name?: string }): Promise<JobRecord> {
  return (await httpClient(`${API}/jobs`, { method: 'POST', body: JSON.stringify(fields) })).json as JobRecord;
}

/** Changes a job; a status given texts the customer once (sent again, the same status sends what the first could not). */
export async function changeJob(id: string, fields: JobFields): Promise<JobRecord> {
  return (await httpClient(`${API}/jobs/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(fields) })).json as JobRecord;
}
