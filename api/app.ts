import { randomUUID } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import express, { type Express, type Request } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { apiKeyHmacSecret } from '../lib/api-key-secret';
import { publicBaseUrl, type Config } from '../lib/config';
import { loggableUrl } from '../lib/logger';
import { stripeClient } from '../providers/stripe';
import { twilioClient } from '../providers/twilio';
import { adminApiKeyRoutes } from './admin/api-keys';
import { adminBillingRoutes } from './admin/billing';
import { Attention, adminAttentionRoutes, registerAttentionMetrics } from './admin/attention';
import { adminAppointmentRoutes } from './admin/appointments';
import { adminCallRoutes } from './admin/calls';
import { adminEmailRoutes } from './admin/emails';
import { adminExportRoutes } from './admin/exports';
import { adminFeatureFlagRoutes } from './admin/feature-flags';
import { adminHealthRoutes } from './admin/health';
import { adminMessageRoutes } from './admin/messages';
import { adminJobRoutes } from './admin/jobs';
import { adminCustomerInvoiceRoutes } from './admin/customer-invoices';
import { adminCampaignRoutes } from './admin/campaigns';
import { adminSimulatorRoutes } from './admin/simulator';
import { adminDeadLetterRoutes } from './admin/dead-letters';
import { adminAuditLogRoutes } from './admin/audit-log';
import { adminNumberRoutes } from './admin/numbers';
import { adminOperatorRoutes } from './admin/operators';
import { adminStatsRoutes } from './admin/stats';
import { adminSupportSessionRoutes } from './admin/support-sessions';
import { adminTenantCloneRoutes } from './admin/tenant-clone';
import { adminTenantErasureRoutes } from './admin/tenant-erasure';
import { adminTenantSettingsRoutes } from './admin/tenant-settings';
import { adminTenantUserRoutes } from './admin/tenant-users';
import { adminTenantRoutes } from './admin/tenants';
import { authenticate, requireOperator } from './auth/authenticate';
import { withOperatorSessionScheme } from './auth/operator-access';
import { authRoutes } from './auth/routes';
import { Sessions } from './auth/sessions';
import { consolePage, consoleRoutes } from './console';
import { downloadRoutes } from './downloads';
import type { ApiRouter } from './http/endpoint';
import { healthRoutes } from './health';
import { onboardingRoutes } from './onboarding';
import { docsPage } from './docs-page';
import { createMetrics } from './metrics';
import { openApiDocument } from './http/openapi';
import { errorHandler, notFoundHandler } from './http/problem';
import { securityHeaders } from './http/security-headers';
import { loginRateLimit, onboardingRateLimit } from './http/rate-limit';
import { tenantApi } from './v1';
import { tenantApiExportRoutes } from './v1/exports';
import { messageStatusRoutes } from './webhooks/message-status';
import { twilioSmsRoutes } from './webhooks/twilio-sms';
import { twilioVoiceRoutes } from './webhooks/twilio-voice';
import { STRIPE_WEBHOOK_PATH, stripeWebhookRoutes } from './webhooks/stripe';

