import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import path from 'node:path';
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
  output: PartOutput;
}

/** A part's standard output, to read while it runs (gc-pauses.ts reads V8's `--trace-gc` lines there). */
export type PartOutput = NonNullable<ChildProcess['stdout']>;

/**
 * LIVE_CALLS_LOGS=<dir>: each part's output (its logs, and what Node's own options print,
 * `--trace-gc` say) is kept in <dir>/<part>.log; otherwise only the end of its stderr, to
 * say why it died.
 */
const LOGS = process.env.LIVE_CALLS_LOGS;

/**
 * Starts `entry` with `env` (nothing from the bench's own environment) and Node's own
 * `nodeArgs` (any of Node's and V8's flags, which NODE_OPTIONS only partly allows),
 * stopped by `cleanup`; its errors go to the bench's stderr.
 */
export function startPart(name: string, entry: string, env: Record<string, string>, cleanup: Cleanup, nodeArgs: string[] = []): Part {
  const child = spawn(process.execPath, [...nodeArgs, ...tsxArgs(entry)], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stopping = false;
  let stderr = '';
  if (LOGS) {
    const log = createWriteStream(path.join(LOGS, `${name.replace(/\W+/g, '-')}.log`));
    child.stdout.pipe(log);
    child.stderr.pipe(log);
  } else {
    // Read, kept or not, so that a full pipe never blocks the part.
    child.stdout.resume();
  }
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) =>
    // 'close', not 'exit': by then its stderr has been read to the end, so the reason is in it.
    child.once('close', (code, signal) => {
      if (!stopping) reject(new Error(`${name} exited (${signal ?? code}): ${stderr.trim()}`));
    }),
  );
  exited.catch(() => undefined);
  cleanup.add(name, async () => {
    stopping = true;
    await stopChild(child, 30_000);
  });
  return { name, process: child, pid: child.pid!, exited, output: child.stdout };
}

/** A part listening on a port of its own (named by `portVariable`), its environment made knowing its address: resolves once it accepts connections. */
export async function startListeningPart(
  name: string,
  entry: string,
  portVariable: string,
  envFor: (url: string) => Record<string, string>,
  cleanup: Cleanup,
  nodeArgs: string[] = [],
): Promise<Part & { url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const part = startPart(name, entry, { ...envFor(url), [portVariable]: String(port) }, cleanup, nodeArgs);
  await Promise.race([waitForPort('127.0.0.1', port, 120_000), part.exited]);
  return { ...part, url };
}
