import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(__dirname, '..');
const LOADER = pathToFileURL(path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/**
 * Node arguments that run one of the project's TypeScript entry points in a single
 * process (tsx as a loader, not its CLI, which would add a parent process): a signal,
 * SIGKILL included, reaches the program itself.
 */
export function tsxArgs(entry: string): string[] {
  return ['--import', LOADER, path.join(ROOT, entry)];
}
