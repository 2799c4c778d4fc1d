import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { retentionRun } from '../../workflows/retention-run';
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

  it('runs workflows from a bundle built beforehand (npm run build:workflows, WORKFLOW_BUNDLE), as the Docker image does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kestrel-bundle-'));
    const bundlePath = path.join(dir, 'workflow-bundle.js');
    const taskQueue = `worker-bundle-test-${randomUUID()}`;
    const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    let worker: ReturnType<typeof spawnEntry> | undefined;
    try {
      const build = spawnEntry('worker/build-bundle.ts', process.env, [bundlePath]);
      expect(await build.exited).toEqual({ code: 0, signal: null });
      expect(build.output()).toContain(`workflow bundle: ${bundlePath}`);
      expect(statSync(bundlePath).size).toBeGreaterThan(100_000);

      worker = spawnEntry('worker/main.ts', { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, WORKFLOW_BUNDLE: bundlePath, LOG_LEVEL: 'info' });
      await worker.waitFor(/"msg":"worker running"/);
      // A workflow that reaches the database through an activity: nobody left ten years ago.
      const result = await new Client({ connection }).workflow.execute(retentionRun, {
        workflowId: `bundle-test-${randomUUID()}`,
        taskQueue,
        args: [{ period: '3650d' }],
      });
      expect(result).toEqual({ started: 0, running: 0 });
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: 0, signal: null });
    } finally {
      worker?.child.kill('SIGKILL');
      await connection.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
