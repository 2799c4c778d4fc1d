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
export { API_SCOPES, type ApiScope } from '../../domain/api-scopes';
export { operatorMay, type OperatorPermission } from '../../domain/operator-permissions';

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

/**
 * Account vocabularies the API declares next to its database models and crypto (which the
 * console cannot bundle): copied here, they must follow db/models/tenant-user.ts,
 * db/models/operator-user.ts, lib/api-keys.ts and lib/passwords.ts.
 */
export const TENANT_ROLES = ['owner', 'admin', 'member'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];
export const OPERATOR_ROLES = ['super_admin', 'support'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];
export const API_KEY_MODES = ['live', 'test'] as const;
export type ApiKeyMode = (typeof API_KEY_MODES)[number];
export const PASSWORD_RULES = { minLength: 12, maxLength: 256 };
