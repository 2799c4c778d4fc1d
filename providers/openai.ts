import OpenAI from 'openai';
import type { Config } from '../lib/config';
import { sandboxUrl } from './sandbox-url';

/** Any key will do for the sandbox; the SDK insists on one. */
const SANDBOX_API_KEY = 'sk-kestrel-sandbox';

/**
 * OpenAI's SDK client. `OPENAI_BASE_URL` wins when set (an OpenAI-compatible gateway);
 * otherwise the real API with a key, the sandbox's `/v1` without.
 */
export function openaiClient(config: Config): OpenAI {
  const baseURL = config.OPENAI_BASE_URL ?? (config.OPENAI_API_KEY ? undefined : `${sandboxUrl(config)}/v1`);
  return new OpenAI({ apiKey: config.OPENAI_API_KEY ?? SANDBOX_API_KEY, baseURL });
}
