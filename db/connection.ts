import knex, { type Knex } from 'knex';
import { Model } from 'objection';
import pg from 'pg';

// bigint columns (counts, sizes) fit in a JS number for any value this product stores.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export function createKnex(connectionString: string, poolMax = 10): Knex {
  return knex({
    client: 'pg',
    connection: { connectionString, application_name: 'kestrel' },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 10_000,
    // Connection errors reach the caller as rejected queries; knex would also print them.
    log: { error: () => undefined },
  });
}

let appKnex: Knex | undefined;

/**
 * Opens the application's pool (the role that row-level security applies to) and binds
 * the models to it. Call once per process.
 */
export function connectDatabase(appUrl: string, poolMax = 10): Knex {
  if (appKnex) throw new Error('the database is already connected');
  appKnex = createKnex(appUrl, poolMax);
  Model.knex(appKnex);
  return appKnex;
}

export function databaseConnected(): boolean {
  return appKnex !== undefined;
}

export function database(): Knex {
  if (!appKnex) throw new Error('the database is not connected: call connectDatabase first');
  return appKnex;
}

export async function disconnectDatabase(): Promise<void> {
  const current = appKnex;
  appKnex = undefined;
  await current?.destroy();
}

/** Replaces user, password and/or database name in a postgres URL. */
export function withUrlParts(url: string, parts: { user?: string; password?: string; database?: string }): string {
  const u = new URL(url);
  if (parts.user !== undefined) u.username = encodeURIComponent(parts.user);
  if (parts.password !== undefined) u.password = encodeURIComponent(parts.password);
  if (parts.database !== undefined) u.pathname = `/${encodeURIComponent(parts.database)}`;
  return u.toString();
}

/** The URL with its password masked, for logs and banners. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/**
 * The URL the application connects with: DATABASE_APP_URL, else DATABASE_URL with the
 * application's role and password (the role `prepareDatabase` creates).
 */
export function appDatabaseUrl(c: {
  DATABASE_URL?: string;
  DATABASE_APP_URL?: string;
  DATABASE_APP_ROLE: string;
  DATABASE_APP_PASSWORD: string;
}): string | undefined {
  if (c.DATABASE_APP_URL) return c.DATABASE_APP_URL;
  if (!c.DATABASE_URL) return undefined;
  return withUrlParts(c.DATABASE_URL, { user: c.DATABASE_APP_ROLE, password: c.DATABASE_APP_PASSWORD });
}
