/** A row of `GET /api/admin/emails` (the notifications table); one email adds the facts it was rendered from. */
export interface EmailRecord {
  id: string;
  tenant_id: string | null;
  company_name: string | null;
  channel: 'email' | 'sms';
  template: string;
  recipient: string;
  subject: string | null;
  status: string;
  provider_id: string | null;
  error: string | null;
  sent_at: string | null;
  created_at: string;
  /** The e-mail this one sends again, when an operator re-sent it. */
  resend_of: string | null;
  payload?: unknown;
  /** One e-mail's page: the re-sends of it, newest first. */
  resends?: EmailResend[];
}

export interface EmailResend {
  id: string;
  status: string;
  sent_at: string | null;
  created_at: string;
}

/**
 * The templates the platform sends (activities/email/templates.ts, which pulls the
 * rendering along: copied here, to follow it) and the states of a send.
 */
export const EMAIL_TEMPLATES = [
  'tenant_signup',
  'welcome',
  'activated',
  'trial_ending',
  'trial_ended_suspended',
  'usage_warning',
  'usage_limit_reached',
  'user_invite',
  'set_password',
  'password_reset',
  'health_alert',
] as const;
export const EMAIL_STATUSES = ['pending', 'retrying', 'sent', 'failed'] as const;

export const templateChoices = EMAIL_TEMPLATES.map((id) => ({ id, name: `kestrel.email_templates.${id}` }));
export const emailStatusChoices = EMAIL_STATUSES.map((id) => ({ id, name: `kestrel.email_status.${id}` }));
