import type { Connection } from '@temporalio/client';
import type { Knex } from 'knex';
import { z } from 'zod';
import { providerModes, type Config } from '../lib/config';
import { within } from '../lib/within';
import { ApiRouter } from './http/endpoint';
import type { Metrics } from './metrics';
import { Problem } from './http/problem';

const CHECK_TIMEOUT_MS = 2_000;

type Check = () => Promise<unknown>;

async function probe(check: Check): Promise<'up' | 'down'> {
  try {
    return (await within(CHECK_TIMEOUT_MS, check().then(() => 'up' as const))) ?? 'down';
  } catch {
    return 'down';
  }
}

const providers = z
  .object({ twilio: z.enum(['real', 'sandbox']), openai: z.enum(['real', 'sandbox']), resend: z.enum(['real', 'sandbox']) })
  .describe('Which providers are the real ones and which the sandbox plays (no credentials set)');
const readiness = z.object({ status: z.literal('ready'), checks: z.record(z.string(), z.enum(['up', 'down'])), providers });

/** Liveness, readiness (which dependency is down, by name) and Prometheus metrics. */
export function healthRoutes(deps: { config: Config; db: Knex; temporalHealth: Connection; metrics: Metrics }): ApiRouter {
  const modes = providerModes(deps.config);
  const checks: Record<string, Check> = {
    postgres: () => deps.db.raw('select 1'),
    temporal: () =>
      deps.temporalHealth.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () => deps.temporalHealth.healthService.check({})),
  };

  return new ApiRouter('', { tags: ['operations'] })
    .endpoint(
      {
        method: 'get',
        path: '/healthz',
        summary: 'Liveness: the process is up',
        responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
      },
      (_input, _req, res) => res.json({ status: 'ok' }),
    )
    .endpoint(
      {
        method: 'get',
        path: '/readyz',
        summary: 'Readiness: Postgres and Temporal answer; which providers are real',
        responses: { 200: { description: 'Ready', schema: readiness }, 503: { description: 'A dependency is down' } },
      },
      async (_input, _req, res) => {
        const names = Object.keys(checks);
        const states = await Promise.all(names.map((name) => probe(checks[name]!)));
        const result = Object.fromEntries(names.map((name, i) => [name, states[i]!]));
        const down = names.filter((name) => result[name] === 'down');
        if (down.length > 0) throw Problem.unavailable(`Not ready: ${down.join(' and ')} ${down.length > 1 ? 'are' : 'is'} down.`, { checks: result, providers: modes });
        res.json({ status: 'ready', checks: result, providers: modes });
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/metrics',
        summary: 'Prometheus metrics',
        responses: { 200: { description: 'Metrics in the Prometheus text format', schema: z.string(), contentType: 'text/plain' } },
      },
      async (_input, _req, res) => {
        res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
      },
    );
}
