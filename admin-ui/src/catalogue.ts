/**
 * The vocabularies the console shares with the API. Plans and statuses come straight
 * from domain/ (plain modules without I/O, which Vite bundles like our own), so a price
 * or a status is written once for the whole platform. Industries and time zones are
 * declared in the API's request schemas, which pull zod and libphonenumber along: they
 * are copied here instead and must follow api/schemas.ts.
 */
export { PLANS, PLAN_TIERS, type Plan, type PlanTier } from '../../domain/plans';
export { TENANT_STATUSES, type TenantStatus } from '../../domain/tenant-status';
export { refusal, type LifecycleAction } from '../../domain/lifecycle';
export { AGENT_LANGUAGES, AGENT_MODELS, AGENT_VOICES, DEFAULT_CALL_SETTINGS, type AgentVoice } from '../../domain/call-settings';
export { HEALTH_ALERT_BELOW, HEALTH_BAND_RANGES, HEALTH_BANDS, HEALTH_RULES, healthBand, type HealthBand, type HealthBreakdown } from '../../domain/health-score';

export const INDUSTRIES = ['hvac', 'plumbing', 'electrical', 'roofing', 'appliance_repair', 'landscaping', 'other'] as const;

/** The zones home-service companies in the US work in; the API accepts any IANA zone. */
export const TIMEZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
] as const;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
