import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { CallOutboxEntry } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import { callLimits, durationMs, type Config } from '../../lib/config';
import { callWorkflow } from '../../workflows/call';
import { callOutboxRelay } from '../../workflows/call-outbox-relay';
import { CALL_OUTBOX_RELAY_ID, callEndedSignal, callWorkflowId, greetingUpdate, turnUpdate, type AgentMove } from '../../workflows/call-messages';
import { within } from '../../lib/within';
import { ApiRouter } from '../endpoint';
import { isTemporalUnreachable } from '../temporal-errors';
import { CallRouting, decide, type CallRoute } from './call-routing';
import { EMPTY, forwardTo, notInService, renderMove, unavailable } from './twiml';
import { requireTwilioSignature } from './twilio-signature';

const callSid = z.string().regex(/^CA[0-9a-fA-F]{32}$/, 'expected a call SID');
const number = z.string().max(64);
const callParams = z.object({ CallSid: callSid, From: number.default(''), To: number, CallStatus: z.string().max(32).optional() });
const turnParams = callParams.extend({ SpeechResult: z.string().max(5000).optional(), Confidence: z.coerce.number().min(0).max(1).optional() });
const statusParams = callParams.extend({ CallStatus: z.string().max(32), CallDuration: z.coerce.number().int().min(0).optional() });

const twimlResponse = { description: 'TwiML for the call', contentType: 'text/xml', schema: z.string() };
/** Statuses after which the call is over (Twilio also reports ringing, in-progress… when asked to). */
const FINAL = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
/** Beyond the agent's budget, what the webhook allows the workflow before answering on its own (Twilio waits 15 s). */
const ANSWER_MARGIN_MS = 2_000;

/**
 * Twilio's voice webhooks. The dialled number leads to a tenant; the tenant's call
 * workflow holds the conversation and answers each webhook with the agent's next move.
 * Every request gets TwiML: when the workflow cannot answer in time, the caller is
 * put through to the company's own line.
 */
