import type { CampaignGoal, CampaignStatus, CampaignTrigger, EnrollmentSource, EnrollmentStatus, ExitReason, StepCondition } from '../../domain/campaigns';
import { TimestampedModel } from './base';

/** A company's drip campaign: ordered steps, how contacts come in, and what ends an enrolment early. */
export class Campaign extends TimestampedModel {
  static override tableName = 'campaigns';

  declare id: string;
  declare tenant_id: string;
  declare name: string;
  declare status: CampaignStatus;
  declare trigger: CampaignTrigger;
  declare trigger_settings: Record<string, unknown>;
  declare goal: CampaignGoal;
  /** Whether any reply of the contact ends their enrolment (else only STOP and the goal do). */
  declare exit_on_reply: boolean;
  declare created_by: string | null;
}

/** One text of a campaign: sent `delay` after the step before (the first: after enrolment), when its condition holds. */
export class CampaignStep extends TimestampedModel {
  static override tableName = 'campaign_steps';

  declare id: string;
  declare tenant_id: string;
  declare campaign_id: string;
  declare position: number;
  declare body: string;
  /** Short form (`2d`, `3h`, `1w`). */
  declare delay: string;
  declare condition: StepCondition;
}

/** One contact in one campaign, run by the workflow `workflow_id`. */
export class CampaignEnrollment extends TimestampedModel {
  static override tableName = 'campaign_enrollments';

  declare id: string;
  declare tenant_id: string;
  declare campaign_id: string;
  declare contact_id: string;
  declare status: EnrollmentStatus;
  declare exit_reason: ExitReason | null;
  declare source: EnrollmentSource;
  declare enrol_key: string | null;
  declare workflow_id: string;
  declare last_position: number | null;
  declare next_step_at: Date | null;
  declare enrolled_at: Date;
  declare ended_at: Date | null;
}
