import { parseConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { createApiApp, listenOnFreePort, type ApiApp } from '../../runtime/in-process';
import { OPERATOR_TOKEN, signup, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Kestrel for calls: the sandbox, a worker and the API, where the API listens first so
 * that PUBLIC_BASE_URL is its real address. Numbers are then bought with webhooks the
 * caller simulator can reach, and signatures are checked against the URLs it signs.
 */
export type CallPlatform = TestPlatform;

/**
 * `startTestPlatform({ calls: true, env, inProcessWorker })`.
 * `inProcessWorker: false` leaves the task queue to worker processes the test starts (and kills).
 */
export function startCallPlatform(env: NodeJS.ProcessEnv = {}, { inProcessWorker = true } = {}): Promise<CallPlatform> {
  return startTestPlatform({ calls: true, env, inProcessWorker });
}

/** The operator API of the platform. */
export async function operator(p: CallPlatform, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${p.apiUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${OPERATOR_TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Open around the clock, every day, so a test's greeting does not depend on when it runs. */
export const ALWAYS_OPEN = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, { open: '00:00', close: '24:00' }]));

export interface LiveTenant {
  id: string;
  phoneNumber: string;
  body: Record<string, unknown>;
}

/** A tenant signed up, given a number in `areaCode` (one the test file claimed) and activated (on trial, with its usage period open). */
export async function liveTenant(p: CallPlatform, areaCode: string, overrides: Record<string, unknown> = {}): Promise<LiveTenant> {
  const body = signup({ business_hours: ALWAYS_OPEN, emergency_phone: '+16175550111', ...overrides });
  const res = await fetch(`${p.apiUrl}/api/onboarding`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`onboarding: ${res.status} ${await res.text()}`);
  const { tenant } = (await res.json()) as { tenant: { id: string } };
  const provisioned = await operator(p, `/api/admin/tenants/${tenant.id}/actions/provision-number`, { areaCode });
  await operator(p, `/api/admin/tenants/${tenant.id}/actions/activate`, {});
  return { id: tenant.id, phoneNumber: provisioned.phoneNumber, body };
}

export interface SimulatedCall {
  sid: string;
  transcript: Array<{ speaker: 'agent' | 'caller'; text: string }>;
  events: Array<Record<string, any>>;
}

/** A call through the sandbox's caller simulator, to its end. */
export async function placeCall(p: CallPlatform, to: string, utterances: string[], extra: Record<string, unknown> = {}): Promise<SimulatedCall> {
  const res = await fetch(`${p.sandbox.url}/sandbox/calls`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ from: '+16175550123', to, utterances, ...extra }),
  });
  if (res.status !== 201) throw new Error(`call: ${res.status} ${await res.text()}`);
  return (await res.json()) as SimulatedCall;
}

export async function sandboxPost(p: CallPlatform, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${p.sandbox.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

/** The TwiML bodies the API answered, in order (repeats included). */
export const webhookAnswers = (call: SimulatedCall) =>
  call.events.filter((e) => e.type === 'webhook' && e.purpose !== 'status-callback').map((e) => String(e.response?.body ?? ''));

export interface ExtraApi {
  url: string;
  /** Serves from now on with a fresh app on this Temporal address, as a restarted process would. */
  useTemporal(address: string, options?: { retry?: boolean }): void;
  close(): Promise<void>;
}

/**
 * A second API process of the platform, on its own port and Temporal address (an address
 * where nothing listens stands for an outage).
 */
export async function startExtraApi(p: CallPlatform, temporalAddress: string, options: { retry?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<ExtraApi> {
  const listening = await listenOnFreePort();
  const { url, server } = listening;
  const config = parseConfig({ ...p.env, ...options.env, PUBLIC_BASE_URL: url });
  const logger = createLogger({ name: 'calls-test-extra', level: 'silent' });
  const apps: ApiApp[] = [];
  const useTemporal = (address: string, { retry = true }: { retry?: boolean } = {}) => {
    // Without the SDK's retries an unreachable Temporal fails at once (and no retry outlives the test).
    const api = createApiApp({ ...config, TEMPORAL_ADDRESS: address }, logger, { poolMax: 2, retryTemporal: retry });
    apps.push(api);
    server.removeAllListeners('request');
    server.on('request', api.app);
  };
  useTemporal(temporalAddress, options);
  return {
    url,
    useTemporal,
    close: async () => {
      await listening.close();
      await Promise.allSettled(apps.map((api) => api.close()));
    },
  };
}
