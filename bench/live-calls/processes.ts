import { spawn, type ChildProcess } from 'node:child_process';
import { tsxArgs } from '../../runtime/tsx';
import { freePort, waitForPort } from '../../runtime/ports';
import { stopChild } from '../../runtime/temporal-dev-server';
import type { Cleanup } from '../platform';

/**
 * Kestrel's parts as production runs them, one process each (`npm run sandbox`, `npm run
 * api`, `npm run worker`), so each one's CPU and memory can be read apart.
 */
export interface Part {
  name: string;
  process: ChildProcess;
  pid: number;
  /** Rejects if the process exits before it is stopped. */
  exited: Promise<never>;
}

/** Starts `entry` with `env` (nothing from the bench's own environment), stopped by `cleanup`; its errors go to the bench's stderr. */
export function startPart(name: string, entry: string, env: Record<string, string>, cleanup: Cleanup): Part {
  const child = spawn(process.execPath, tsxArgs(entry), { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stopping = false;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => {
      if (!stopping) reject(new Error(`${name} exited (${signal ?? code}): ${stderr.trim()}`));
    }),
  );
  exited.catch(() => undefined);
  cleanup.add(name, async () => {
    stopping = true;
    await stopChild(child, 30_000);
  });
  return { name, process: child, pid: child.pid!, exited };
}

/** A part listening on a port of its own (named by `portVariable`), its environment made knowing its address: resolves once it accepts connections. */
export async function startListeningPart(
  name: string,
  entry: string,
  portVariable: string,
  envFor: (url: string) => Record<string, string>,
  cleanup: Cleanup,
): Promise<Part & { url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const part = startPart(name, entry, { ...envFor(url), [portVariable]: String(port) }, cleanup);
  await Promise.race([waitForPort('127.0.0.1', port, 120_000), part.exited]);
  return { ...part, url };
}
