import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { temporal } from '@temporalio/proto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/** Where tests leave the histories of their runs; test/fixtures/histories holds the recorded ones. */
export const HISTORIES = path.resolve(__dirname, '..', '..', '.test-results', 'histories');

/**
 * Keeps a run's history as `<name>.json` (`<workflowType>-<n>`), for the determinism test:
 * when a change is meant to alter histories, the new fixtures are copied from here.
 */
export function keepHistory(name: string, history: temporal.api.history.v1.IHistory): string {
  const json = historyToJSON(history);
  mkdirSync(HISTORIES, { recursive: true });
  writeFileSync(path.join(HISTORIES, `${name}.json`), json);
  return json;
}
