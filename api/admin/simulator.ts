import { STATUS_CODES } from 'node:http';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import { Tenant } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { callLimits, sandboxedProviders, type Config } from '../../lib/config';
import { within } from '../../lib/within';
import { sandboxUrl } from '../../providers/sandbox-url';
import { AdminRouter } from '../auth/operator-access';
import { Problem } from '../http/problem';
import { e164 } from '../schemas';
import { operatorActor } from '../auth/authenticate';


/** Who calls when the operator does not say: a number in a range reserved for fiction. */
const SIMULATED_CALLER = '+12025550100';

/**
 * The sandbox answers once the agent has, and the agent answers within the turn budget
 * (the voice webhook allows itself a little more, and the sandbox waits 15 s for a
 * webhook). Past the budget and this margin, the sandbox is stuck, not thinking.
 */
const SANDBOX_MARGIN_MS = 10_000;

const sidParams = z.object({ sid: z.string().regex(/^CA[0-9a-fA-F]{32}$/, 'expected a call SID') });

const snapshotSchema = z
  .object({
    sid: z.string(),
    state: z.enum(['running', 'waiting', 'ended']),
    transcript: z.array(z.object({ speaker: z.enum(['agent', 'caller']), text: z.string() })),
    events: z.array(z.record(z.string(), z.unknown())).describe('what happened on the line since the previous stop'),
  })
  .loose();
const snapshot = { description: "The sandbox call's snapshot", schema: snapshotSchema };

/**
 * The operator's test phone: calls a tenant's number through the provider sandbox's
 * caller simulator, the operator typing what the caller says. The call is a real one for
 * the platform (webhooks, call workflow, log and metering).
 */
export function adminSimulatorRoutes(deps: { config: Config }): AdminRouter {
  const base = sandboxUrl(deps.config);
  const timeoutMs = callLimits(deps.config).turnBudgetMs + SANDBOX_MARGIN_MS;

  /** The sandbox's answer; its errors (`{error, code}`) become problems with the same status. */
  const sandbox = async (path: string, body?: unknown): Promise<unknown> => {
    const request = fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (res) => ({ status: res.status, json: (await res.json().catch(() => ({}))) as { error?: string; code?: number } }));
    let answer: Awaited<typeof request> | undefined;
    try {
      answer = await within(timeoutMs, request);
    } catch {
      throw new Problem(502, 'Bad Gateway', `The provider sandbox cannot be reached at ${base}.`);
    }
    if (!answer) throw new Problem(504, 'Gateway Timeout', `The provider sandbox did not answer within ${timeoutMs / 1000} s.`);
    const { status, json } = answer;
    if (status >= 500) throw new Problem(502, 'Bad Gateway', `The provider sandbox failed (${status}): ${json.error ?? 'no detail'}`);
    if (status >= 400) throw new Problem(status, STATUS_CODES[status] ?? 'Error', json.error, { code: json.code });
    return json;
  };

  const api = new AdminRouter({ tags: ['admin', 'simulator'] });
  const onlyWithSandbox: RequestHandler = (_req, _res, next) => {
    if (!sandboxedProviders(deps.config).includes('twilio')) throw Problem.notFound('The call simulator needs the provider sandbox');
    next();
  };
  api.router.use('/simulator', onlyWithSandbox);

  return api
    .endpoint(
      {
        method: 'post',
        path: '/simulator/calls',
        access: { permission: 'simulator:call' },
        summary: "Call a tenant's number from the simulator; answers once the agent has greeted and waits for the caller",
        body: z.object({ tenant_id: z.uuid(), from: e164.optional() }),
        responses: {
          201: snapshot,
          404: { description: 'No such tenant, or Twilio is not the provider sandbox' },
          409: { description: 'The tenant has no phone number' },
        },
      },
      async ({ body }, req, res) => {
        const tenant = await withOperatorAccess(operatorActor(req), () => Tenant.query().findById(body.tenant_id));
        if (!tenant) throw Problem.notFound(`No tenant ${body.tenant_id}`);
        if (!tenant.phone_number) throw Problem.conflict(`${tenant.company_name} has no phone number yet: provision one first.`);
        const call = await sandbox('/sandbox/calls', { from: body.from ?? SIMULATED_CALLER, to: tenant.phone_number, interactive: true });
        res.status(201).json(call);
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/simulator/calls/:sid/speech',
        access: { permission: 'simulator:call' },
        summary: 'Say something as the caller ("" is silence); answers with the agent\'s reply',
        params: sidParams,
        body: z.object({ text: z.string().max(2000) }),
        responses: { 200: snapshot, 409: { description: 'The call is not waiting for the caller' } },
      },
      async ({ params, body }, req, res) => {
        res.json(await sandbox(`/sandbox/calls/${params.sid}/speech`, { text: body.text }));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/simulator/calls/:sid/hangup',
        access: { permission: 'simulator:call' },
        summary: 'Hang up as the caller',
        params: sidParams,
        responses: { 200: snapshot },
      },
      async ({ params }, req, res) => {
        res.json(await sandbox(`/sandbox/calls/${params.sid}/hangup`, {}));
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/simulator/calls/:sid',
        access: { permission: 'tenants:read' },
        summary: 'The simulated call as it stands',
        params: sidParams,
        responses: { 200: snapshot },
      },
      async ({ params }, req, res) => {
        res.json(await sandbox(`/sandbox/calls/${params.sid}`));
      },
    );
}
