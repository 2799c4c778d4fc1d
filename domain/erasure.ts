/**
 * What erasing a tenant removes, in order, and what its tombstone keeps. Shared by the
 * erasure workflow (which walks the steps) and its activities (which do them).
 *
 * Deleted: every row holding what the tenant's people, callers and customers said or are
 * (names, addresses, numbers, transcripts, messages, sessions, keys), and rows derived from
 * them (health scores, flags, exports). Anonymised instead of deleted: the audit log
 * (append-only: who did what and when stays, the values go), the staff's copies of mail
 * about the tenant (that a mail went out stays), and the tenant row itself (a tombstone,
 * so that ids referring to it keep their meaning). Kept: the usage periods, which hold
 * only the figures billed (calls per period, plan), needed for the accounts.
 */
export const ERASURE_STEPS = [
  // Calls before appointments: a call log refers to the appointment it booked.
  'call_logs',
  'appointments',
  'usage_events',
  'call_outbox',
  'dead_letters',
  'messages',
  'sms_opt_outs',
  // Jobs and customer invoices before the contacts they are for; added after erasures began, see ERASURE_STEP_PATCHES.
  'jobs',
  'customer_invoices',
  // Campaign enrolments before the contacts they enrol, steps before their campaigns; added after erasures began, see ERASURE_STEP_PATCHES.
  'campaign_enrollments',
  'campaign_steps',
  'campaigns',
  // Contacts and message templates; added after erasures began, see ERASURE_STEP_PATCHES.
  'contacts',
  'message_templates',
  'notifications',
  'staff_notifications',
  // Operators' sessions let go of the tenant's support sessions before they are deleted.
  'support_sessions',
  // Rate-limit counters are named by the tenant's key and user ids, so they go before those.
  'rate_limits',
  'auth_sessions',
  // One-time codes (where they were texted); added after erasures began, see ERASURE_STEP_PATCHES.
  'otp_codes',
  'api_keys',
  'tenant_users',
  'tenant_feature_flags',
  'health_scores',
  'audit_log',
] as const;
export type ErasureStep = (typeof ERASURE_STEPS)[number];

/**
 * Steps added after erasure workflows were first run, each with its `patched()` id: an
 * erasure whose history began before the step existed replays without it (its tenant's rows
 * of that table, if any, are then left to a rerun of the erasure, which takes every step).
 */
export const ERASURE_STEP_PATCHES: Partial<Record<ErasureStep, string>> = {
  otp_codes: 'erasure-step-otp-codes',
  contacts: 'erasure-step-contacts',
  message_templates: 'erasure-step-message-templates',
  campaign_enrollments: 'erasure-step-campaign-enrollments',
  campaign_steps: 'erasure-step-campaign-steps',
  campaigns: 'erasure-step-campaigns',
  jobs: 'erasure-step-jobs',
  customer_invoices: 'erasure-step-customer-invoices',
};

/** Steps renamed since erasures began (the table was renamed): a step scheduled under its old name is done under the new. */
export const RENAMED_ERASURE_STEPS: Record<string, ErasureStep> = {
  sms_messages: 'messages',
};

/** The tenant's rows removed (or, for the audit log and staff mail, anonymised) per table. */
export type ErasureCounts = Partial<Record<ErasureStep | 'data_exports' | 'export_files' | 'numbers_released', number>>;

/** The name an erased tenant keeps: no trace of the company, enough to tell tombstones apart. */
export const erasedCompanyName = (tenantId: string) => `Erased tenant ${tenantId.slice(0, 8)}`;

/**
 * The tenant row after erasure. The slug was made from the company's name, so it goes too
 * (the whole id keeps it unique within 40 characters); the owner's columns that may not be
 * empty get placeholders no one can be reached at (`.invalid` is reserved, RFC 2606).
 */
export function tombstone(tenantId: string) {
  return {
    company_name: erasedCompanyName(tenantId),
    slug: `erased-${tenantId.replace(/-/g, '')}`,
    owner_name: 'Erased',
    owner_email: `erased-${tenantId}@erased.invalid`,
    owner_phone: null,
    phone_number: null,
    phone_number_sid: null,
    forward_to_number: null,
    emergency_phone: null,
    ai_settings: {},
    business_hours: {},
    status_reason: null,
  };
}

