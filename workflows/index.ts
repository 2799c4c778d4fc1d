/**
 * The workflows the worker registers. Each lives in its own file and is re-exported
 * here; this module (and everything it imports) runs inside Temporal's deterministic
 * sandbox, so it must not do I/O or read clocks other than Temporal's.
 */
export { appointmentMessages } from './appointment-messages';
export { callWorkflow } from './call';
export { callOutboxRelay } from './call-outbox-relay';
export { campaignEnrollment } from './campaign-enrollment';
export { customerInvoiceReminders } from './customer-invoice-reminders';
export { dataExportWorkflow } from './data-export';
export { deadLetterReplayWorkflow } from './dead-letter-replay';
export { healthScoreRun } from './health-score-run';
export { jobUpdates } from './job-updates';
export { provisionNumberWorkflow } from './provision-number';
export { retentionRun } from './retention-run';
export { seasonalCampaignRun } from './seasonal-campaign-run';
export { sendEmailWorkflow } from './send-email';
export { supportSessionExpiry } from './support-session-expiry';
export { tenantErasureWorkflow } from './tenant-erasure';
export { tenantLifecycle } from './tenant-lifecycle';
