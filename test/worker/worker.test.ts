import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { spawnEntry } from '../support/process';

describe('the worker process', () => {
  it('polls its task queue on the real Temporal server and stops cleanly on SIGTERM', async () => {
    const taskQueue = `worker-test-${randomUUID()}`;
    const worker = spawnEntry('worker/main.ts', { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'info' });
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    try {
      await worker.waitFor(/"msg":"worker running"/);
      // The server lists the worker among the pollers of its workflow task queue.
      let pollers = 0;
      for (let i = 0; i < 50 && pollers === 0; i++) {
        const described = await connection.workflowService.describeTaskQueue({
          namespace: 'default',
          taskQueue: { name: taskQueue },
          taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        pollers = described.pollers?.length ?? 0;
        if (pollers === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(pollers).toBeGreaterThan(0);

      worker.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: 0, signal: null });
      expect(worker.output()).toContain('"msg":"worker stopped"');
    } finally {
      worker.child.kill('SIGKILL');
      await connection.close();
    }
  });
});
