import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { tsxArgs } from '../../runtime/tsx';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Spawned {
  child: ChildProcess;
  output(): string;
  /** Resolves with the output so far once it matches, rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs one of the project's entry points (a .ts file) with tsx, as `npm run …` would.
 * `ownGroup`: in a process group of its own, as a terminal runs a command, so that a test
 * can send a signal the way Ctrl-C does (to the whole group: `process.kill(-pid, …)`).
 */
export function spawnEntry(entry: string, env: NodeJS.ProcessEnv, args: string[] = [], options: { ownGroup?: boolean } = {}): Spawned {
  const child = spawn(process.execPath, [...tsxArgs(entry), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownGroup ?? false,
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => output,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) {
            cleanup();
            resolve(output);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${pattern}; output:\n${output}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(({ code }) => {
          if (!pattern.test(output)) {
            cleanup();
            reject(new Error(`exited (${code}) before ${pattern}; output:\n${output}`));
          }
        });
        check();
      }),
  };
}
