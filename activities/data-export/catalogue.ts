import type { ExportTable } from '../../domain/data-export';

export interface KeyColumn {
  column: string;
  type: 'timestamptz' | 'uuid' | 'bigint' | 'text';
}

/**
 * Where each file's rows come from. Columns are listed, never `*`: a column added later
 * (a new secret among them) stays out of exports until someone decides it belongs. Rows
 * are read in key order, part after part from the last key of the part before (keyset
 * paging, on an index that starts with the tenant), and only rows created before the
 * export began, so the counts taken at the start are the counts written.
 */
export interface TableSource {
  from: string;
  /** The column naming the tenant (`id` for the tenant's own row). */
  tenantColumn: string;
  columns: string[];
  key: KeyColumn[];
  /** Rows created after the export's snapshot are left to the next export. */
  createdColumn: string | null;
}

const at = (column: string): KeyColumn => ({ column, type: 'timestamptz' });
const id: KeyColumn = { column: 'id', type: 'uuid' };

/** Most tables: rows the tenant owns by `tenant_id`, created at `created_at`, read in creation order unless `key` says otherwise. */
const tenantRows = (from: string, columns: string[], key: KeyColumn[] = [at('created_at'), id]): TableSource => ({
  from,
  tenantColumn: 'tenant_id',
  columns,
  key,
  createdColumn: 'created_at',
});

