import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { parseConfig, type Config } from '../../../lib/config';
import { openaiClient } from '../../../providers/openai';
import { resendClient } from '../../../providers/resend';
import { twilioClient } from '../../../providers/twilio';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../../sandbox/server';

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
