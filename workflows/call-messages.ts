import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CallEnded } from '../domain/call-end';
import type { CallLimits } from '../domain/call-limits';

/**
 * The call workflow's messages, defined once and imported by both the workflow and the
 * webhooks, so no name is ever spelled twice.
 */

/** What the agent does next; the webhook renders it as TwiML. */
export type AgentMove =
  /** Say something and listen for the caller's answer. */
  | { kind: 'gather'; say: string; voice: string; language: string }
  /** Say something and connect the caller to a person. */
  | { kind: 'dial'; say: string; voice: string; language: string; to: string }
  /** Say something and hang up. */
  | { kind: 'hangup'; say: string; voice: string; language: string };

export interface CallInput {
  callSid: string;
  tenantId: string;
  from: string;
  to: string;
  limits: CallLimits;
  /** Set when the caller was put through to the company's line without the agent: the call is only logged and metered. */
  forwarded?: ForwardedCall;
}

/** A call the agent could not take: Temporal or the database was unreachable when it came in. */
export interface ForwardedCall {
  receivedAt: string;
  because: 'temporal-unreachable' | 'database-unreachable';
  /** Twilio's final status, when it came before the workflow started (stored in the outbox meanwhile). */
  ended?: CallEnded;
}

export type { CallLimits };

/** One line of the conversation, as the call log keeps it. */
export interface TranscriptLine {
  role: 'caller' | 'agent';
  text: string;
  at: string;
}

/** A caller turn: the words Twilio heard (empty for silence). */
export interface CallerTurn {
  speech: string;
  confidence?: number;
}

/** Twilio's final word on the call. */
export type { CallEnded } from '../domain/call-end';

export interface CallState {
  callSid: string;
  phase: 'starting' | 'talking' | 'finishing' | 'finished';
  turns: number;
  transferredTo: string | null;
  appointmentId: string | null;
}

export const greetingUpdate = defineUpdate<AgentMove>('greeting');
export const turnUpdate = defineUpdate<AgentMove, [CallerTurn]>('turn');
export const callEndedSignal = defineSignal<[CallEnded]>('callEnded');
export const callStateQuery = defineQuery<CallState>('callState');

export const callWorkflowId = (callSid: string) => `call-${callSid}`;

/** The one run at a time that drains a task queue's share of the call outbox. */
export const callOutboxRelayId = (taskQueue: string) => `call-outbox-relay-${taskQueue}`;
