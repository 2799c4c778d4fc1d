import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import pino, { type Logger } from 'pino';
import { Faults, faultsRouter } from './faults';
import { openaiApi, scriptedRepliesRoutes } from './openai/api';
import type { ModelLatency } from './openai/latency';
import { ScriptedReplies } from './openai/scripted-replies';
import { ResponseRecorder, type RecordedResponse } from './recorder';
import { resendApi } from './resend/api';
import { SandboxStore } from './state';
import { stripeApi } from './stripe/api';
import { StripeData } from './stripe/data';
import { StripeEvents } from './stripe/events';
import { StripeWebhookDelivery } from './stripe/webhook-delivery';
import { twilioApi } from './twilio/api';
import { InboundMessages } from './twilio/inbound-messages';
import { messageRoutes } from './twilio/message-routes';
import { MessageDelivery } from './twilio/messaging';
import { CallSimulator } from './twilio/simulator';
import { simulatorRoutes } from './twilio/simulator-routes';

export interface SandboxOptions {
  /** 0 picks a free port. Default 4010. */
  port?: number;
  host?: string;
  /** Directory for `state.json`; without it the sandbox forgets everything when it stops. */
  persistDir?: string;
  logger?: Logger;
  /** Time between a message's status changes (queued → sent → delivered). Default 250 ms. */
  messageStepMs?: number;
  /** Wait before the first retry of a failed Stripe webhook delivery, doubling each time. Default 60 s. */
  stripeWebhookRetryMs?: number;
  /** Tries per Stripe event and endpoint before giving up. Default 8. */
  stripeWebhookMaxAttempts?: number;
  /** The model answers after a real model's delay (openai/latency.ts); at once without it. */
  modelLatency?: ModelLatency;
}

export interface Sandbox {
  url: string;
  port: number;
  /** Responses served on the provider APIs (Twilio, OpenAI, Resend, Stripe), oldest first. */
  recordedResponses(): RecordedResponse[];
  close(): Promise<void>;
}

/** Prefixes of the provider APIs, whose responses are recorded for contract checks. */
const PROVIDER_PREFIXES = ['/2010-04-01', '/v1', '/emails'];

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const store = new SandboxStore(options.persistDir);
  const faults = new Faults();
  const recorder = new ResponseRecorder();
  const scripted = new ScriptedReplies();
  const delivery = new MessageDelivery(store, logger, options.messageStepMs ?? 250);
  const simulator = new CallSimulator(store, logger);
  const stripeData = new StripeData(store.state.stripe);
  const stripeDelivery = new StripeWebhookDelivery(store, stripeData, logger, {
    retryMs: options.stripeWebhookRetryMs ?? 60_000,
    maxAttempts: options.stripeWebhookMaxAttempts ?? 8,
  });
  let url = '';
  const stripe = {
    store,
    data: stripeData,
    events: new StripeEvents(stripeData, stripeDelivery),
    delivery: stripeDelivery,
    logger,
    sandboxUrl: () => url,
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(PROVIDER_PREFIXES, recorder.middleware());
  app.get('/sandbox/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(twilioApi({ store, faults, delivery, simulator }));
  // Stripe's /v1 resources before OpenAI's, whose /v1 router answers every other /v1 path.
  app.use(stripeApi(stripe, faults));
  app.use(openaiApi(faults, scripted, options.modelLatency));
  app.use(resendApi(store, faults));
  app.use('/sandbox', express.json({ limit: '1mb' }));
  app.use(faultsRouter(faults));
  app.use(scriptedRepliesRoutes(scripted));
  app.use(simulatorRoutes(store, simulator));
  app.use(messageRoutes(store, new InboundMessages(store, delivery, logger)));
  app.use((req: Request, res: Response) => {
    res.status(404).json({ error: `No sandbox route for ${req.method} ${req.path}` });
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res.status(status).json({ error: (error as Error).message });
      return;
    }
    logger.error({ err: error, path: req.path }, 'sandbox request failed');
    res.status(500).json({ error: 'Sandbox error: see its log' });
  });

  delivery.resumeAll();
  stripeDelivery.resumeAll();
  const server = app.listen(options.port ?? 4010, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    port,
    recordedResponses: () => recorder.all(),
    async close() {
      faults.stop();
      await simulator.close();
      await delivery.stop();
      await stripeDelivery.stop();
      store.flush();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
