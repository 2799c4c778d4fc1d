import { sleep } from '@temporalio/workflow';
import type { SendOutcome } from '../activities/messaging';

/**
 * Sends a customer text from a workflow, waiting out quiet hours: a message Kestrel starts
 * that falls in the company's quiet hours is held (written, not sent) and asked for again,
 * under the same key, when they end. A durable timer does the waiting, so a message held
 * overnight survives any restart. `send` is one activity call with a fixed key.
 */
export async function sendWhenAllowed(send: () => Promise<SendOutcome | null>): Promise<SendOutcome | null> {
  for (;;) {
    const outcome = await send();
    if (!outcome || outcome.status !== 'held' || !outcome.sendAfter) return outcome;
    await sleep(Math.max(1, Date.parse(outcome.sendAfter) - Date.now()));
  }
}
