/** Workflows for the deadlock-timeout test only: one that yields at once, one that never does. */

export async function quickWorkflow(): Promise<string> {
  return 'done';
}

export async function spinningWorkflow(): Promise<void> {
  // Workflow code stuck in a loop: only the worker's deadlock timeout can end its task.
  for (;;) {
    /* spin */
  }
}