export function twilioVoiceRoutes(deps: { config: Config; temporal: Client; logger: Logger }): ApiRouter {
  const { config, temporal } = deps;
  const routing = new CallRouting(durationMs(config.CALL_ROUTING_CACHE_TTL));
  const limits = callLimits(config);
  const answerWithinMs = limits.turnBudgetMs + ANSWER_MARGIN_MS;
  const api = new ApiRouter('/webhooks/twilio');
  api.router.use(requireTwilioSignature(config));

  const send = (res: Response, twiml: string) => res.status(200).type('text/xml').send(twiml);
  const log = (req: Request, fields: Record<string, unknown>) => (req.log ?? deps.logger).child(fields);

  // Calls stored while Temporal was unreachable are replayed by a relay run, started by the
  // first call that reaches Temporal again (and once per process: another may have stored some).
  let relayDue = true;
  const startRelay = () => {
    if (!relayDue) return;
    relayDue = false;
    temporal.workflow
      .start(callOutboxRelay, { workflowId: CALL_OUTBOX_RELAY_ID, taskQueue: config.TEMPORAL_TASK_QUEUE, workflowIdConflictPolicy: 'USE_EXISTING' })
      .catch((error: unknown) => {
        relayDue = true;
        deps.logger.warn({ err: error }, 'could not start the call outbox relay');
      });
  };
  /** Keeps a call the workflow could not take, to be logged and metered when Temporal answers again. */
  const store = async (route: CallRoute, req: Request, sid: string) => {
    relayDue = true;
    await withTenant(route.tenantId, () =>
      CallOutboxEntry.query()
        .insert({ tenant_id: route.tenantId, call_sid: sid, webhook: { ...req.body } as Record<string, string> })
        .onConflict('call_sid')
        .ignore(),
    );
  };

  /** The caller is put through to the company's line when the workflow cannot answer. */
  const fallback = (route: CallRoute | null) => (route ? forwardTo(route.companyName, route.forwardTo, 'fallback') : notInService());

  return api
    .endpoint(
      {
        method: 'post',
        path: '/voice',
        summary: 'An incoming call (Twilio voice webhook): the greeting and a speech gather',
        tags: ['webhooks'],
        body: callParams,
        responses: { 200: twimlResponse, 400: { description: 'No signature' }, 403: { description: 'Wrong signature' } },
      },
      async ({ body }, req, res) => {
        let route: CallRoute | null;
        try {
          route = await routing.lookup(body.To);
        } catch (error) {
          // Without the database there is no knowing whose number this is; the caller still hears something.
          log(req, { callSid: body.CallSid }).error({ err: error }, 'could not look the dialled number up');
          return send(res, unavailable());
        }
        const decision = decide(route);
        const logger = log(req, { callSid: body.CallSid, ...(decision.kind !== 'not-in-service' ? { tenantId: decision.route.tenantId } : {}) });
        if (decision.kind === 'not-in-service') {
          logger.info({ decision: decision.kind }, 'call to a number not in service');
          return send(res, notInService());
        }
        if (decision.kind === 'forward') {
          logger.info({ decision: decision.kind, status: decision.route.status }, 'call forwarded: the tenant is not live');
          return send(res, forwardTo(decision.route.companyName, decision.route.forwardTo, 'suspended'));
        }
        route = decision.route;
        const start = new WithStartWorkflowOperation(callWorkflow, {
          workflowId: callWorkflowId(body.CallSid),
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          // Twilio repeats a late webhook: the repeat joins the call's workflow.
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [{ callSid: body.CallSid, tenantId: route.tenantId, from: body.From, to: body.To, limits }],
        });
        try {
          const move = await within(
            answerWithinMs,
            // The same update id for a repeat: Temporal answers it with the first outcome.
            temporal.workflow.executeUpdateWithStart(greetingUpdate, { startWorkflowOperation: start, updateId: `greeting-${body.CallSid}` }),
          );
          if (move) {
            startRelay();
            return send(res, renderMove(move));
          }
          // No answer in time (Temporal unreachable and retrying, or no worker): the call is
          // kept for the relay (which joins the workflow if it did start) and the caller reaches a person.
          logger.warn('the call workflow did not greet in time: call stored in the outbox and forwarded');
        } catch (error) {
          if (!isTemporalUnreachable(error)) {
            // The workflow failed (its tenant gone, a bug): the caller reaches a person all the same.
            logger.error({ err: error }, 'the call workflow could not greet; forwarding');
            return send(res, fallback(route));
          }
          logger.error('temporal unreachable: call stored in the outbox and forwarded');
        }
        try {
          await store(route, req, body.CallSid);
        } catch (error) {
          logger.error({ err: error }, 'could not store the call in the outbox');
        }
        return send(res, fallback(route));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/voice/turn',
        summary: "The caller's words (Twilio gather action): the agent's next move",
        tags: ['webhooks'],
        body: turnParams,
        responses: { 200: twimlResponse, 400: { description: 'No signature' }, 403: { description: 'Wrong signature' } },
      },
      async ({ body }, req, res) => {
        const logger = log(req, { callSid: body.CallSid });
        // A repeated delivery carries the same idempotency token: Temporal answers it with the first outcome.
        const token = req.header('i-twilio-idempotency-token');
        try {
          const move: AgentMove | undefined = await within(
            answerWithinMs,
            temporal.workflow
              .getHandle(callWorkflowId(body.CallSid))
              .executeUpdate(turnUpdate, {
                args: [{ speech: body.SpeechResult ?? '', ...(body.Confidence !== undefined ? { confidence: body.Confidence } : {}) }],
                ...(token && /^[\w.:-]{1,128}$/.test(token) ? { updateId: `turn-${token}` } : {}),
              }),
          );
          if (move) return send(res, renderMove(move));
          logger.warn('the call workflow did not answer the turn in time; forwarding');
        } catch (error) {
          logger.warn({ err: error }, 'the call workflow could not take the turn; forwarding');
        }
        return send(res, fallback(await routing.lookup(body.To).catch(() => null)));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/status',
        summary: "The call's status (Twilio status callback): the final one finishes the call",
        tags: ['webhooks'],
        body: statusParams,
        responses: { 204: { description: 'Noted' }, 400: { description: 'No signature' }, 403: { description: 'Wrong signature' } },
      },
      async ({ body }, req, res) => {
        if (FINAL.has(body.CallStatus)) {
          try {
            const signalled = temporal.workflow
              .getHandle(callWorkflowId(body.CallSid))
              .signal(callEndedSignal, { status: body.CallStatus, durationSeconds: body.CallDuration ?? null });
            // Twilio does not wait long either; a call never told it ended finishes after CALL_MAX_DURATION.
            if ((await within(answerWithinMs, signalled.then(() => true))) === undefined) {
              log(req, { callSid: body.CallSid }).warn('the call workflow was not told the call ended in time');
            }
          } catch (error) {
            // Calls the agent never took (unknown numbers, forwarded tenants) have no workflow.
            if (!(error instanceof WorkflowNotFoundError)) {
              log(req, { callSid: body.CallSid }).warn({ err: error }, 'could not tell the call workflow the call ended');
            }
          }
        }
        res.status(204).type('text/xml').send(EMPTY);
      },
    );
}
