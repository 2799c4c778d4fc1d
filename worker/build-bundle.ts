import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './worker';

/**
 * `npm run build:workflows [file]`: bundles the workflow code once, at build time, into
 * `dist/workflow-bundle.js` (or the file given), for workers started with
 * WORKFLOW_BUNDLE pointing at it. The bundle must come from the same code as the
 * activities the worker runs: the Docker image builds both from one checkout.
 */
async function main(): Promise<void> {
  const target = path.resolve(process.argv[2] ?? path.join('dist', 'workflow-bundle.js'));
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, code);
  process.stdout.write(`workflow bundle: ${target} (${(code.length / 1024).toFixed(0)} KiB)\n`);
}

main().catch((error) => {
  process.stderr.write(`workflow bundle failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
