import type OpenAI from 'openai';
import type { Resend } from 'resend';
import type { Config } from '../lib/config';
import { openaiClient } from '../providers/openai';
import type { TwilioClient } from '../providers/twilio';
import { agentActivities } from './agent';
import { callActivities } from './calls';
import { callOutboxActivities } from './calls-outbox';
import { emailActivities } from './email/send';
import { telephonyActivities } from './telephony';
import { tenantActivities } from './tenants';

export interface ActivityDeps {
  config: Config;
  twilio: TwilioClient;
  resend: Resend;
  /** Defaults to the client the configuration names (the sandbox without a key). */
  openai?: OpenAI;
}

/**
 * Every activity the worker registers, built over the process's dependencies and
 * grouped by what they talk to (database, telephony, AI, email). All are idempotent,
 * because Temporal runs them at least once.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...tenantActivities(),
    ...telephonyActivities(deps.config, deps.twilio),
    ...emailActivities(deps.config, deps.resend),
    ...callActivities(),
    ...callOutboxActivities(deps.config),
    ...agentActivities(deps.config, deps.openai ?? openaiClient(deps.config)),
  };
}

export type Activities = ReturnType<typeof createActivities>;
