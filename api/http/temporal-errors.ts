import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { Problem } from './problem';

/** The ApplicationFailure a workflow raised for an update (its validator or its handler), if any. */
export function updateFailure(error: unknown): ApplicationFailure | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  let cause: unknown = error.cause;
  while (cause && !(cause instanceof ApplicationFailure) && (cause as { cause?: unknown }).cause) cause = (cause as { cause?: unknown }).cause;
  return cause instanceof ApplicationFailure ? cause : undefined;
}

/** gRPC "unavailable" and friends: Temporal could not be reached at all. */
export function isTemporalUnreachable(error: unknown): boolean {
  const code = (error as { code?: number; cause?: { code?: number } }).code ?? (error as { cause?: { code?: number } }).cause?.code;
  return code === 14 || code === 4 || /Failed to connect|UNAVAILABLE|DEADLINE_EXCEEDED/i.test(String((error as Error)?.message));
}

/**
 * Awaits a call to Temporal; if Temporal cannot be reached, the answer is a 503 problem
 * saying what did not happen (`notDone`, e.g. "no run was started").
 */
export async function reachingTemporal<T>(call: Promise<T>, notDone: string): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (isTemporalUnreachable(error)) throw Problem.unavailable(`Temporal is unreachable; ${notDone}. Try again shortly.`);
    throw error;
  }
}

/** Maps what Temporal answered to an update on a tenant's workflow into a problem. */
export function tenantUpdateProblem(error: unknown): Problem {
  const failure = updateFailure(error);
  if (failure?.type === 'TransitionRefused') return Problem.conflict(failure.message, { type: '/docs#transition-refused' });
  if (failure?.type === 'ProvisioningFailed') return new Problem(502, 'Bad Gateway', failure.message, { type: '/docs#provisioning-failed' });
  if (failure) return new Problem(422, 'Unprocessable Content', failure.message);
  if (error instanceof WorkflowNotFoundError || /workflow execution already completed|not found/i.test(String((error as Error)?.message))) {
    return Problem.conflict('This tenant has no running lifecycle (it was deleted).');
  }
  if (isTemporalUnreachable(error)) return Problem.unavailable('Temporal is unreachable; nothing was changed. Try again shortly.');
  throw error;
}
