import type { CampaignGoal, CampaignStatus, CampaignTrigger, EnrollmentAction, EnrollmentSource, EnrollmentStatus, ExitReason, SeasonalSettings, StepCondition } from '../../../../domain/campaigns';
import { httpClient } from '../../http/httpClient';

const API = '/api/v1';
const campaignPath = (id: string) => `${API}/campaigns/${encodeURIComponent(id)}`;

/** One step of a campaign (`steps` of `GET /api/v1/campaigns/:id`). */
export interface StepRecord {
  id: string;
  campaign_id: string;
  position: number;
  body: string;
  /** After the step before (the first step: after enrolment): `30s`, `15m`, `3h`, `2d`, `1w`. */
  delay: string;
  condition: StepCondition;
  created_at: string;
  updated_at: string;
}

/** A campaign; the list leaves out its steps and enrolment counts. */
export interface CampaignRecord {
  id: string;
  name: string;
  status: CampaignStatus;
  trigger: CampaignTrigger;
  /** A seasonal campaign's months, day and months since the last visit; {} for the other triggers. */
  trigger_settings: Partial<SeasonalSettings>;
  goal: CampaignGoal;
  exit_on_reply: boolean;
  steps?: StepRecord[];
  enrollments?: Partial<Record<EnrollmentStatus, number>>;
  created_at: string;
  updated_at: string;
}

export interface EnrollmentRecord {
  id: string;
  campaign_id: string;
  contact_id: string;
  status: EnrollmentStatus;
  exit_reason: ExitReason | null;
  source: EnrollmentSource;
  /** The position of the last step reached (sent or skipped); null before the first. */
  last_position: number | null;
  next_step_at: string | null;
  enrolled_at: string;
  ended_at: string | null;
}

/** One step's funnel, counted from the message log. */
export interface StepProgress {
  step_id: string;
  position: number;
  sent: number;
  delivered: number;
  replied: number;
  opted_out: number;
  goal_reached: number;
  not_sent: number;
}

export interface CampaignProgress {
  campaign_id: string;
  enrollments: Partial<Record<EnrollmentStatus, number>>;
  steps: StepProgress[];
}

export interface EnrolResult {
  enrolled: Array<{ contact_id: string; enrollment_id: string }>;
  refused: Array<{ contact_id: string | null; line?: number; reason: string }>;
}

export type CampaignFields = Pick<CampaignRecord, 'name' | 'trigger' | 'trigger_settings' | 'goal' | 'exit_on_reply'>;
export type StepFields = Pick<StepRecord, 'body' | 'delay' | 'condition'>;

const json = async <T>(url: string, method: string, body?: unknown): Promise<T> =>
  (await httpClient(url, { method, ...(body !== undefined && { body: JSON.stringify(body) }) })).json as T;

/** A new campaign, a draft: it enrols no one until it is made active. */
export const createCampaign = (fields: CampaignFields) => json<CampaignRecord>(`${API}/campaigns`, 'POST', fields);

/** Changes a campaign's settings or status; pausing, resuming and archiving carry its ongoing enrolments along. */
export const changeCampaign = (id: string, fields: Partial<CampaignFields & { status: CampaignStatus }>) => json<CampaignRecord>(campaignPath(id), 'PATCH', fields);

export const addStep = (campaignId: string, fields: StepFields) => json<StepRecord>(`${campaignPath(campaignId)}/steps`, 'POST', fields);
export const changeStep = (campaignId: string, stepId: string, fields: Partial<StepFields>) =>
  json<StepRecord>(`${campaignPath(campaignId)}/steps/${encodeURIComponent(stepId)}`, 'PATCH', fields);
export const removeStep = async (campaignId: string, stepId: string): Promise<void> => {
  await httpClient(`${campaignPath(campaignId)}/steps/${encodeURIComponent(stepId)}`, { method: 'DELETE' });
};

/** Enrols contacts by id, or the phone numbers of a CSV (a number without a contact becomes one); each is enrolled or refused with the reason. */
export const enrolContacts = (campaignId: string, who: { contact_ids: string[] } | { csv: string }) => json<EnrolResult>(`${campaignPath(campaignId)}/enrol`, 'POST', who);

export const actOnEnrollment = (campaignId: string, enrollmentId: string, action: EnrollmentAction) =>
  json<EnrollmentRecord>(`${campaignPath(campaignId)}/enrollments/${encodeURIComponent(enrollmentId)}/${action}`, 'POST');

export const fetchProgress = (campaignId: string) => json<CampaignProgress>(`${campaignPath(campaignId)}/progress`, 'GET');

export const fetchEnrollments = (campaignId: string, cursor: string | null) =>
  json<{ data: EnrollmentRecord[]; next_cursor: string | null }>(`${campaignPath(campaignId)}/enrollments?${new URLSearchParams({ limit: '50', ...(cursor && { cursor }) })}`, 'GET');
