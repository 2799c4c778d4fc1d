import type { RequestHandler } from 'express';
import type { Knex } from 'knex';
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type Stripe from 'stripe';
import type { Config } from '../../lib/config';
import { twilioClient } from '../../providers/twilio';
import { authenticateApiKey } from '../auth/api-key-auth';
import { tenantApiRateLimits } from '../http/rate-limit';
import { tenantApiActivityRoutes } from './activity';
import { tenantApiAppointmentRoutes } from './appointments';
import { tenantApiBillingRoutes } from './billing';
import { tenantApiCallRoutes } from './calls';
import { tenantApiCampaignRoutes } from './campaigns';
import { tenantApiContactRoutes } from './contacts';
import { tenantApiCustomerInvoiceRoutes } from './customer-invoices';
import { tenantApiJobRoutes } from './jobs';
import { tenantApiMessageTemplateRoutes } from './message-templates';
import { tenantApiMessageRoutes } from './messages';
import type { TenantApiRouter } from './router';
import { tenantApiSettingsRoutes } from './settings';
import { tenantApiUsageRoutes } from './usage';

/**
 * The tenant API (`/api/v1`): what every request passes first (its API key, then the key's
 * and the tenant's rate limits), and the routes.
 */
export function tenantApi(deps: { config: Config; db: Knex; logger: Logger; apiKeySecret: string; temporal: Client; stripe: Stripe }): {
  gate: RequestHandler[];
  routers: TenantApiRouter[];
} {
  return {
    gate: [authenticateApiKey({ secret: deps.apiKeySecret, logger: deps.logger }), ...tenantApiRateLimits(deps)],
    routers: [
      tenantApiCallRoutes(), tenantApiAppointmentRoutes({ config: deps.config, temporal: deps.temporal, logger: deps.logger }), tenantApiUsageRoutes(), tenantApiSettingsRoutes(),
      tenantApiActivityRoutes(),
      tenantApiBillingRoutes({ config: deps.config, temporal: deps.temporal, stripe: deps.stripe }),
      tenantApiContactRoutes({ config: deps.config }),
      tenantApiMessageRoutes({ config: deps.config, twilio: twilioClient(deps.config) }),
      tenantApiMessageTemplateRoutes(),
      tenantApiCampaignRoutes({ config: deps.config, temporal: deps.temporal, logger: deps.logger }),
      tenantApiJobRoutes({ config: deps.config, temporal: deps.temporal }),
      tenantApiCustomerInvoiceRoutes({ config: deps.config, temporal: deps.temporal }),
    ],
  };
}
