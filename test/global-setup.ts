import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { prepareDatabase } from '../db/bootstrap';
import { createKnex, withUrlParts } from '../db/connection';
import { freePort } from '../runtime/ports';
import { findOrStartLocalPostgres } from '../runtime/postgres';
import { ensureTemporalCli } from '../runtime/temporal-cli';
import { startTemporalDevServer, type DevServer } from '../runtime/temporal-dev-server';
import { AREA_CODE_CLAIMS_DIR } from './support/area-codes';
import { seedOperatorSession } from './support/operator';

/**
 * One real Temporal dev server (in memory), one fresh Postgres database and one directory
 * of area-code claims per test run, shared by every suite through the environment; all
 * go away in global-teardown.ts.
 */
export interface TestRun {
  temporal: DevServer;
  adminUrl: string;
  database: string;
  areaCodeClaims: string;
}

export default async function globalSetup(): Promise<void> {
  const log = (m: string) => process.stderr.write(`[test setup] ${m}\n`);
  const cli = await ensureTemporalCli(log);
  const [temporal, base] = await Promise.all([
    freePort().then((port) => startTemporalDevServer({ cli, port })),
    process.env.TEST_DATABASE_URL
      ? Promise.resolve(process.env.TEST_DATABASE_URL)
      : findOrStartLocalPostgres({ dataDir: '.data', database: 'postgres', log }).then((found) => found.url),
  ]);

  const database = `kestrel_test_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const adminUrl = withUrlParts(base, { database });
  const appUrl = await prepareDatabase({
    adminUrl,
    appRole: 'kestrel_app',
    appPassword: 'kestrel-app-local',
  });
  const owner = createKnex(adminUrl, 1);
  try {
    await seedOperatorSession(owner);
  } finally {
    await owner.destroy();
  }

  const areaCodeClaims = mkdtempSync(path.join(tmpdir(), 'kestrel-area-codes-'));

  Object.assign(process.env, {
    [AREA_CODE_CLAIMS_DIR]: areaCodeClaims,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    TEMPORAL_ADDRESS: temporal.address,
    DATABASE_URL: adminUrl,
    DATABASE_APP_URL: appUrl,
    // Every suite signs up, signs in and asks for resets from 127.0.0.1; the rate-limit tests set their own limits.
    RATE_LIMIT_ONBOARDING: 'off',
    RATE_LIMIT_LOGIN: 'off',
    RATE_LIMIT_PASSWORD_RESET: 'off',
  });
  (globalThis as { kestrelTestRun?: TestRun }).kestrelTestRun = { temporal, adminUrl, database, areaCodeClaims };
}

/** Drops a test database, closing whatever connections a suite left open. */
export async function dropTestDatabase(adminUrl: string, database: string): Promise<void> {
  const maintenance = createKnex(withUrlParts(adminUrl, { database: 'postgres' }), 1);
  try {
    await maintenance.raw('drop database if exists ?? with (force)', [database]);
  } finally {
    await maintenance.destroy();
  }
}
