import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import Stripe from 'stripe';
import { parseConfig, type Config } from '../../../lib/config';
import { openaiClient } from '../../../providers/openai';
import { resendClient } from '../../../providers/resend';
import { twilioClient } from '../../../providers/twilio';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/server';
import { SANDBOX_STRIPE_SECRET_KEY } from '../../../sandbox/stripe/account';

export interface SandboxWithClients {
  sandbox: Sandbox;
  config: Config;
  twilio: ReturnType<typeof twilioClient>;
  openai: ReturnType<typeof openaiClient>;
  resend: ReturnType<typeof resendClient>;
}

/** A sandbox on a free port and the official SDK clients Kestrel would build for it (no credentials). */
export async function startSandboxWithClients(options: SandboxOptions = {}): Promise<SandboxWithClients> {
  const sandbox = await startSandbox({ port: 0, messageStepMs: 20, ...options });
  const config = parseConfig({ SANDBOX_URL: sandbox.url });
  return { sandbox, config, twilio: twilioClient(config), openai: openaiClient(config), resend: resendClient(config) };
}

/** The stripe SDK pointed at a sandbox, as Kestrel points it when it has no STRIPE_SECRET_KEY. */
export function stripeClient(sandbox: Sandbox, key = SANDBOX_STRIPE_SECRET_KEY): Stripe {
  const url = new URL(sandbox.url);
  return new Stripe(key, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 0 });
}

/** A throw-away HTTP app (a stand-in for Kestrel's webhooks) on a free loopback port. */
export async function listen(app: Express): Promise<{ url: string; close(): Promise<void> }> {
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Sandbox-only endpoints are plain JSON over HTTP. */
export async function sandboxCall<T>(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}
