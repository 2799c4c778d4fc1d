import {
  ActivityFailure,
  ApplicationFailure,
  TemporalFailure,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { AgentReply } from '../activities/agent';
import type { CallContext, CallSummary, FinishedCall } from '../activities/calls';
import { agentScript } from '../domain/agent-script';
import { emergencyKeyword } from '../domain/emergency';
import { isMissedCall } from '../domain/missed-call';
import {
  callEndedSignal,
  callStateQuery,
  greetingUpdate,
  turnUpdate,
  type AgentMove,
  type CallEnded,
  type CallInput,
  type CallState,
  type CallerTurn,
  type TranscriptLine,
} from './call-messages';
import { OneAtATime } from './one-at-a-time';
import { sendUsageEmails } from './usage-emails';

// Reading the tenant, and recording a dead letter: the call's facts must not be lost, so
// these retry until the database comes back (the webhook answers the caller with its own
// fallback meanwhile). This is the one deliberately unbounded schedule: after
// ATTENTION_AFTER_ATTEMPTS failed attempts it is listed on the operator's dashboard.
const DB_OPTIONS = {
  startToCloseTimeout: '10s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s' },
} as const;
// Finishing steps are bounded: one that keeps failing lands in dead_letters instead.
const FINISHING_ATTEMPTS = 8;
const FINISHING_OPTIONS = {
  startToCloseTimeout: '45s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: FINISHING_ATTEMPTS },
} as const;
const db = proxyActivities<Activities>(DB_OPTIONS);
// Texting the caller after the call talks to Twilio and Temporal: a worker's activity, never a local one.
const afterCall = proxyActivities<Activities>(FINISHING_OPTIONS);

/** Longest a caller's words are kept per turn (the transcript travels in this workflow's history). */
const MAX_WORDS_CHARS = 600;
/** Silent gathers in a row before the agent says goodbye. */
const MAX_SILENCES = 2;

/**
 * One phone call (`call-<CallSid>`). The voice webhook starts it together with the
 * greeting update; each caller turn is an update answered with the agent's next move;
 * Twilio's final status (a signal) makes it summarise, log and meter the call.
 */
