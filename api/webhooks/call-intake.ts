import { WithStartWorkflowOperation, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Request } from 'express';
import type { Logger } from 'pino';
import type { CallEnded } from '../../domain/call-end';
import type { CallLimits } from '../../domain/call-limits';
import { callLimits, durationMs, type Config } from '../../lib/config';
import { within } from '../../lib/within';
import type { callWorkflow } from '../../workflows/call';
import { callEndedSignal, callWorkflowId, greetingUpdate, turnUpdate, type AgentMove } from '../../workflows/call-messages';
import { isTemporalUnreachable } from '../http/temporal-errors';
import { CallOutbox } from './call-outbox';
import { CallRouting, decide, type CallRoute, type Routing } from './call-routing';
import { forwardTo, notInService, renderMove, unavailable, type DialLimit } from './twiml';

/** Beyond the agent's budget, what the webhook allows the workflow before answering on its own (Twilio waits 15 s). */
const ANSWER_MARGIN_MS = 2_000;

export interface IncomingCall {
  CallSid: string;
  From: string;
  To: string;
}

export interface CallerTurn extends IncomingCall {
  SpeechResult?: string;
  Confidence?: number;
}

/**
 * What Kestrel answers a call, whatever fails. The dialled number leads to a tenant; the
 * tenant's call workflow holds the conversation and gives each answer. The fallback policy,
 * in one place:
 * - a number no tenant holds: "not in service";
 * - a tenant that is not live: straight to the company's line;
 * - the database down, the number's routing remembered: to the company's line, the call
 *   kept in Temporal to be logged once the database is back;
 * - the database down, nothing remembered: an apology;
 * - Temporal unreachable, or the workflow too slow to greet: to the company's line, the
 *   call kept in the outbox for the relay to log and meter;
 * - the workflow unable to answer a turn: to the company's line.
 * Every answer is TwiML, within Twilio's 15 s.
 */
export class CallIntake {
  private readonly routing: CallRouting;
  private readonly outbox: CallOutbox;
  private readonly limits: CallLimits;
  private readonly answerWithinMs: number;
  private readonly dialLimit: DialLimit;

  constructor(private readonly deps: { config: Config; temporal: Client }) {
    const { config } = deps;
    this.routing = new CallRouting(durationMs(config.CALL_ROUTING_CACHE_TTL), config.CALL_DEFAULT_TENANT);
    this.outbox = new CallOutbox(config.TEMPORAL_TASK_QUEUE);
    this.limits = callLimits(config);
    this.answerWithinMs = this.limits.turnBudgetMs + ANSWER_MARGIN_MS;
    this.dialLimit = { seconds: Math.round(durationMs(config.DIAL_TIME_LIMIT) / 1000) };
  }

  /** A new call: the agent's greeting, or the fallback the policy gives. */
  async answer(call: IncomingCall, req: Request, log: Logger): Promise<string> {
    let found: Routing;
    try {
      found = await this.routing.lookup(call.To);
    } catch (error) {
      // Without the database, and no routing remembered, there is no knowing whose number this is; the caller still hears something.
      log.error({ err: error }, 'could not look the dialled number up');
      return unavailable();
    }
    const decision = decide(found.route);
    if (decision.kind === 'not-in-service') {
      log.info({ decision: decision.kind }, 'call to a number not in service');
      return notInService();
    }
    const logger = log.child({ tenantId: decision.route.tenantId });
    if (decision.kind === 'forward') {
      logger.info({ decision: decision.kind, status: decision.route.status }, 'call forwarded: the tenant is not live');
      return forwardTo(decision.route.companyName, decision.route.forwardTo, 'suspended', this.dialLimit);
    }
    if (found.stale) {
      logger.error('database unreachable: call forwarded on the remembered routing');
      await this.keepForwardedCall(decision.route, call, logger);
      return this.fallback(decision.route);
    }
    const greeting = await this.greet(decision.route, call, logger);
    if (typeof greeting === 'object') return renderMove(greeting, this.dialLimit);
    if (greeting === 'forward') return this.fallback(decision.route);
    try {
      await this.outbox.storeCall(decision.route.tenantId, call.CallSid, req);
    } catch (error) {
      logger.error({ err: error }, 'could not store the call in the outbox');
    }
    return this.fallback(decision.route);
  }

  /** The caller's words: the agent's next move, or the company's line. */
  async takeTurn(turn: CallerTurn, idempotencyToken: string | undefined, log: Logger): Promise<string> {
    try {
      const move: AgentMove | undefined = await within(
        this.answerWithinMs,
        this.deps.temporal.workflow.getHandle(callWorkflowId(turn.CallSid)).executeUpdate(turnUpdate, {
          args: [{ speech: turn.SpeechResult ?? '', ...(turn.Confidence !== undefined ? { confidence: turn.Confidence } : {}) }],
          // A repeated delivery carries the same token: Temporal answers it with the first outcome.
          ...(idempotencyToken && /^[\w.:-]{1,128}$/.test(idempotencyToken) ? { updateId: `turn-${idempotencyToken}` } : {}),
        }),
      );
      if (move) return renderMove(move, this.dialLimit);
      log.warn('the call workflow did not answer the turn in time; forwarding');
    } catch (error) {
      log.warn({ err: error }, 'the call workflow could not take the turn; forwarding');
    }
    return this.fallback(await this.routing.lookup(turn.To).then((r) => r.route, () => null));
  }

