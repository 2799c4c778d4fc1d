import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { parseConfig } from '../../lib/config';
import { quietBundler } from '../support/platform';
import { quickWorkflow, spinningWorkflow } from './spinning-workflows';

const { EventType } = temporal.api.enums.v1;

/**
 * WORKER_DEADLOCK_TIMEOUT is the SDK's isolateExecutionTimeout, which patches/ lets be 0 (no
 * watchdog at all). Both sides on the real Temporal server: the check ends a stuck task, and a
 * worker without it runs workflows (Node itself refuses a timeout of 0: without the patch the
 * worker cannot run one).
 */
describe('the worker deadlock timeout (WORKER_DEADLOCK_TIMEOUT)', () => {
  let connection: NativeConnection;
  let client: Client;
  let clientConnection: Connection;
  let bundle: WorkflowBundle;

  beforeAll(async () => {
    // The stuck task is expected: the SDK's warnings about it are not the test's output.
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
    connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    clientConnection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    client = new Client({ connection: clientConnection });
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./spinning-workflows'), logger: quietBundler });
  }, 60_000);
  afterAll(async () => {
    await connection.close();
    await clientConnection.close();
  });

  const workerWith = (deadlockTimeout: string) =>
    Worker.create({
      connection,
      taskQueue: `deadlock-test-${randomUUID()}`,
      workflowBundle: bundle,
      isolateExecutionTimeout: parseConfig({ WORKER_DEADLOCK_TIMEOUT: deadlockTimeout }).WORKER_DEADLOCK_TIMEOUT as Duration,
    });

  it('is 5 s unless set, and takes 0 to turn the check off', () => {
    expect(parseConfig({}).WORKER_DEADLOCK_TIMEOUT).toBe('5s');
    expect(parseConfig({ WORKER_DEADLOCK_TIMEOUT: '0' }).WORKER_DEADLOCK_TIMEOUT).toBe('0');
    expect(() => parseConfig({ WORKER_DEADLOCK_TIMEOUT: 'soon' })).toThrow(/WORKER_DEADLOCK_TIMEOUT/);
  });

  it('set to 0, the worker runs workflows with no watchdog', async () => {
    const worker = await workerWith('0');
    const result = await worker.runUntil(client.workflow.execute(quickWorkflow, { workflowId: `quick-${randomUUID()}`, taskQueue: worker.options.taskQueue }));
    expect(result).toBe('done');
  }, 60_000);

  it('set, it fails the task of workflow code that never yields, and the worker goes on', async () => {
    const worker = await workerWith('1s');
    const taskQueue = worker.options.taskQueue;
    await worker.runUntil(async () => {
      const stuck = await client.workflow.start(spinningWorkflow, { workflowId: `spinning-${randomUUID()}`, taskQueue });
      try {
        let failed: temporal.api.history.v1.IHistoryEvent | undefined;
        for (let i = 0; i < 100 && !failed; i++) {
          const history = await stuck.fetchHistory();
          failed = history.events?.find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
          if (!failed) await new Promise((r) => setTimeout(r, 200));
        }
        expect(failed?.workflowTaskFailedEventAttributes?.failure?.message).toMatch(/timed out after 1000ms/);
        // The same worker still serves other workflows.
        expect(await client.workflow.execute(quickWorkflow, { workflowId: `quick-${randomUUID()}`, taskQueue })).toBe('done');
      } finally {
        await stuck.terminate('test over');
      }
    });
  }, 60_000);
});