export async function callWorkflow(input: CallInput): Promise<CallState> {
  const { callSid, tenantId, limits } = input;
  const startedAt = now();
  // The call's own steps run as local activities, inside the workflow task that needs
  // them: a turn is then one workflow task, not two with an activity task between, which
  // is most of what a turn costs beyond the model. Calls whose histories began with
  // ordinary activities (before this) keep them.
  const inWorkflowTask = patched('call-local-activities');
  const proxy = inWorkflowTask ? proxyLocalActivities : proxyActivities;
  const reading = inWorkflowTask ? proxyLocalActivities<Activities>(DB_OPTIONS) : db;
  const finishing = proxy<Activities>(FINISHING_OPTIONS);
  // One turn may use the model for at most the budget, queueing included; no retry fits in it.
  const agent = proxy<Activities>({ scheduleToCloseTimeout: limits.turnBudgetMs, retry: { maximumAttempts: 1 } });

  const transcript: TranscriptLine[] = [];
  // Set once the tenant is read; handlers that arrive earlier wait for the greeting.
  let ctx: CallContext | undefined = undefined;
  let greeting: AgentMove | undefined = undefined;
  let ended: CallEnded | undefined;
  let phase: CallState['phase'] = 'starting';
  let turns = 0;
  let silences = 0;
  let transferredTo: string | null = null;
  let emergency = false;
  let appointmentId: string | null = null;

  // Turns are taken one at a time, in the order they arrive.
  const serial = new OneAtATime();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => serial.run(work);

  const state = (): CallState => ({ callSid, phase, turns, transferredTo, appointmentId });
  const move = (kind: AgentMove['kind'], say: string, to?: string): AgentMove => {
    transcript.push({ role: 'agent', text: say, at: now() });
    const voice = { voice: ctx!.voice, language: ctx!.language };
    return kind === 'dial' ? { kind, say, to: to!, ...voice } : { kind, say, ...voice };
  };
  /** A person takes over: the emergency line for emergencies, else the company's own line. */
  const transfer = (say: string, urgent: boolean): AgentMove => {
    const to = (urgent ? ctx!.emergencyPhone : null) ?? ctx!.forwardTo;
    if (!to) return move('hangup', agentScript.callBackShortly(say));
    transferredTo = to;
    emergency ||= urgent;
    return move('dial', say, to);
  };

  setHandler(callStateQuery, state);
  // Idempotent: Twilio repeating the first webhook gets the greeting already given.
  setHandler(greetingUpdate, async () => {
    await condition(() => greeting !== undefined);
    return greeting!;
  });
  setHandler(turnUpdate, (turn) => exclusive(() => takeTurn(turn)), {
    validator: (turn) => {
      if (typeof turn?.speech !== 'string') throw ApplicationFailure.nonRetryable('speech must be text', 'InvalidTurn');
    },
  });
  setHandler(callEndedSignal, (e) => {
    ended ??= e;
  });

  async function takeTurn(turn: CallerTurn): Promise<AgentMove> {
    await condition(() => greeting !== undefined);
    if (ended || transferredTo) return move('hangup', agentScript.afterTheCall());
    const words = turn.speech.trim().slice(0, MAX_WORDS_CHARS);
    if (!words) {
      silences++;
      return silences >= MAX_SILENCES
        ? move('hangup', agentScript.cannotHear(ctx!.companyName))
        : move('gather', agentScript.didNotCatch());
    }
    silences = 0;
    turns++;
    transcript.push({ role: 'caller', text: words, at: now() });

    // Emergencies go to a person at once, without waiting for the model.
    if (emergencyKeyword(words, ctx!.emergencyKeywords)) {
      return transfer(agentScript.emergency(ctx!.companyName), true);
    }
    if (turns > limits.maxTurns) return transfer(agentScript.tooManyTurns(), false);

    let reply: AgentReply;
    try {
      reply = await agent.agentTurn({ tenantId, callSid, callerNumber: input.from, transcript, budgetMs: limits.turnBudgetMs, profile: ctx!.agent });
    } catch (error) {
      if (!activityFailed(error)) throw error;
      // A failing or slow model never leaves the caller in silence: a person takes over.
      return transfer(agentScript.agentTrouble(), false);
    }
    switch (reply.action) {
      case 'continue':
        if (reply.appointmentId) appointmentId = reply.appointmentId;
        return move('gather', reply.say);
      case 'transfer':
        return transfer(reply.say, reply.emergency);
      case 'end':
        return move('hangup', reply.say);
    }
  }

  // --- the call -------------------------------------------------------------------------

  ctx = await reading.callContext({ tenantId });
  if (input.forwarded) {
    // The caller was put through to the company's line without the agent; the call is
    // only logged and metered, once Twilio has said how it ended (or the call's time is up).
    transferredTo = ctx.forwardTo;
    ended ??= input.forwarded.ended;
    const timeLeft = limits.maxCallMs - (Date.now() - Date.parse(input.forwarded.receivedAt));
    if (timeLeft > 0) await condition(() => ended !== undefined, timeLeft);
    phase = 'finishing';
  } else {
    greeting = move('gather', ctx.greeting);
    phase = 'talking';
    // Twilio's status callback ends the call; without one, the call is given up on after the limit.
    await condition(() => ended !== undefined, limits.maxCallMs);
    await condition(() => serial.idle);
    phase = 'finishing';
  }

  const summary = await summarise();
  // A forwarded call may be logged long after it ended: its end is known from its duration.
  const forwardedEnd =
    input.forwarded && ended?.durationSeconds != null ? new Date(Date.parse(input.forwarded.receivedAt) + ended.durationSeconds * 1000).toISOString() : undefined;
  const call: FinishedCall = {
    tenantId,
    callSid,
    from: input.from,
    to: input.to,
    startedAt: input.forwarded?.receivedAt ?? startedAt,
    endedAt: forwardedEnd ?? now(),
    status: ended?.status ?? (input.forwarded ? 'forwarded' : 'abandoned'),
    durationSeconds: ended?.durationSeconds ?? null,
    transcript,
    summary,
    appointmentId,
    transferredTo,
    overLimit: ctx.overLimit,
    isTest: ctx.isTest,
  };
  const metering = await step('finishCall', { call }, () => finishing.finishCall(call));
  if (metering) await sendUsageEmails(tenantId, metering);

  // The caller hears from the company after the call: the visit's confirmation (its reminder
  // to come), or a text back after a missed call.
  const missed = isMissedCall({ outcome: summary.outcome, status: call.status, isTest: call.isTest });
  if ((appointmentId || missed) && !call.isTest && patched('texts-after-call')) {
    const texts = { tenantId, callSid, caller: input.from, appointmentId: appointmentId ?? null, missed };
    await step('textsAfterCall', texts, () => afterCall.textsAfterCall(texts));
  }
  // A caller who asked for information is followed up by the company's campaigns for that (an estimate follow-up).
  if (summary.outcome === 'information' && !call.isTest && patched('campaign-enrolment-after-call')) {
    try {
      await afterCall.enrolOnTrigger({ tenantId, trigger: 'call_information', phone: input.from, enrolKey: `call:${callSid}` });
    } catch (error) {
      if (!activityFailed(error)) throw error; // the call is finished either way; the activity logged why
    }
  }

  phase = 'finished';
  await condition(allHandlersFinished);
  return state();

  // --- finishing ------------------------------------------------------------------------

  async function summarise(): Promise<CallSummary> {
    const known = (fields: Partial<CallSummary>): CallSummary => ({
      summary: '',
      outcome: 'other',
      customer_name: null,
      callback_number: null,
      service_type: null,
      sentiment: 'neutral',
      ...fields,
    });
    if (input.forwarded) {
      const cause = input.forwarded.because === 'temporal-unreachable' ? 'Temporal could not be reached' : 'the database could not be reached';
      return known({ summary: `The agent was unavailable (${cause}), so the call was put through to the company's line.`, outcome: 'other' });
    }
    if (turns === 0) return known({ summary: 'The caller hung up without saying anything.', outcome: 'abandoned' });
    const companyName = ctx!.companyName;
    const read =
      (await step('summariseCall', { tenantId, transcript, companyName }, () => finishing.summariseCall({ tenantId, transcript, companyName }))) ??
      known({ summary: 'No summary: the summariser failed (see dead letters).' });
    // What the call did is known for certain; it wins over the model's reading.
    if (appointmentId) read.outcome = 'appointment_booked';
    else if (emergency) read.outcome = 'emergency_transferred';
    return read;
  }

  /** Runs a finishing step; one that fails for good is recorded in dead_letters to be replayed. */
  async function step<T>(name: string, stepInput: Record<string, unknown>, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      if (!activityFailed(error)) throw error;
      const info = workflowInfo();
      const cause = error instanceof ActivityFailure ? error.cause : error;
      await db.recordDeadLetter({
        tenantId,
        workflowId: info.workflowId,
        runId: info.runId,
        step: name,
        input: stepInput,
        error: innermost(error),
        // A non-retryable failure stopped at its first attempt; any other used them all.
        attempts: cause instanceof ApplicationFailure && cause.nonRetryable ? 1 : FINISHING_ATTEMPTS,
      });
      return undefined;
    }
  }
}

/**
 * An activity's failure, as it reaches the workflow: an ordinary activity's wrapped in an
 * ActivityFailure, a local activity's as the failure itself (its timeout, or the error
 * it threw). Anything else is the workflow's own error and fails the task.
 */
function activityFailed(error: unknown): error is TemporalFailure {
  return error instanceof TemporalFailure;
}

/** Workflow time (deterministic), as ISO text. */
function now(): string {
  return new Date().toISOString();
}

function innermost(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && (current as { cause?: unknown }).cause) current = (current as { cause?: unknown }).cause;
  return current instanceof Error ? current.message : String(current);
}
