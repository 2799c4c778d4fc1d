import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { config } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { createWorker } from '../../worker/worker';

/**
 * The export bench's worker, in a process of its own as `npm run worker` runs one, so that
 * its memory is the export's and not the bench's: a real worker on the task queue the
 * environment names. The parent asks it over IPC to start measuring (garbage from start-up
 * collected first, then resident memory sampled every 50 ms) and to stop, answering the
 * peak. Exits when the parent disconnects.
 */
export type WorkerRequest = { type: 'measure' } | { type: 'peak' };
export type WorkerReport =
  | { type: 'ready' }
  | { type: 'measuring'; rss: number }
  | { type: 'peak'; peakRss: number; maxRss: number; atPeak: { heapUsed: number; heapTotal: number; external: number } };

const send = (message: WorkerReport) => process.send?.(message);

function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function main(): Promise<void> {
  const c = config();
  // WORKFLOW_BUNDLE, when the bench sets it, as the Docker image does; else bundled here at start.
  const { worker, connection } = await createWorker(c, createLogger({ name: 'bench-export-worker', level: 'silent' }));
  const running = worker.run().finally(() => connection.close());

  let peak = process.memoryUsage();
  let sampler: NodeJS.Timeout | undefined;
  const sample = () => {
    const now = process.memoryUsage();
    if (now.rss > peak.rss) peak = now;
  };
  process.on('message', (request: WorkerRequest) => {
    if (request.type === 'measure') {
      collectGarbage();
      peak = process.memoryUsage();
      clearInterval(sampler);
      sampler = setInterval(sample, 50);
      send({ type: 'measuring', rss: peak.rss });
    } else {
      clearInterval(sampler);
      sample();
      const { heapUsed, heapTotal, external } = peak;
      send({ type: 'peak', peakRss: peak.rss, maxRss: process.resourceUsage().maxRSS * 1024, atPeak: { heapUsed, heapTotal, external } });
    }
  });
  process.once('disconnect', () => {
    clearInterval(sampler);
    worker.shutdown();
  });
  send({ type: 'ready' });
  await running;
}

main().catch((error) => {
  process.stderr.write(`bench export worker: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