  /**
   * Tells the call's workflow the call ended. When Temporal cannot be told, the status
   * waits in the outbox; when the workflow does not exist yet because the call itself
   * waits there, the status joins it. Calls the agent never took have no workflow.
   */
  async end(call: { CallSid: string; To: string }, ended: CallEnded, req: Request, logger: Logger): Promise<void> {
    const signal = () => this.deps.temporal.workflow.getHandle(callWorkflowId(call.CallSid)).signal(callEndedSignal, ended).then(() => true);
    let told: boolean | undefined;
    let notFound = false;
    try {
      // Twilio does not wait long for this answer either.
      told = await within(this.answerWithinMs, signal());
    } catch (error) {
      notFound = error instanceof WorkflowNotFoundError;
      if (!notFound && !isTemporalUnreachable(error)) logger.warn({ err: error }, 'could not tell the call workflow the call ended');
    }
    if (told) return;
    try {
      const { route } = await this.routing.lookup(call.To);
      if (!route) return;
      if (!notFound) {
        await this.outbox.storeStatus(route.tenantId, call.CallSid, ended, req);
        logger.warn('the call workflow could not be told the call ended: status stored in the outbox');
      } else if (!(await this.outbox.completeStoredCall(route.tenantId, call.CallSid, ended))) {
        // Not in the outbox (or handed over meanwhile, and then the workflow exists): one more try.
        await signal().catch(() => undefined);
      }
    } catch (error) {
      logger.error({ err: error }, 'could not keep the final status of the call');
    }
  }

  /**
   * Starts the call's workflow and asks it for the greeting. Else `keep`: Temporal did not
   * answer in time, so the call is kept for the relay; or `forward`: the workflow failed
   * for good (its tenant gone, a bug), and the caller only needs a person.
   */
  private async greet(route: CallRoute, call: IncomingCall, logger: Logger): Promise<AgentMove | 'keep' | 'forward'> {
    const start = new WithStartWorkflowOperation<typeof callWorkflow>('callWorkflow', {
      workflowId: callWorkflowId(call.CallSid),
      taskQueue: this.deps.config.TEMPORAL_TASK_QUEUE,
      // Twilio repeats a late webhook: the repeat joins the call's workflow.
      workflowIdConflictPolicy: 'USE_EXISTING',
      args: [{ callSid: call.CallSid, tenantId: route.tenantId, from: call.From, to: call.To, limits: this.limits }],
    });
    try {
      const move = await within(
        this.answerWithinMs,
        // The same update id for a repeat: Temporal answers it with the first outcome.
        this.deps.temporal.workflow.executeUpdateWithStart(greetingUpdate, { startWorkflowOperation: start, updateId: `greeting-${call.CallSid}` }),
      );
      // No answer in time (Temporal unreachable and retrying, or no worker): the call is
      // kept for the relay (which joins the workflow if it did start) and the caller reaches a person.
      if (move) return move;
      logger.warn('the call workflow did not greet in time: call stored in the outbox and forwarded');
      return 'keep';
    } catch (error) {
      if (!isTemporalUnreachable(error)) {
        logger.error({ err: error }, 'the call workflow could not greet; forwarding');
        return 'forward';
      }
      logger.error('temporal unreachable: call stored in the outbox and forwarded');
      return 'keep';
    }
  }

  /**
   * The database is down but the number's routing is remembered: the caller goes to the
   * company at once, and the call is kept in Temporal instead of the outbox. Its workflow
   * waits for the database, then logs and meters it.
   */
  private async keepForwardedCall(route: CallRoute, call: IncomingCall, logger: Logger): Promise<void> {
    const started = this.deps.temporal.workflow
      .start<typeof callWorkflow>('callWorkflow', {
        workflowId: callWorkflowId(call.CallSid),
        taskQueue: this.deps.config.TEMPORAL_TASK_QUEUE,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [{ callSid: call.CallSid, tenantId: route.tenantId, from: call.From, to: call.To, limits: this.limits, forwarded: { receivedAt: new Date().toISOString(), because: 'database-unreachable' } }],
      })
      .then(() => true);
    const kept = await within(ANSWER_MARGIN_MS, started).catch(() => false);
    if (!kept) logger.error('neither the database nor Temporal could keep this call: it was forwarded and will not be logged');
  }

  /** The caller is put through to the company's line when the workflow cannot answer. */
  private fallback(route: CallRoute | null): string {
    return route ? forwardTo(route.companyName, route.forwardTo, 'fallback', this.dialLimit) : notInService();
  }
}
