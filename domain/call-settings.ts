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
  /** The chat model the agent converses with; null: the platform's configured model. */
  model: string | null;
  /** Extra instructions appended to the agent's system prompt. */
  instructions: string;
  emergencyKeywords: string[];
}

/**
 * The voices a tenant may choose, each with the language it speaks: the call's speech
 * recognition listens in the same language, so a voice only goes with its own.
 */
export const AGENT_VOICES = {
  'Polly.Joanna': 'en-US',
  'Polly.Matthew': 'en-US',
  'Polly.Salli': 'en-US',
  'Polly.Joey': 'en-US',
  'Polly.Kendra': 'en-US',
  'Polly.Kimberly': 'en-US',
  'Polly.Joanna-Neural': 'en-US',
  'Polly.Matthew-Neural': 'en-US',
  'Polly.Amy': 'en-GB',
  'Polly.Brian': 'en-GB',
  'Polly.Emma': 'en-GB',
  'Polly.Lupe': 'es-US',
  'Polly.Miguel': 'es-US',
  'Polly.Penelope': 'es-US',
  'Polly.Mia': 'es-MX',
  'Polly.Chantal': 'fr-CA',
} as const;
export type AgentVoice = keyof typeof AGENT_VOICES;
export const AGENT_VOICE_NAMES = Object.keys(AGENT_VOICES) as [AgentVoice, ...AgentVoice[]];
export const AGENT_LANGUAGES = [...new Set(Object.values(AGENT_VOICES))] as [string, ...string[]];

/** Chat models a tenant's agent may converse with: each supports the tool calls a turn relies on. */
export const AGENT_MODELS = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-mini', 'gpt-4.1'] as const;

export const DEFAULT_CALL_SETTINGS: CallSettings = {
  greeting: 'Thank you for calling {company}. How can I help you today?',
  afterHoursGreeting: 'Thank you for calling {company}. Our office is closed right now, but I can take your details and book a visit. How can I help?',
  voice: 'Polly.Joanna',
  language: 'en-US',
  model: null,
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
  // A function, so a `$` in the name is taken as written, never as a replacement pattern.
  const named = (v: string) => v.replaceAll('{company}', () => companyName);
  return {
    greeting: named(text(s.greeting, DEFAULT_CALL_SETTINGS.greeting)),
    afterHoursGreeting: named(text(s.after_hours_greeting, DEFAULT_CALL_SETTINGS.afterHoursGreeting)),
    voice: text(s.voice, DEFAULT_CALL_SETTINGS.voice, 64),
    language: text(s.language, DEFAULT_CALL_SETTINGS.language, 16),
    model: (AGENT_MODELS as readonly unknown[]).includes(s.model) ? (s.model as string) : DEFAULT_CALL_SETTINGS.model,
    instructions: text(s.custom_prompt ?? s.system_prompt ?? s.instructions, '', 4000),
    emergencyKeywords: keywords,
  };
}
