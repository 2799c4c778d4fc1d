import { sleep } from '@temporalio/workflow';

/**
 * The messaging bench's baseline workflow, bundled on its own for a worker of the bench's
 * own task queue: started, it sleeps as long as an enrolment waits for its next step and
 * does nothing else, so a worker holding many of them shows what Temporal and the SDK
 * cost per sleeping workflow, without Kestrel's code.
 */
export async function benchSleeper(input: { sleepMs: number }): Promise<void> {
  await sleep(input.sleepMs);
}
