import { rmSync } from 'node:fs';
import { dropTestDatabase, type TestRun } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const run = (globalThis as { kestrelTestRun?: TestRun }).kestrelTestRun;
  if (!run) return;
  await Promise.all([run.temporal.stop(), dropTestDatabase(run.adminUrl, run.database)]);
  rmSync(run.areaCodeClaims, { recursive: true, force: true });
}
