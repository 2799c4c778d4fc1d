import { describeHours, type BusinessHours } from '../domain/business-hours';
import { callSettings } from '../domain/call-settings';
import { PREMIUM_MODEL_FLAG } from '../domain/feature-flags';
import { flagEnabled } from '../db/feature-flags';
import type { Tenant } from '../db/models';

/**
 * What the agent's prompt needs from its tenant. Read once when the call starts and
 * carried in the call's context, so a turn asks the model without reading the database
 * (a call keeps the settings it started with; a change applies from the next call on).
 */
export interface AgentProfile {
  companyName: string;
  industry: string;
  timezone: string;
  /** The business hours in words, as the prompt states them. */
  hours: string;
  /** The tenant's own instructions, appended to the system prompt. */
  instructions: string;
  /** The model the tenant chose in its AI settings; null: the platform's. */
  model: string | null;
  /** The `premium_model` flag: the platform's more capable model when the tenant chose none. */
  premium: boolean;
  /** What the company counts as an emergency. Absent from calls started before it was carried here. */
  emergencyKeywords?: string[];
}

/** The profile of `tenant`; runs inside the tenant's transaction (it reads its flags). */
export async function agentProfile(tenant: Tenant): Promise<AgentProfile> {
  const settings = callSettings(tenant.ai_settings, tenant.company_name);
  return {
    companyName: tenant.company_name,
    industry: tenant.industry,
    timezone: tenant.timezone,
    hours: describeHours(tenant.business_hours as BusinessHours),
    instructions: settings.instructions,
    model: settings.model,
    premium: await flagEnabled(tenant.id, PREMIUM_MODEL_FLAG),
    emergencyKeywords: settings.emergencyKeywords,
  };
}
