import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import * as workflows from '../../workflows';
import { workflowBundle } from '../support/platform';

/**
 * Histories recorded from real runs (a whole tenant life across continueAsNew, a
 * provisioning saga, an email) must replay against today's workflow code. A change
 * that breaks determinism for running tenants fails here. When a change is meant to
 * alter histories, gate it with `patched()` and record new fixtures from
 * .test-results/histories after the lifecycle tests.
 */
describe('workflow determinism', () => {
  const dir = path.resolve(__dirname, '..', 'fixtures', 'histories');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('has recorded histories of every workflow type the worker registers', () => {
    const types = new Set(files.map((f) => f.replace(/-\d+\.json$/, '')));
    // The workflow module's exports are what the worker registers: a new workflow needs a history here.
    expect([...types].sort()).toEqual(Object.keys(workflows).sort());
  });

  it('replays every recorded history without a nondeterminism error', async () => {
    const histories = files.map((file) => ({
      workflowId: file,
      history: JSON.parse(readFileSync(path.join(dir, file), 'utf8')),
    }));
    const results: Array<{ workflowId: string; error?: string }> = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories)) {
      results.push({ workflowId: result.workflowId, ...(result.error ? { error: String(result.error) } : {}) });
    }
    expect(results).toEqual(files.map((workflowId) => ({ workflowId })));
  });
});
