import type { PlanTier } from '../../domain/plans';
import type { TenantStatus } from '../../domain/tenant-status';
import { TimestampedModel } from './base';

export interface CardOnFile {
  id: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
}

export class Tenant extends TimestampedModel {
  static override tableName = 'tenants';

  declare id: string;
  declare slug: string;
  declare company_name: string;
  declare industry: string;
  declare timezone: string;
  declare owner_name: string;
  declare owner_email: string;
  declare owner_phone: string | null;
  /** When `owner_phone` answered a code sent to it; cleared by the database when the number changes. */
  declare owner_phone_verified_at: Date | null;
  declare status: TenantStatus;
  declare plan_tier: PlanTier;
  declare billing_plan_tier: PlanTier | null;
  declare custom_call_limit: number | null;
  declare custom_price_cents: number | null;
  declare custom_overage_cents: number | null;
  /** A downgrade waiting for the next period. */
  declare scheduled_plan_tier: PlanTier | null;
  declare stripe_customer_id: string | null;
  /** The card on file as Stripe describes it; never its number. */
  declare payment_method: CardOnFile | null;
  declare past_due_since: Date | null;
  declare grace_ends_at: Date | null;
  /** Why the last payment failed, in words. */
  declare payment_failure: string | null;
  declare trial_ends_at: Date | null;
  declare activated_at: Date | null;
  declare billing_confirmed_at: Date | null;
  declare current_period_start: Date | null;
  declare current_period_end: Date | null;
  declare phone_number: string | null;
  declare phone_number_sid: string | null;
  declare forward_to_number: string | null;
  declare emergency_phone: string | null;
  declare ai_settings: Record<string, unknown>;
  declare business_hours: Record<string, unknown>;
  declare is_test_mode: boolean;
  /** Quiet hours for the texts Kestrel starts (HH:MM on the contact's clock); equal bounds: none. */
  declare quiet_hours_start: string;
  declare quiet_hours_end: string;
  declare message_rate_per_minute: number;
  declare parent_tenant_id: string | null;
  declare status_reason: string | null;
  declare workflow_id: string | null;
  declare cancelled_at: Date | null;
  declare deleted_at: Date | null;
  /** Set when the tenant's personal data was erased; the row is then a tombstone. */
  declare erased_at: Date | null;
}