export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Knex;
  temporal: Client;
  /** A non-retrying connection for readiness probes (see lib/temporal.ts). */
  temporalHealth: Connection;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY);

  app.use(securityHeaders(deps.config));
  const metrics = createMetrics();
  app.use(metrics.middleware);
  const attention = new Attention({ db: deps.db, temporal: deps.temporal, config: deps.config });
  registerAttentionMetrics(metrics.registry, attention);
  app.use(
    pinoHttp({
      logger: deps.logger,
      // A caller's request id is kept (so one id follows a request across services); else a new one.
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, url: loggableUrl(req.url) }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    }),
  );
  app.use(
    express.json({
      limit: deps.config.MAX_BODY_SIZE,
      // Stripe signs the body as sent: its webhook keeps the bytes beside the parsed JSON.
      verify: (req: Request, _res, body) => {
        if (req.url?.split('?')[0] === STRIPE_WEBHOOK_PATH) req.rawBody = body;
      },
    }),
  );
  app.use(express.urlencoded({ extended: false, limit: deps.config.MAX_BODY_SIZE }));

  const sessions = new Sessions(deps.config);
  const apiKeySecret = apiKeyHmacSecret(deps.config);
  const stripe = stripeClient(deps.config);
  const v1 = tenantApi({ config: deps.config, db: deps.db, logger: deps.logger, apiKeySecret, temporal: deps.temporal, stripe });
  const routers: ApiRouter[] = [
    authRoutes({ config: deps.config, sessions, db: deps.db, logger: deps.logger, temporal: deps.temporal, twilio: twilioClient(deps.config) }),
    healthRoutes({ config: deps.config, db: deps.db, temporalHealth: deps.temporalHealth, metrics }),
    onboardingRoutes({ config: deps.config, temporal: deps.temporal }),
    adminTenantRoutes({ temporal: deps.temporal, config: deps.config }),
    adminStatsRoutes(),
    adminBillingRoutes({ config: deps.config }),
    adminAttentionRoutes(attention),
    adminTenantSettingsRoutes(),
    adminAuditLogRoutes(),
    adminNumberRoutes({ twilio: twilioClient(deps.config) }),
    adminDeadLetterRoutes({ config: deps.config, temporal: deps.temporal }),
    adminSupportSessionRoutes({ config: deps.config, temporal: deps.temporal }),
    adminOperatorRoutes({ config: deps.config, temporal: deps.temporal }),
    adminTenantUserRoutes({ config: deps.config, temporal: deps.temporal }),
    adminCallRoutes(),
    adminAppointmentRoutes({ config: deps.config, temporal: deps.temporal, logger: deps.logger }),
    adminMessageRoutes(),
    adminJobRoutes(),
    adminCustomerInvoiceRoutes(),
    adminCampaignRoutes(),
    adminEmailRoutes({ config: deps.config, temporal: deps.temporal }),
    adminSimulatorRoutes({ config: deps.config }),
    adminApiKeyRoutes({ secret: apiKeySecret }),
    adminFeatureFlagRoutes(),
    adminHealthRoutes({ config: deps.config, temporal: deps.temporal }),
    adminTenantCloneRoutes({ config: deps.config, temporal: deps.temporal }),
    adminTenantErasureRoutes({ config: deps.config, temporal: deps.temporal }),
    adminExportRoutes({ config: deps.config, temporal: deps.temporal, secret: apiKeySecret }),
    ...v1.routers,
    tenantApiExportRoutes({ config: deps.config, temporal: deps.temporal, secret: apiKeySecret }),
    // Outside /api: a signed link is its own credential.
    downloadRoutes({ config: deps.config, secret: apiKeySecret }),
    twilioVoiceRoutes({ config: deps.config, temporal: deps.temporal, logger: deps.logger }),
    twilioSmsRoutes({ config: deps.config, logger: deps.logger, temporal: deps.temporal }),
    messageStatusRoutes({ config: deps.config, logger: deps.logger }),
    stripeWebhookRoutes({ config: deps.config, temporal: deps.temporal, stripe, logger: deps.logger }),
  ];
  app.use('/api', authenticate(sessions, deps.config));
  // A tenant's owners manage their own company's API keys and users on these admin routes.
  app.use('/api/admin', requireOperator(/^\/(tenants\/[^/]+\/(api-keys|users)(\/[^/]+)?|api-keys\/[^/]+)$/));
  app.use('/api/v1', ...v1.gate);
  app.use('/api/onboarding', onboardingRateLimit(deps));
  app.use('/api/auth', loginRateLimit(deps));
  for (const api of routers) app.use(api.prefix || '/', api.router);

  const document = withOperatorSessionScheme(openApiDocument(routers, { title: 'Kestrel API', version: '0.1.0', serverUrl: publicBaseUrl(deps.config) }));
  const page = docsPage(document);
  app.get('/docs/openapi.json', (_req, res) => res.json(document));
  app.get('/docs', (req, res) => {
    if (req.accepts(['json', 'html']) === 'html') res.type('html').send(page);
    else res.json(document);
  });
  app.use('/admin', consoleRoutes());
  // The sign-up wizard's short address (the console's SPA route; /admin/signup works too).
  app.get('/signup', consolePage());

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
