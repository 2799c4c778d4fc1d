import type { Knex } from 'knex';
import pg from 'pg';
import { appDatabaseUrl, createKnex, withUrlParts } from './connection';
import { migrationSource } from './migrations';
import { OPERATOR_ROLE } from './migrations/001_core';

export interface PrepareOptions {
  /** The owner's connection: creates the database if missing and runs migrations. */
  adminUrl: string;
  /** The application's connection when its role is managed elsewhere; otherwise derived. */
  appUrl?: string;
  appRole: string;
  appPassword: string;
  log?: (message: string) => void;
}

/**
 * Makes the database ready for the application: creates it if missing, applies the
 * migrations as the owner, makes sure the application's role exists with exactly the
 * privileges it needs, and proves that this role cannot bypass row-level security.
 * Safe to run on every start and from several processes at once.
 * Returns the URL the application connects with.
 */
export async function prepareDatabase(options: PrepareOptions): Promise<string> {
  const log = options.log ?? (() => undefined);
  await ensureDatabaseExists(options.adminUrl, log);

  const admin = createKnex(options.adminUrl, 2);
  try {
    const [, done] = (await admin.migrate.latest({ migrationSource })) as [number, string[]];
    if (done.length > 0) log(`applied migrations: ${done.join(', ')}`);

    const appRole = options.appUrl ? decodeURIComponent(new URL(options.appUrl).username) : options.appRole;
    if (!options.appUrl) await ensureAppRole(admin, appRole, options.appPassword);
    await grantAppPrivileges(admin, appRole);
  } finally {
    await admin.destroy();
  }

  const appUrl = appDatabaseUrl({
    DATABASE_URL: options.adminUrl,
    DATABASE_APP_URL: options.appUrl,
    DATABASE_APP_ROLE: options.appRole,
    DATABASE_APP_PASSWORD: options.appPassword,
  })!;

  await assertRowLevelSecurityApplies(appUrl);
  return appUrl;
}

async function ensureDatabaseExists(adminUrl: string, log: (message: string) => void): Promise<void> {
  const name = decodeURIComponent(new URL(adminUrl).pathname.slice(1));
  const probe = new pg.Client({ connectionString: adminUrl });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error; // 3D000: database does not exist
  } finally {
    await probe.end().catch(() => undefined);
  }
  const maintenance = createKnex(withUrlParts(adminUrl, { database: 'postgres' }), 1);
  try {
    await maintenance.raw('create database ??', [name]);
    log(`created database ${name}`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error; // created meanwhile by another process
  } finally {
    await maintenance.destroy();
  }
}

async function ensureAppRole(admin: Knex, role: string, password: string): Promise<void> {
  // Serialised: two processes starting together must not both try to create the role.
  await admin.transaction(async (trx) => {
    await trx.raw(`select pg_advisory_xact_lock(hashtext('kestrel:app-role'))`);
    const exists = await trx.raw('select 1 from pg_roles where rolname = ?', [role]);
    const verb = exists.rows.length > 0 ? 'alter' : 'create';
    await trx.raw(
      // NOINHERIT: membership of the operator role lets the application switch to it
      // (SET LOCAL ROLE) without its policies applying to every ordinary query.
      `${verb} role ?? with login noinherit nosuperuser nobypassrls nocreatedb nocreaterole password ${quoteLiteral(password)}`,
      [role],
    );
  });
}

async function grantAppPrivileges(admin: Knex, role: string): Promise<void> {
  const { rows } = await admin.raw('select current_database() as name');
  await admin.transaction(async (trx) => {
    await trx.raw(`select pg_advisory_xact_lock(hashtext('kestrel:app-grants'))`);
    await trx.raw('grant connect on database ?? to ??', [rows[0].name, role]);
    // The application may switch to the operator role for an explicit operator transaction.
    const { rows: version } = await trx.raw(`select current_setting('server_version_num')::int as n`);
    await trx.raw(version[0].n >= 160000 ? 'grant ?? to ?? with inherit false' : 'grant ?? to ??', [OPERATOR_ROLE, role]);
    for (const grantee of [role, OPERATOR_ROLE]) {
      await trx.raw('grant usage on schema public to ??', [grantee]);
      await trx.raw('grant select, insert, update, delete on all tables in schema public to ??', [grantee]);
      await trx.raw('grant usage, select on all sequences in schema public to ??', [grantee]);
      // The migration ledger is the owner's business; the audit log is append-only.
      await trx.raw('revoke all on knex_migrations, knex_migrations_lock from ??', [grantee]);
      await trx.raw('revoke update, delete on audit_log from ??', [grantee]);
    }
  });
}

/** The application role is one row-level security does not apply to: the process must not run with it. */
export class UnsafeDatabaseRoleError extends Error {}

/**
 * For the API and the worker, which connect with the role they are given and do not run
 * the migrations: checks the role once the database answers (they start without it, to
 * answer calls from their fallbacks) and calls `onUnsafe` if RLS would not apply to it.
 */
export function guardRowLevelSecurity(appUrl: string, onUnsafe: (error: UnsafeDatabaseRoleError) => void, retryMs = 10_000): void {
  const attempt = () => {
    assertRowLevelSecurityApplies(appUrl).catch((error: unknown) => {
      if (error instanceof UnsafeDatabaseRoleError) onUnsafe(error);
      else setTimeout(attempt, retryMs).unref(); // the database is not there yet
    });
  };
  attempt();
}

/** Refuses to run with an application role that row-level security would not apply to. */
async function assertRowLevelSecurityApplies(appUrl: string): Promise<void> {
  const app = createKnex(appUrl, 1);
  try {
    const { rows } = await app.raw(`
      select r.rolsuper, r.rolbypassrls,
             exists (select 1 from pg_tables where schemaname = 'public' and tableowner = current_user) as owns_tables,
             pg_has_role(current_user, '${OPERATOR_ROLE}', 'USAGE') as inherits_operator
        from pg_roles r where r.rolname = current_user`);
    const role = rows[0];
    if (!role || role.rolsuper || role.rolbypassrls || role.owns_tables || role.inherits_operator) {
      throw new UnsafeDatabaseRoleError(
        'the application database role must be neither superuser, BYPASSRLS, the owner of the tables, ' +
          `nor inherit ${OPERATOR_ROLE} (give it NOINHERIT) ` +
          '(set DATABASE_APP_URL to a plain login role, or leave it unset to let Kestrel create one)',
      );
    }
  } finally {
    await app.destroy();
  }
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
