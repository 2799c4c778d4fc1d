import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { callLimits, durationMs, type Config } from '../../lib/config';
import { within } from '../../lib/within';
import { callWorkflow } from '../../workflows/call';
import { callEndedSignal, callWorkflowId, greetingUpdate, turnUpdate, type AgentMove, type CallEnded } from '../../workflows/call-messages';
import { ApiRouter } from '../endpoint';
import { isTemporalUnreachable } from '../temporal-errors';
import { CallOutbox } from './call-outbox';
import { CallRouting, decide, type CallRoute, type Routing } from './call-routing';
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
  const routing = new CallRouting(durationMs(config.CALL_ROUTING_CACHE_TTL), config.CALL_DEFAULT_TENANT);
  const outbox = new CallOutbox(config.TEMPORAL_TASK_QUEUE);
  const limits = callLimits(config);
  const answerWithinMs = limits.turnBudgetMs + ANSWER_MARGIN_MS;
  const api = new ApiRouter('/webhooks/twilio', { security: [{ twilioSignature: [] }] });
  api.router.use(requireTwilioSignature(config));

  const send = (res: Response, twiml: string) => res.status(200).type('text/xml').send(twiml);
  const log = (req: Request, fields: Record<string, unknown>) => (req.log ?? deps.logger).child(fields);

  /**
   * The database is down but the number's routing is remembered: the caller goes to the
   * company at once, and the call is kept in Temporal instead of the outbox. Its workflow
   * waits for the database, then logs and meters it.
   */
  const keepForwardedCall = async (route: CallRoute, body: { CallSid: string; From: string; To: string }, logger: Logger) => {
    const started = temporal.workflow
      .start(callWorkflow, {
        workflowId: callWorkflowId(body.CallSid),
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [{ callSid: body.CallSid, tenantId: route.tenantId, from: body.From, to: body.To, limits, forwarded: { receivedAt: new Date().toISOString(), because: 'database-unreachable' } }],
      })
      .then(() => true);
    const kept = await within(ANSWER_MARGIN_MS, started).catch(() => false);
    if (!kept) logger.error('neither the database nor Temporal could keep this call: it was forwarded and will not be logged');
  };

  /** The caller is put through to the company's line when the workflow cannot answer. */
  const dialLimit = { seconds: Math.round(durationMs(deps.config.DIAL_TIME_LIMIT) / 1000) };
  const fallback = (route: CallRoute | null) => (route ? forwardTo(route.companyName, route.forwardTo, 'fallback', dialLimit) : notInService());

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
        let found: Routing;
        try {
          found = await routing.lookup(body.To);
        } catch (error) {
          // Without the database, and no routing remembered, there is no knowing whose number this is; the caller still hears something.
          log(req, { callSid: body.CallSid }).error({ err: error }, 'could not look the dialled number up');
          return send(res, unavailable());
        }
        const decision = decide(found.route);
        const logger = log(req, { callSid: body.CallSid, ...(decision.kind !== 'not-in-service' ? { tenantId: decision.route.tenantId } : {}) });
        if (decision.kind === 'not-in-service') {
          logger.info({ decision: decision.kind }, 'call to a number not in service');
          return send(res, notInService());
        }
        if (decision.kind === 'forward') {
          logger.info({ decision: decision.kind, status: decision.route.status }, 'call forwarded: the tenant is not live');
          return send(res, forwardTo(decision.route.companyName, decision.route.forwardTo, 'suspended', dialLimit));
        }
        if (found.stale) {
          logger.error('database unreachable: call forwarded on the remembered routing');
          await keepForwardedCall(decision.route, body, logger);
          return send(res, fallback(decision.route));
        }
        const route = decision.route;
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
          if (move) return send(res, renderMove(move, dialLimit));
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
          await outbox.storeCall(route.tenantId, body.CallSid, req);
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
          if (move) return send(res, renderMove(move, dialLimit));
          logger.warn('the call workflow did not answer the turn in time; forwarding');
        } catch (error) {
          logger.warn({ err: error }, 'the call workflow could not take the turn; forwarding');
        }
        return send(res, fallback(await routing.lookup(body.To).then((r) => r.route, () => null)));
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
          const ended: CallEnded = { status: body.CallStatus, durationSeconds: body.CallDuration ?? null };
          await deliverEnd(body, ended, req, log(req, { callSid: body.CallSid }));
        }
        res.status(204).type('text/xml').send(EMPTY);
      },
    );

  /**
   * Tells the call's workflow the call ended. When Temporal cannot be told, the status
   * waits in the outbox; when the workflow does not exist yet because the call itself
   * waits there, the status joins it. Calls the agent never took have no workflow.
   */
  async function deliverEnd(body: { CallSid: string; To: string }, ended: CallEnded, req: Request, logger: Logger): Promise<void> {
    const signal = () => temporal.workflow.getHandle(callWorkflowId(body.CallSid)).signal(callEndedSignal, ended).then(() => true);
    let told: boolean | undefined;
    let notFound = false;
    try {
      // Twilio does not wait long for this answer either.
      told = await within(answerWithinMs, signal());
    } catch (error) {
      notFound = error instanceof WorkflowNotFoundError;
      if (!notFound && !isTemporalUnreachable(error)) logger.warn({ err: error }, 'could not tell the call workflow the call ended');
    }
    if (told) return;
    try {
      const { route } = await routing.lookup(body.To);
      if (!route) return;
      if (!notFound) {
        await outbox.storeStatus(route.tenantId, body.CallSid, ended, req);
        logger.warn('the call workflow could not be told the call ended: status stored in the outbox');
      } else if (!(await outbox.completeStoredCall(route.tenantId, body.CallSid, ended))) {
        // Not in the outbox (or handed over meanwhile, and then the workflow exists): one more try.
        await signal().catch(() => undefined);
      }
    } catch (error) {
      logger.error({ err: error }, 'could not keep the final status of the call');
    }
  }
}
