import type OpenAI from 'openai';
import type { Resend } from 'resend';
import type { Config } from '../lib/config';
import { openaiClient } from '../providers/openai';
import { stripeClient, type StripeClient } from '../providers/stripe';
import type { TwilioClient } from '../providers/twilio';
import { agentActivities } from './agent';
import { customerTextActivities } from './customer-texts';
import { billingActivities } from './billing';
import { callActivities } from './calls';
import { callOutboxActivities } from './calls-outbox';
import { campaignActivities } from './campaigns';
import { customerInvoiceActivities } from './customer-invoices';
import { dataExportActivities } from './data-export';
import { deadLetterActivities } from './dead-letters';
import { emailActivities } from './email/send';
import { erasureActivities } from './erasure';
import { healthScoreActivities } from './health-scores';
import { jobActivities } from './jobs';
import { messagingActivities } from './messaging';
import { seasonalCampaignActivities } from './seasonal-campaigns';
import { supportSessionActivities } from './support-sessions';
import { telephonyActivities } from './telephony';
import { tenantActivities } from './tenants';

export interface ActivityDeps {
  config: Config;
  twilio: TwilioClient;
  resend: Resend;
  /** Defaults to the client the configuration names (the sandbox without a key). */
  openai?: OpenAI;
  /** Defaults to the client the configuration names (the sandbox without a key). */
  stripe?: StripeClient;
}

/**
 * Every activity the worker registers, built over the process's dependencies and
 * grouped by what they talk to (database, telephony, AI, email, payments). All are idempotent,
 * because Temporal runs them at least once.
 */
export function createActivities(deps: ActivityDeps) {
  const calls = callActivities();
  const messaging = messagingActivities(deps.config, deps.twilio);
  const agent = agentActivities(deps.config, deps.openai ?? openaiClient(deps.config));
  return {
    ...tenantActivities(deps.config),
    ...telephonyActivities(deps.config, deps.twilio),
    ...messaging,
    ...customerTextActivities(deps.config, messaging.sendCustomerMessage),
    ...campaignActivities(deps.config, messaging.sendCustomerMessage),
    ...seasonalCampaignActivities(deps.config),
    ...jobActivities(messaging.sendCustomerMessage),
    ...customerInvoiceActivities(messaging.sendCustomerMessage),
    ...emailActivities(deps.config, deps.resend),
    ...billingActivities(deps.stripe ?? stripeClient(deps.config)),
    ...calls,
    ...callOutboxActivities(deps.config),
    ...healthScoreActivities(),
    ...supportSessionActivities(),
    ...dataExportActivities(deps.config),
    ...erasureActivities(deps.config, deps.twilio),
    ...agent,
    ...deadLetterActivities({ summariseCall: agent.summariseCall, finishCall: calls.finishCall }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
