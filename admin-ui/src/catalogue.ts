/**
 * The vocabularies the console shares with the API, straight from domain/ (plain modules
 * without I/O, which Vite bundles like our own), so a price, a status or a role is written
 * once for the whole platform.
 */
export { PLANS, PLAN_TIERS, type Plan, type PlanTier } from '../../domain/plans';
export { AGENT_ANSWERS, TENANT_STATUSES, type TenantStatus } from '../../domain/tenant-status';
export { ACTION_ARGUMENTS, refusal, type LifecycleAction } from '../../domain/lifecycle';
export { AGENT_LANGUAGES, AGENT_MODELS, AGENT_VOICES, DEFAULT_CALL_SETTINGS, type AgentVoice } from '../../domain/call-settings';
export { HEALTH_ALERT_BELOW, HEALTH_BAND_RANGES, HEALTH_BANDS, HEALTH_RULES, healthBand, type HealthBand, type HealthBreakdown, type HealthScoreInputs } from '../../domain/health-score';
export { API_SCOPES, type ApiScope } from '../../domain/api-scopes';
export { operatorMay, type OperatorPermission } from '../../domain/operator-permissions';
export { auditActionLabel, transitionLabel } from '../../domain/audit-actions';
export type { TenantFlag } from '../../domain/feature-flags';

export { INDUSTRIES, type Industry } from '../../domain/industries';
export { CALL_OUTCOMES, SENTIMENTS, type CallOutcome } from '../../domain/call-summary';
export { API_KEY_MODES, OPERATOR_ROLES, PASSWORD_RULES, TENANT_ROLES, type ApiKeyMode, type OperatorRole, type SessionSummary, type TenantRole } from '../../domain/accounts';

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
