import { condition } from '@temporalio/workflow';

/**
 * Runs a workflow's handlers one at a time, in the order they arrive: an update that
 * awaits activities cannot interleave with another that changes the same state.
 */
export class OneAtATime {
  private running = false;

  get idle(): boolean {
    return !this.running;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await condition(() => !this.running);
    this.running = true;
    try {
      return await work();
    } finally {
      this.running = false;
    }
  }
}
