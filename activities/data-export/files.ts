import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { ApplicationFailure } from '@temporalio/activity';
import type { ExportTable } from '../../domain/data-export';

// A company's whole data: readable by the process's own user only, whatever its umask.
const PRIVATE_FILE = 0o600;
export const PRIVATE_DIRECTORY = 0o700;

/** The staging file of one part of one table: named after the export, so whatever removes the export's files finds it. */
export const partName = (exportId: string, table: ExportTable, part: number) => `${exportId}.${table}.${String(part).padStart(6, '0')}.ndjson`;

/** A name of its own for each attempt: an attempt that outlived its timeout never writes into its retry's file. */
const temporaryName = (name: string) => `${name}.${randomBytes(6).toString('hex')}.tmp`;

/**
 * Writes a file beside `final` and renames it into place once `write` is done and the
 * bytes are on disk: a retried attempt replaces, never adds to, the file before it, and a
 * failed one leaves nothing behind.
 */
export async function replaceFile<T>(final: string, write: (out: WriteStream) => Promise<T>): Promise<T> {
  const temporary = temporaryName(final);
  const out = createWriteStream(temporary, { highWaterMark: 1 << 20, mode: PRIVATE_FILE });
  const closed = finished(out);
  closed.catch(() => undefined);
  try {
    const result = await write(out);
    out.end();
    await closed;
    await rename(temporary, final);
    return result;
  } catch (error) {
    out.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Removes the export's files in `dir`, except those `keep` names; answers how many went. */
export async function removeExportFiles(dir: string, exportId: string, keep: string[] = []): Promise<number> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    // No directory (or a file in its place): no files of the export either.
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return 0;
    throw error;
  }
  const doomed = entries.filter((name) => name.startsWith(`${exportId}.`) && !keep.includes(name));
  await Promise.all(doomed.map((name) => rm(path.join(dir, name), { force: true })));
  return doomed.length;
}

/**
 * File-system errors that retrying cannot mend (a directory missing its permissions, a file
 * where the directory should be, a read-only volume) end the export at once, with the
 * reason; a full disk (ENOSPC) is retried, as space may come back.
 */
const UNRECOVERABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'EEXIST']);

export async function withStorage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code && UNRECOVERABLE.has(code)) {
      throw ApplicationFailure.nonRetryable(`The export directory cannot be written (${(error as Error).message}).`, 'ExportStorage');
    }
    throw error;
  }
}
