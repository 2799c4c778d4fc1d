/**
 * Every action the audit log records, with the words a person reads for it. The API writes
 * these names and hands out the words beside them (`action_label`); the console's activity
 * lists and the lifecycle's transitions show the same words, so the operator and the
 * company read one vocabulary.
 */
export const AUDIT_ACTIONS = {
  'tenant.created': 'Signed up',
  'tenant.settings_updated': 'Settings changed',
  'tenant.cloned': 'Location added',
  'tenant.feature_flag_overridden': 'Feature flag overridden',
  'tenant.feature_flag_cleared': 'Feature flag override cleared',
  'tenant.erasure_requested': 'Erasure of personal data requested',
  'tenant.erased': 'Personal data erased',

  // The lifecycle workflow's transitions, as `tenant.<transition>`.
  'tenant.provisioning_started': 'Provisioning started',
  'tenant.number_provisioned': 'Number provisioned',
  'tenant.provisioning_failed': 'Provisioning failed',
  'tenant.activated': 'Activated',
  'tenant.trial_started': 'Trial started',
  'tenant.trial_extended': 'Trial extended',
  'tenant.trial_converted': 'Trial converted',
  'tenant.trial_expired': 'Trial expired',
  'tenant.billing_confirmed': 'Billing confirmed',
  'tenant.plan_changed': 'Plan changed',
  'tenant.cycle_started': 'Billing cycle started',
  'tenant.suspended': 'Suspended',
  'tenant.reactivated': 'Reactivated',
  'tenant.cancelled': 'Cancelled',
  'tenant.deleted': 'Deleted',
  'tenant.number_released': 'Number released',
  'tenant.payment_failed': 'Payment failed',
  'tenant.payment_reminder_sent': 'Payment reminder sent',
  'tenant.payment_received': 'Payment received',
  'tenant.suspended_for_nonpayment': 'Suspended for non-payment',
  'tenant.plan_change_scheduled': 'Plan change scheduled',
  'tenant.billing_terms_changed': 'Enterprise terms changed',

  'support_session.opened': 'Support session opened',
  'support_session.write_granted': 'Support allowed to make changes',
  'support_session.request': 'Change asked for in a support session',
  'support_session.ended': 'Support session ended',
  'support_session.expired': 'Support session expired',

  'user.invited': 'User invited',
  'user.invitation_renewed': 'Invitation sent again',
  'user.invite_accepted': 'Invitation accepted',
  'user.role_changed': 'Role changed',
  'user.disabled': 'User disabled',
  'user.password_reset_requested': 'Password reset requested',
  'user.password_reset': 'Password reset',
  'user.password_changed': 'Password changed',
  'user.two_step_enabled': 'Two-step sign-in switched on',
  'user.two_step_disabled': 'Two-step sign-in switched off',
  'user.otp_sent': 'Code texted',
  'user.otp_send_failed': 'Code could not be texted',
  'user.otp_exhausted': 'Too many wrong codes',
  'user.phone_verified': 'Phone verified',
  'session.revoked': 'Signed out of a device',

  'api_key.created': 'API key created',
  'api_key.revoked': 'API key revoked',
  'appointment.created': 'Appointment booked',
  'appointment.updated': 'Appointment changed',
  'appointment.confirmed_by_customer': 'Appointment confirmed by the customer (text)',
  'appointment.reschedule_requested': 'Customer asked to reschedule (text)',
  'contact.created': 'Contact added',
  'contact.updated': 'Contact changed',
  'contact.imported': 'Contacts imported',
  'message.sent': 'Text sent to a contact',
  'message_template.updated': 'Message template changed',
  'job.created': 'Job added',
  'job.updated': 'Job changed',
  'customer_invoice.created': 'Customer invoice added',
  'customer_invoice.updated': 'Customer invoice changed',
  'customer_invoice.overdue': 'Customer invoice overdue',
  'campaign.created': 'Campaign created',
  'campaign.updated': 'Campaign changed',
  'campaign.step_added': 'Campaign step added',
  'campaign.step_updated': 'Campaign step changed',
  'campaign.step_deleted': 'Campaign step removed',
  'campaign.enrolled': 'Contacts enrolled in a campaign',
  'campaign.enrollment_paused': 'Campaign enrolment paused',
  'campaign.enrollment_resumed': 'Campaign enrolment resumed',
  'campaign.enrollment_cancelled': 'Campaign enrolment cancelled',
  'data_export.requested': 'Data export requested',
  'data_export.downloaded': 'Data export downloaded',
  'dead_letter.replayed': 'Failed step run again',
  'email.resent': 'E-mail sent again',

  'feature_flag.created': 'Feature flag created',
  'feature_flag.updated': 'Feature flag changed',
  'feature_flag.deleted': 'Feature flag deleted',
  'operator.created': 'Operator added',
  'operator.password_changed': 'Operator password changed',
  'operator.invited': 'Operator invited',
  'operator.invitation_renewed': 'Operator invitation sent again',
  'operator.invite_accepted': 'Operator invitation accepted',
  'operator.role_changed': 'Operator role changed',
  'operator.disabled': 'Operator disabled',
  'operator.enabled': 'Operator enabled',
  'operator.password_reset_requested': 'Operator password reset requested',
  'operator.password_reset': 'Operator password reset',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

const isKnown = (action: string): action is AuditAction => Object.hasOwn(AUDIT_ACTIONS, action);

/**
 * The words for an action. One the vocabulary does not have yet (an entry older or newer
 * than this code) still reads as words: `tenant.some_change` → "Some change".
 */
export function auditActionLabel(action: string): string {
  if (isKnown(action)) return AUDIT_ACTIONS[action];
  const words = action.replace(/^tenant\./, '').replace(/[._]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The words for a lifecycle transition (the workflow names it without the `tenant.` of its audit entry). */
export const transitionLabel = (transition: string): string => auditActionLabel(`tenant.${transition}`);
