import { DEFAULT_EMERGENCY_KEYWORDS } from './emergency';

/**
 * How the agent speaks for a tenant: `tenants.ai_settings` with a default for each
 * field left out. `{company}` in a greeting is replaced by the company's name.
 */
export interface CallSettings {
  greeting: string;
  afterHoursGreeting: string;
  voice: string;
  language: string;
  /** Extra instructions appended to the agent's system prompt. */
  instructions: string;
  emergencyKeywords: string[];
}

export const DEFAULT_CALL_SETTINGS: CallSettings = {
  greeting: 'Thank you for calling {company}. How can I help you today?',
  afterHoursGreeting: 'Thank you for calling {company}. Our office is closed right now, but I can take your details and book a visit. How can I help?',
  voice: 'Polly.Joanna',
  language: 'en-US',
  instructions: '',
  emergencyKeywords: DEFAULT_EMERGENCY_KEYWORDS,
};

const text = (value: unknown, fallback: string, max = 1000) =>
  typeof value === 'string' && value.trim().length > 0 ? value.trim().slice(0, max) : fallback;

export function callSettings(aiSettings: Record<string, unknown> | null | undefined, companyName: string): CallSettings {
  const s = aiSettings ?? {};
  const keywords = Array.isArray(s.emergency_keywords)
    ? s.emergency_keywords.filter((k): k is string => typeof k === 'string' && k.trim().length > 0)
    : DEFAULT_CALL_SETTINGS.emergencyKeywords;
  const named = (v: string) => v.replaceAll('{company}', companyName);
  return {
    greeting: named(text(s.greeting, DEFAULT_CALL_SETTINGS.greeting)),
    afterHoursGreeting: named(text(s.after_hours_greeting, DEFAULT_CALL_SETTINGS.afterHoursGreeting)),
    voice: text(s.voice, DEFAULT_CALL_SETTINGS.voice, 64),
    language: text(s.language, DEFAULT_CALL_SETTINGS.language, 16),
    instructions: text(s.system_prompt ?? s.instructions, '', 4000),
    emergencyKeywords: keywords,
  };
}
