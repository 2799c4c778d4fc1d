import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../support/process';

const DIST_INDEX = path.join(ROOT, 'admin-ui', 'dist', 'index.html');

/** What the console bundle is built from: its own sources and the domain modules it imports. */
const SOURCES = [
  path.join(ROOT, 'admin-ui', 'src'),
  path.join(ROOT, 'admin-ui', 'public'),
  path.join(ROOT, 'admin-ui', 'index.html'),
  path.join(ROOT, 'admin-ui', 'vite.config.mts'),
  path.join(ROOT, 'domain'),
];

function newestChange(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((newest, name) => Math.max(newest, newestChange(path.join(target, name))), stat.mtimeMs);
}

/** Builds admin-ui/dist when it is missing or older than its sources, as `npm run build` would. */
export async function ensureConsoleBuilt(): Promise<void> {
  if (existsSync(DIST_INDEX) && statSync(DIST_INDEX).mtimeMs >= Math.max(...SOURCES.map(newestChange))) return;
  await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'admin-ui/vite.config.mts', '--logLevel', 'warn'], {
    cwd: ROOT,
    // As `npm run build` makes it: jest's NODE_ENV=test would give React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  });
}
