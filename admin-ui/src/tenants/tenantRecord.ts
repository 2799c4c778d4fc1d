import type { HealthBand, Weekday } from '../catalogue';

export type DayHours = { open: string; close: string } | null;
/** Opening hours per weekday; a day missing or null is closed. */
export type BusinessHours = Partial<Record<Weekday, DayHours>>;

/** How the agent speaks for the tenant (`tenants.ai_settings`); a key left out takes the agent's default. */
export interface AiSettings {
  greeting?: string;
  after_hours_greeting?: string;
  voice?: string;
  language?: string;
  model?: string;
  custom_prompt?: string;
  emergency_keywords?: string[];
}

/** Calls metered in the open usage period against the plan's allowance (null: no limit). */
export interface Usage {
  used: number;
  included: number | null;
}

/** How a suspended or cancelled tenant came to be so: the transition's reason, time and author. */
export interface StatusChange {
  status: string;
  reason: string | null;
  at: string;
  /** The operator who acted, by name and e-mail; `system` for a timer (a trial that ended unpaid). */
  by: { type: string; name: string | null; email: string | null };
}

/** A row of `GET /api/admin/tenants` (the list rows carry `usage`). */
export interface TenantRecord {
  id: string;
  slug: string;
  company_name: string;
  status: string;
  plan_tier: string;
  billing_plan_tier: string | null;
  industry: string;
  timezone: string;
  owner_name: string;
  owner_email: string;
  owner_phone: string | null;
  phone_number: string | null;
  forward_to_number: string | null;
  emergency_phone: string | null;
  business_hours: BusinessHours;
  ai_settings: AiSettings;
  is_test_mode: boolean;
  /** Quiet hours for texts Kestrel starts (HH:MM); equal bounds: none. */
  quiet_hours_start: string;
  quiet_hours_end: string;
  message_rate_per_minute: number;
  trial_ends_at: string | null;
  activated_at: string | null;
  billing_confirmed_at: string | null;
  current_period_start: string | null;
  current_period_end: string | null;
  custom_call_limit: number | null;
  custom_price_cents: number | null;
  created_at: string;
  /** The company this tenant is a location of; null for a company (or a single site). */
  parent_tenant_id: string | null;
  /** When its personal data was erased: the record is then a tombstone with no actions. */
  erased_at?: string | null;
  usage?: Usage | null;
  /** The latest health score and its band; null until first scored. */
  health_score?: number | null;
  health_band?: HealthBand | null;
  /** How many locations the company has. */
  location_count?: number;
  /** On `GET /api/admin/tenants/:id`, for a suspended or cancelled tenant. */
  status_change?: StatusChange | null;
}
