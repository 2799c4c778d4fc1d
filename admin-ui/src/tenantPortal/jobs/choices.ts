import { JOB_ITEM_STATES, JOB_STATUSES } from '../../../../domain/jobs';

export const jobStatusChoices = JOB_STATUSES.map((id) => ({ id, name: `kestrel.job_status.${id}` }));
export const itemStateChoices = JOB_ITEM_STATES.map((id) => ({ id, name: `kestrel.job_item_states.${id}` }));
