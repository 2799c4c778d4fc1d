import type { Resend } from 'resend';
import type { Config } from '../lib/config';
import type { TwilioClient } from '../providers/twilio';
import { emailActivities } from './email/send';
import { telephonyActivities } from './telephony';
import { tenantActivities } from './tenants';

export interface ActivityDeps {
  config: Config;
  twilio: TwilioClient;
  resend: Resend;
}

/**
 * Every activity the worker registers, built over the process's dependencies and
 * grouped by what they talk to (database, telephony, email). All are idempotent,
 * because Temporal runs them at least once.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...tenantActivities(),
    ...telephonyActivities(deps.config, deps.twilio),
    ...emailActivities(deps.config, deps.resend),
  };
}

export type Activities = ReturnType<typeof createActivities>;
