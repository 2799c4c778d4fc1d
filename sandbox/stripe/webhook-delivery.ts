import type { Logger } from 'pino';
import type { SandboxStore } from '../state';
import { SANDBOX_STRIPE_WEBHOOK_SECRET } from './account';
import type { PendingDelivery, StripeData } from './data';
import type { EventSink } from './events';
import type { StripeEvent, WebhookEndpoint } from './objects';
import { stripeSignatureHeader } from './signature';

/** The delivery log keeps the latest attempts only, like the response recorder. */
const MAX_ATTEMPTS_KEPT = 5_000;

export interface DeliveryOptions {
  /** Wait before the first retry; each later retry waits twice as long as the one before. */
  retryMs: number;
  /** Tries per event and endpoint, the first included, before giving up. */
  maxAttempts: number;
  /** How long an endpoint has to answer. Stripe waits 10 s. */
  timeoutMs?: number;
}

/**
 * Delivers events to webhook endpoints as Stripe does: a signed JSON POST, retried with
 * exponential backoff on any non-2xx answer, timeout or connection error, until it
 * succeeds or the tries run out. What is still to deliver lives in the state, so a
 * restarted sandbox carries on where it stopped.
 */
export class StripeWebhookDelivery implements EventSink {
  private readonly timers = new Map<PendingDelivery, NodeJS.Timeout>();
  private readonly inFlight = new Set<{ controller: AbortController; done: Promise<void> }>();
  private stopped = false;

  constructor(
    private readonly store: SandboxStore,
    private readonly data: StripeData,
    private readonly logger: Logger,
    private readonly options: DeliveryOptions,
  ) {}

  enqueue(event: StripeEvent, endpoints: WebhookEndpoint[]): void {
    for (const endpoint of endpoints) {
      const pending: PendingDelivery = { event: event.id, endpoint: endpoint.id, attempt: 1, dueAt: Date.now() };
      this.data.state.pendingDeliveries.push(pending);
      this.schedule(pending);
    }
    this.store.changed();
  }

  /** Deliveries a previous run left unfinished. */
  resumeAll(): void {
    for (const pending of this.data.state.pendingDeliveries) this.schedule(pending);
  }

  private schedule(pending: PendingDelivery): void {
    if (this.stopped) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(pending);
        this.attempt(pending);
      },
      Math.max(0, pending.dueAt - Date.now()),
    );
    this.timers.set(pending, timer);
  }

  private forget(pending: PendingDelivery): void {
    const list = this.data.state.pendingDeliveries;
    const index = list.indexOf(pending);
    if (index >= 0) list.splice(index, 1);
    this.store.changed();
  }

  private attempt(pending: PendingDelivery): void {
    const event = this.data.get<StripeEvent>(pending.event, 'event');
    const endpoint = this.data.get<WebhookEndpoint>(pending.endpoint, 'webhook_endpoint');
    if (!event || !endpoint) {
      this.forget(pending);
      return;
    }
    const controller = new AbortController();
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const payload = JSON.stringify(event, null, 2);
    const send = async (): Promise<void> => {
      let status: number | undefined;
      let error: string | undefined;
      try {
        const response = await fetch(endpoint.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json; charset=utf-8',
            'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            Accept: '*/*; q=0.5, application/xml',
            'Cache-Control': 'no-cache',
            'Stripe-Signature': stripeSignatureHeader(payload, endpoint.secret ?? SANDBOX_STRIPE_WEBHOOK_SECRET),
          },
          body: payload,
          signal: AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs)]),
        });
        status = response.status;
        await response.arrayBuffer().catch(() => undefined);
      } catch (caught) {
        const e = caught as Error;
        error = e.name === 'TimeoutError' ? `no response within ${timeoutMs} ms` : `${e.message}${e.cause ? `: ${String((e.cause as Error).message ?? e.cause)}` : ''}`;
      }
      // A sandbox that is stopping leaves the delivery pending, to be tried again after a restart.
      if (this.stopped) return;
      this.record(pending, event, endpoint, status, error);
    };
    const flight = { controller, done: send() };
    this.inFlight.add(flight);
    void flight.done.finally(() => this.inFlight.delete(flight));
  }

  private record(pending: PendingDelivery, event: StripeEvent, endpoint: WebhookEndpoint, status: number | undefined, error: string | undefined): void {
    const attempts = this.data.state.deliveryAttempts;
    if (attempts.length >= MAX_ATTEMPTS_KEPT) attempts.splice(0, attempts.length - MAX_ATTEMPTS_KEPT + 1);
    attempts.push({
      event: event.id,
      type: event.type,
      endpoint: endpoint.id,
      url: endpoint.url,
      attempt: pending.attempt,
      ...(status !== undefined ? { status } : {}),
      ...(error !== undefined ? { error } : {}),
      at: Math.floor(Date.now() / 1000),
    });
    if (status !== undefined && status >= 200 && status < 300) {
      event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
      this.forget(pending);
      return;
    }
    if (pending.attempt >= this.options.maxAttempts) {
      this.logger.warn({ event: event.id, endpoint: endpoint.url, attempts: pending.attempt }, 'stripe webhook delivery given up');
      this.forget(pending);
      return;
    }
    pending.dueAt = Date.now() + this.options.retryMs * 2 ** (pending.attempt - 1);
    pending.attempt += 1;
    this.store.changed();
    this.schedule(pending);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const flight of this.inFlight) flight.controller.abort();
    await Promise.all([...this.inFlight].map((f) => f.done));
  }
}
