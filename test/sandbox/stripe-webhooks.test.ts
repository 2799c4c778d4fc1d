import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import Stripe from 'stripe';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { SANDBOX_STRIPE_WEBHOOK_SECRET } from '../../sandbox/stripe/account';
import { expectResponsesMatchSpecs } from './support/provider-specs';
import { listen, sandboxCall, stripeClient } from './support/sandbox-clients';

interface Delivery {
  event: string;
  type: string;
  endpoint: string;
  attempt: number;
  status?: number;
  error?: string;
  at: number;
}

/** A stand-in for Kestrel's `/webhooks/stripe`: verifies each event on its raw body, answers what `answer` says. */
async function receiver(answer: (event: Stripe.Event, seen: number) => number) {
  const received: Stripe.Event[] = [];
  const rejected: string[] = [];
  const verifier = new Stripe('sk_test_unused');
  const app = express();
  app.post('/webhooks/stripe', express.raw({ type: 'application/json' }), (req, res) => {
    try {
      const event = verifier.webhooks.constructEvent(req.body as Buffer, String(req.headers['stripe-signature']), SANDBOX_STRIPE_WEBHOOK_SECRET);
      received.push(event);
      res.status(answer(event, received.filter((e) => e.id === event.id).length)).json({ received: true });
    } catch (error) {
      rejected.push((error as Error).message);
      res.status(400).end();
    }
  });
  const server = await listen(app);
  return { ...server, received, rejected, url: `${server.url}/webhooks/stripe` };
}

async function until<T>(read: () => Promise<T> | T, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const deliveries = async (sandbox: Sandbox, event?: string) =>
  (await sandboxCall<{ deliveries: Delivery[]; pending: unknown[] }>(sandbox, 'GET', `/sandbox/stripe/deliveries${event ? `?event=${event}` : ''}`)).body;

describe('webhook delivery', () => {
  let sandbox: Sandbox;
  let stripe: Stripe;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, stripeWebhookRetryMs: 100 });
    stripe = stripeClient(sandbox);
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('signs every event so that constructEvent accepts it, and retries a 500 until the endpoint takes it', async () => {
    const endpointServer = await receiver((_event, seen) => (seen === 1 ? 500 : 200));
    try {
      const endpoint = await stripe.webhookEndpoints.create({ url: endpointServer.url, enabled_events: ['customer.created', 'invoice.paid'], metadata: { env: 'test' } });
      expect(endpoint).toMatchObject({ object: 'webhook_endpoint', status: 'enabled', secret: SANDBOX_STRIPE_WEBHOOK_SECRET });
      expect((await stripe.webhookEndpoints.retrieve(endpoint.id)).secret).toBeUndefined();

      const customer = await stripe.customers.create({ email: 'hook@example.com' }, { idempotencyKey: 'create-hook-customer' });
      await stripe.customers.update(customer.id, { name: 'not subscribed to' });

      const received = await until(
        () => endpointServer.received,
        (r) => r.length >= 2,
      );
      expect(endpointServer.rejected).toEqual([]);
      expect(received.map((e) => e.type)).toEqual(['customer.created', 'customer.created']);
      expect(received[0]!.id).toBe(received[1]!.id);
      expect(received[0]).toMatchObject({ livemode: false, data: { object: { id: customer.id, email: 'hook@example.com' } }, request: { idempotency_key: 'create-hook-customer' } });

      const log = await until(
        () => deliveries(sandbox, received[0]!.id),
        (d) => d.deliveries.length >= 2 && d.pending.length === 0,
      );
      expect(log.deliveries).toEqual([
        expect.objectContaining({ type: 'customer.created', endpoint: endpoint.id, attempt: 1, status: 500 }),
        expect.objectContaining({ type: 'customer.created', endpoint: endpoint.id, attempt: 2, status: 200 }),
      ]);
      expect((await stripe.events.retrieve(received[0]!.id)).pending_webhooks).toBe(0);

      expect((await sandboxCall(sandbox, 'POST', `/sandbox/stripe/events/${received[0]!.id}/resend`)).status).toBe(202);
      await until(
        () => endpointServer.received,
        (r) => r.length >= 3,
      );
      expect(endpointServer.received[2]!.id).toBe(received[0]!.id);

      await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
      await stripe.customers.create({ email: 'unheard@example.com' });
      await stripe.webhookEndpoints.del(endpoint.id);
      expect((await stripe.webhookEndpoints.list()).data).toEqual([]);
      expect(endpointServer.received).toHaveLength(3);
    } finally {
      await endpointServer.close();
    }
  });

  it('gives up after the last attempt on an endpoint that never answers', async () => {
    const short = await startSandbox({ port: 0, stripeWebhookRetryMs: 20, stripeWebhookMaxAttempts: 3 });
    try {
      const client = stripeClient(short);
      const closed = await listen(express());
      await closed.close();
      await client.webhookEndpoints.create({ url: `${closed.url}/gone`, enabled_events: ['*'] });
      await client.customers.create({ email: 'nobody-listens@example.com' });
      const log = await until(
        () => deliveries(short),
        (d) => d.deliveries.length >= 3 && d.pending.length === 0,
      );
      expect(log.deliveries.map((d) => d.attempt)).toEqual([1, 2, 3]);
      expect(log.deliveries.every((d) => d.error !== undefined && d.status === undefined)).toBe(true);
      expect(log.pending).toEqual([]);
    } finally {
      await short.close();
    }
  });

  it("served only responses that match Stripe's OpenAPI document", () => {
    expectResponsesMatchSpecs(sandbox.recordedResponses());
  });
});

describe('persistence', () => {
  it('keeps objects, idempotency keys and unfinished deliveries across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kestrel-stripe-'));
    let sandbox = await startSandbox({ port: 0, persistDir: dir, stripeWebhookRetryMs: 1_000 });
    let accept = false;
    const endpointServer = await receiver(() => (accept ? 200 : 503));
    try {
      let stripe = stripeClient(sandbox);
      await stripe.webhookEndpoints.create({ url: endpointServer.url, enabled_events: ['invoiceitem.created'] });
      const customer = await stripe.customers.create({ email: 'kept@example.com' });
      const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 4_200, currency: 'usd' }, { idempotencyKey: 'kept-item' });
      await until(
        () => deliveries(sandbox),
        (d) => d.deliveries.length >= 1,
      );
      await sandbox.close();

      // The sandbox stopped before the retry (a second after the first try); the restarted one makes it, and the endpoint now accepts.
      accept = true;
      sandbox = await startSandbox({ port: 0, persistDir: dir, stripeWebhookRetryMs: 1_000 });
      stripe = stripeClient(sandbox);
      expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ email: 'kept@example.com' });
      const again = await stripe.invoiceItems.create({ customer: customer.id, amount: 4_200, currency: 'usd' }, { idempotencyKey: 'kept-item' });
      expect(again.id).toBe(item.id);

      const log = await until(
        () => deliveries(sandbox),
        (d) => d.pending.length === 0 && d.deliveries.some((x) => x.status === 200),
      );
      expect(log.deliveries.map((d) => d.status)).toEqual([503, 200]);
      expect(endpointServer.received.map((e) => e.data.object)).toEqual([expect.objectContaining({ id: item.id }), expect.objectContaining({ id: item.id })]);
    } finally {
      await sandbox.close();
      await endpointServer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
