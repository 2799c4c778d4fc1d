import type { Logger } from 'pino';
import type { Config } from '../lib/config';

export interface ActivityDeps {
  config: Config;
  logger: Logger;
}

/**
 * Every activity the worker registers, built over the process's dependencies.
 * Activities are grouped by what they talk to (database, telephony, AI, email) and
 * are idempotent, because Temporal runs them at least once.
 */
export function createActivities(_deps: ActivityDeps): Record<string, (...args: never[]) => Promise<unknown>> {
  return {};
}
