/**
 * A company's jobs as its customers hear of them: the statuses a job goes through, the
 * state of its parts, which status changes text the customer, the words of each text and
 * the key it is sent under. Pure: the API, the job's workflow and its activity share them.
 */

export const JOB_STATUSES = ['scheduled', 'en_route', 'parts_ordered', 'parts_arrived', 'completed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const JOB_ITEM_STATES = ['needed', 'ordered', 'arrived', 'installed'] as const;
export type JobItemState = (typeof JOB_ITEM_STATES)[number];

export interface JobItem {
  name: string;
  state: JobItemState;
}

/**
 * One status a job was put in, when, and the technician, arrival time and parts as they
 * were then (what that status's text tells). A job's history starts with the status it was
 * created in.
 */
export interface JobStatusEntry {
  status: JobStatus;
  at: string;
  technician_name: string | null;
  eta: string | null;
  items: JobItem[];
}

/**
 * Why a job may not move from `from` to `to`, or undefined when it may. A completed job is
 * done; any other status may follow any other (a technician turns back, a part comes late,
 * a second visit is needed), as the office decides.
 */
export function jobStatusRefusal(from: JobStatus, to: JobStatus): string | undefined {
  if (from === 'completed' && to !== 'completed') return 'the job is completed: its status can no longer change';
  return undefined;
}

/**
 * A status change as the job's workflow receives it: the status, its place in the job's
 * history (`version`, from 1: the status the job was created in) and how many times the
 * job has been in this status (`occurrence`, from 1).
 */
export interface JobStatusChange {
  status: JobStatus;
  version: number;
  occurrence: number;
}

/** The change the job's latest status is, from its history. */
export function latestChange(history: ReadonlyArray<Pick<JobStatusEntry, 'status'>>): JobStatusChange {
  const last = history[history.length - 1];
  if (!last) throw new Error('a job has at least the status it was created in');
  return { status: last.status, version: history.length, occurrence: history.filter((entry) => entry.status === last.status).length };
}

/**
 * Whether a change texts the customer: every change does, except a job created as
 * `scheduled` (the booking's own confirmation has told the customer already).
 */
export const changeTextsCustomer = (change: JobStatusChange) => !(change.version === 1 && change.status === 'scheduled');

/**
 * The key a change's text is sent under: `job:<id>:status:<status>`, with the occurrence
 * after the first (a technician on the way for the second visit is a text of its own).
 * Retried or replayed, the same change has the same key, so it never texts twice.
 */
export const jobMessageKey = (jobId: string, change: Pick<JobStatusChange, 'status' | 'occurrence'>) =>
  `job:${jobId}:status:${change.status}${change.occurrence > 1 ? `:${change.occurrence}` : ''}`;

/** A job's parts in a few words: `blower motor (arrived), capacitor (ordered)`. */
export function summariseItems(items: readonly JobItem[]): string {
  return items.map((item) => `${item.name} (${item.state})`).join(', ');
}

/**
 * What a status tells the customer (the template's `{job_status}`): `eta` is the arrival
 * time already written in the company's zone, `items` the parts' summary.
 */
export function jobStatusText(status: JobStatus, facts: { technicianName: string | null; eta: string | null; items: readonly JobItem[] }): string {
  const parts = facts.items.length > 0 ? `: ${summariseItems(facts.items)}` : '';
  switch (status) {
    case 'scheduled':
      return 'your job is on our schedule. We will text you when your technician is on the way.';
    case 'en_route': {
      const who = facts.technicianName ? `${facts.technicianName}, your technician,` : 'your technician';
      return `${who} is on the way${facts.eta ? `, arriving around ${facts.eta}` : ''}.`;
    }
    case 'parts_ordered':
      return `we have ordered the parts for your job${parts}. We will text you when they arrive.`;
    case 'parts_arrived':
      return `the parts for your job have arrived${parts}. We will be in touch to finish the work.`;
    case 'completed':
      return 'your job is complete. Thank you for choosing us!';
  }
}