export const EXPORT_SOURCES: Record<ExportTable, TableSource> = {
  // Not the Temporal workflow id nor Twilio's resource id of the number: the platform's plumbing, not the company's data.
  tenant: {
    from: 'tenants',
    tenantColumn: 'id',
    columns: [
      'id', 'slug', 'company_name', 'industry', 'timezone', 'owner_name', 'owner_email', 'owner_phone', 'status', 'status_reason',
      'plan_tier', 'billing_plan_tier', 'custom_call_limit', 'custom_price_cents', 'trial_ends_at', 'activated_at', 'billing_confirmed_at',
      'current_period_start', 'current_period_end', 'phone_number', 'forward_to_number', 'emergency_phone', 'ai_settings', 'business_hours',
      'is_test_mode', 'parent_tenant_id', 'cancelled_at', 'deleted_at', 'created_at', 'updated_at',
    ],
    key: [id],
    createdColumn: null,
  },
  // No password hash, no invitation token hash, no lockout counters.
  users: tenantRows('tenant_users', [
    'id', 'tenant_id', 'email', 'name', 'role', 'invited_at', 'invited_by', 'accepted_at', 'disabled_at', 'last_login_at', 'created_at', 'updated_at',
  ]),
  // Metadata only: never the key's hash.
  api_keys: tenantRows('api_keys', [
    'id', 'tenant_id', 'name', 'mode', 'display_prefix', 'scopes', 'created_by', 'expires_at', 'revoked_at', 'last_used_at', 'created_at', 'updated_at',
  ]),
  calls: tenantRows(
    'call_logs',
    [
      'id', 'tenant_id', 'call_sid', 'direction', 'status', 'from_number', 'to_number', 'started_at', 'ended_at', 'duration_seconds',
      'outcome', 'summary', 'details', 'transcript', 'appointment_id', 'transferred_to', 'over_limit', 'is_test', 'created_at', 'updated_at',
    ],
    [at('started_at'), id],
  ),
  appointments: tenantRows(
    'appointments',
    [
      'id', 'tenant_id', 'call_sid', 'customer_name', 'callback_number', 'service_type', 'starts_at', 'duration_minutes', 'notes',
      'service_street', 'service_city', 'service_postal_code', 'status', 'is_test', 'created_at', 'updated_at',
    ],
    [at('starts_at'), id],
  ),
  usage_periods: tenantRows(
    'usage_periods',
    [
      'id', 'tenant_id', 'period_start', 'period_end', 'plan_tier', 'calls_included', 'calls_used', 'warning_sent_at', 'over_limit_sent_at',
      'closed_at', 'created_at', 'updated_at',
    ],
    [at('period_start'), id],
  ),
  usage_events: tenantRows('usage_events', ['id', 'tenant_id', 'usage_period_id', 'call_sid', 'units', 'duration_seconds', 'created_at']),
  // Not the provider's message id nor the idempotency key: delivery plumbing.
  notifications: tenantRows('notifications', [
    'id', 'tenant_id', 'channel', 'template', 'recipient', 'subject', 'status', 'error', 'payload', 'sent_at', 'created_at', 'updated_at',
  ]),
  audit_log: tenantRows(
    'audit_log',
    ['id', 'tenant_id', 'actor_type', 'actor_id', 'action', 'target_type', 'target_id', 'reason', 'support_session_id', 'request_id', 'details', 'created_at'],
    [at('created_at'), { column: 'id', type: 'bigint' }],
  ),
  // Texts to and from the company's contacts, with the campaign enrolment and step a campaign text belongs to. Not
  // Twilio's id, the idempotency key nor when it was last handed to Twilio (`attempted_at`): delivery plumbing.
  messages: tenantRows('messages', [
    'id', 'tenant_id', 'direction', 'channel', 'kind', 'contact_id', 'from_number', 'to_number', 'body', 'keyword', 'segments', 'status',
    'error_code', 'error_meaning', 'send_after', 'appointment_id', 'campaign_enrollment_id', 'campaign_step_id', 'sent_by', 'sent_at',
    'status_changed_at', 'created_at', 'updated_at',
  ]),
  sms_opt_outs: {
    from: 'sms_opt_outs',
    tenantColumn: 'tenant_id',
    columns: ['tenant_id', 'phone_number', 'opted_out_at'],
    key: [{ column: 'phone_number', type: 'text' }],
    createdColumn: 'opted_out_at',
  },
  contacts: tenantRows('contacts', [
    'id', 'tenant_id', 'name', 'phone', 'email', 'preferred_channel', 'sms_consent', 'whatsapp_consent', 'sms_opted_out_at',
    'whatsapp_opted_out_at', 'time_zone', 'source', 'created_at', 'updated_at',
  ]),
  // Only the kinds the company rewrote: Kestrel's default wording is not the company's data. At most one row per kind,
  // so the kind is the key (on the unique index of tenant and kind).
  message_templates: tenantRows('message_templates', ['id', 'tenant_id', 'kind', 'body', 'updated_by', 'created_at', 'updated_at'], [
    { column: 'kind', type: 'text' },
  ]),
  // The parts (`items`) and every status with its technician, arrival time and parts as they were are columns of the job.
  jobs: tenantRows('jobs', [
    'id', 'tenant_id', 'contact_id', 'external_ref', 'status', 'technician_name', 'eta', 'items', 'status_history', 'appointment_id',
    'created_at', 'updated_at',
  ]),
  customer_invoices: tenantRows('customer_invoices', [
    'id', 'tenant_id', 'contact_id', 'number', 'amount_cents', 'currency', 'due_date', 'due_at', 'pay_link', 'status', 'overdue_at',
    'paid_at', 'voided_at', 'created_at', 'updated_at',
  ]),
  campaigns: tenantRows('campaigns', [
    'id', 'tenant_id', 'name', 'status', 'trigger', 'trigger_settings', 'goal', 'exit_on_reply', 'created_by', 'created_at', 'updated_at',
  ]),
  campaign_steps: tenantRows('campaign_steps', ['id', 'tenant_id', 'campaign_id', 'position', 'body', 'delay', 'condition', 'created_at', 'updated_at']),
  // Not the Temporal workflow id, nor `enrol_key`, the guard that lets a trigger enrol once per cause (what enrolled the
  // contact is `source`): the platform's plumbing, not the company's data.
  campaign_enrollments: tenantRows('campaign_enrollments', [
    'id', 'tenant_id', 'campaign_id', 'contact_id', 'status', 'exit_reason', 'source', 'last_position', 'next_step_at', 'enrolled_at',
    'ended_at', 'created_at', 'updated_at',
  ]),
};
