import { AGENT_LANGUAGES, AGENT_MODELS, AGENT_VOICES, DEFAULT_CALL_SETTINGS, type AgentVoice } from '../../catalogue';
import type { TranslateFunction, Validator } from 'react-admin';

/** Names are i18n keys (translated by the selects); voices are proper names with the language they speak. */
export const languageChoices = AGENT_LANGUAGES.map((id) => ({ id, name: `kestrel.languages.${id}` }));
export const modelChoices = AGENT_MODELS.map((id) => ({ id, name: id }));
export const voiceChoices = (Object.keys(AGENT_VOICES) as AgentVoice[]).map((id) => ({ id, language: AGENT_VOICES[id], name: id.replace(/^Polly\./, '') }));

/**
 * The agent listens in the language it speaks: a voice goes only with its own language (the
 * API checks it too). The message names the language, so it takes the translator.
 */
export const voiceSpeaksLanguage =
  (translate: TranslateFunction): Validator =>
  (voice: string | null | undefined, all: { ai_settings?: { language?: string | null } }) => {
    const language = all.ai_settings?.language || DEFAULT_CALL_SETTINGS.language;
    const speaks = AGENT_VOICES[(voice || DEFAULT_CALL_SETTINGS.voice) as AgentVoice];
    return speaks && speaks !== language ? { message: 'kestrel.phone_ai.voice_language', args: { language: translate(`kestrel.languages.${language}`, { _: language }) } } : undefined;
  };
