import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * Finds a Postgres server to develop against when DATABASE_URL is not set: one already
 * listening on this machine, else the machine's own cluster started, else a private
 * cluster initialised under the data folder. Returns a superuser URL for `database`.
 */
export async function findOrStartLocalPostgres(options: {
  dataDir: string;
  database: string;
  log: (message: string) => void;
}): Promise<{ url: string; stop?: () => void }> {
  const found = await findListening(5432, options.database);
  if (found) return { url: found };

  if (startDebianCluster(options.log)) {
    for (let i = 0; i < 50; i++) {
      const url = await findListening(5432, options.database);
      if (url) return { url };
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return startPrivateCluster(options);
}

async function findListening(port: number, database: string): Promise<string | undefined> {
  const users = [...new Set([process.env.PGUSER, 'postgres', os.userInfo().username].filter(Boolean) as string[])];
  for (const user of users) {
    const client = new pg.Client({ host: '127.0.0.1', port, user, database: 'postgres', connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = current_user');
      if (rows[0]?.rolsuper) return `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`;
    } catch {
      // not this user, or nothing listening: try the next
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return undefined;
}

/** Debian and Ubuntu run clusters through pg_ctlcluster; start the first one found. */
function startDebianCluster(log: (message: string) => void): boolean {
  const list = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' });
  if (list.status !== 0) return false;
  const [version, name] = list.stdout.trim().split(/\s+/);
  if (!version || !name) return false;
  log(`starting the machine's Postgres cluster ${version}/${name}`);
  const start = spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start'], { encoding: 'utf8' });
  return start.status === 0;
}

function postgresBin(tool: string): string {
  const onPath = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const candidate = path.join(root, v, 'bin', tool);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    'No Postgres server is running and none is installed to start. Install PostgreSQL ' +
      '(e.g. apt-get install postgresql) or set DATABASE_URL.',
  );
}

async function startPrivateCluster(options: {
  dataDir: string;
  database: string;
  log: (message: string) => void;
}): Promise<{ url: string; stop: () => void }> {
  const dir = path.resolve(options.dataDir, 'postgres');
  const port = 5433;
  const running = await findListening(port, options.database);
  if (running) return { url: running, stop: () => undefined }; // left running by an earlier start
  // Postgres refuses to run as root: as root, the cluster belongs to the postgres user.
  const asUser = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const run = (tool: string, args: string[]) => {
    const [cmd, ...rest] = [...asUser, postgresBin(tool), ...args];
    execFileSync(cmd!, rest, { stdio: 'ignore' });
  };
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    options.log(`initialising a private Postgres cluster in ${dir}`);
    mkdirSync(dir, { recursive: true });
    if (asUser.length) {
      const { uid, gid } = pgUser();
      chownSync(dir, uid, gid);
    }
    run('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  }
  options.log(`starting the private Postgres cluster on port ${port}`);
  run('pg_ctl', ['-D', dir, '-l', path.join(dir, 'server.log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${options.database}`,
    stop: () => run('pg_ctl', ['-D', dir, '-m', 'fast', '-w', 'stop']),
  };
}

function pgUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}
