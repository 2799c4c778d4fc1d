import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { config } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { createWorker } from '../../worker/worker';

/**
 * A worker of the messaging bench, in a process of its own as `npm run worker` runs one,
 * so that its memory is its workflows' and not the bench's: Kestrel's worker (every
 * activity, the workflow bundle WORKFLOW_BUNDLE names) on the task queue the environment
 * names. The bench runs two: one with Kestrel's workflows, one with the baseline's
 * sleeping workflow. Over IPC the parent asks for its state (what it is running) and for
 * its memory (garbage collected first, with the peak sampled every 50 ms since the last
 * ask). Exits when the parent disconnects.
 */
export type WorkerRequest = { type: 'state' } | { type: 'memory' };

export interface WorkerState {
  cachedWorkflows: number;
  maxCachedWorkflows: number;
  workflowActivationsInFlight: number;
  activitiesInFlight: number;
}

export interface WorkerMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** The highest resident memory sampled since the previous ask (or the start). */
  peakRss: number;
}

export type WorkerReport = { type: 'ready'; state: WorkerState } | { type: 'state'; state: WorkerState } | { type: 'memory'; memory: WorkerMemory; state: WorkerState };

const send = (message: WorkerReport) => process.send?.(message);

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function main(): Promise<void> {
  const c = config();
  const { worker, connection } = await createWorker(c, createLogger({ name: 'bench-messaging-worker', level: 'silent' }));
  const running = worker.run().finally(() => connection.close());
  const state = (): WorkerState => {
    const status = worker.getStatus();
    return {
      cachedWorkflows: status.numCachedWorkflows,
      maxCachedWorkflows: worker.options.maxCachedWorkflows,
      workflowActivationsInFlight: status.numInFlightWorkflowActivations,
      activitiesInFlight: status.numInFlightActivities,
    };
  };

  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  process.on('message', (request: WorkerRequest) => {
    if (request.type === 'state') {
      send({ type: 'state', state: state() });
      return;
    }
    const peak = Math.max(peakRss, process.memoryUsage.rss());
    collectGarbage();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    peakRss = rss;
    send({ type: 'memory', memory: { rss, heapUsed, heapTotal, external, peakRss: peak }, state: state() });
  });
  process.once('disconnect', () => {
    clearInterval(sampler);
    // A signal to the process group has the SDK shutting the worker down already.
    if (worker.getState() === 'RUNNING') worker.shutdown();
  });
  send({ type: 'ready', state: state() });
  await running;
}

main().catch((error) => {
  process.stderr.write(`bench messaging worker: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
