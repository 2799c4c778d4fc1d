import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { EXPORT_SCHEMA_VERSION, exportEntryName, type ExportTable } from '../../domain/data-export';
import { replaceFile } from './files';
import { countLines, tap } from './streams';

/** Counts bytes, lines and the SHA-256 of what passes through. */
class EntryDigest {
  readonly hash = createHash('sha256');
  bytes = 0;
  lines = 0;

  update(chunk: Buffer): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.lines += countLines(chunk);
  }
}

/** The bytes of a table's parts, one after another, counted as they pass; a heartbeat per part. */
async function* partsOf(parts: string[], digest: EntryDigest, heartbeat: () => void): AsyncGenerator<Buffer> {
  for (const part of parts) {
    for await (const chunk of createReadStream(part)) {
      digest.update(chunk as Buffer);
      yield chunk as Buffer;
    }
    heartbeat();
  }
}

/** One file of the zip, as `manifest.json` describes it. */
export interface ZippedFile {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface ExportZipContents {
  tenant: { id: string; slug: string; company_name: string };
  /** The moment the export reflects: the manifest's `generated_at`, and every entry's time. */
  snapshotAt: string;
  /** The tables the export wrote, in the order of their files. */
  tables: readonly ExportTable[];
  /** The part files of a table, in order. */
  partsOf: (table: ExportTable) => string[];
  /** Called after each part is read, for the activity's heartbeat. */
  heartbeat: (table: ExportTable) => void;
}

/**
 * Writes the export's zip at `target`: each table's parts, in order, streamed into one
 * entry `<table>.ndjson` (its bytes, lines and SHA-256 counted on the way), then
 * `manifest.json`. Answers the manifest's files and the SHA-256 of the whole zip.
 */
export async function writeExportZip(target: string, contents: ExportZipContents): Promise<{ files: ZippedFile[]; sha256: string }> {
  const mtime = new Date(contents.snapshotAt);
  return replaceFile(target, async (out) => {
    const zip = new ZipFile();
    const zipFailed = new Promise<never>((_, reject) => zip.on('error', reject));
    zipFailed.catch(() => undefined);
    const whole = new EntryDigest();
    const output = zip.outputStream as unknown as Readable;
    const written = pipeline(output, tap((chunk) => whole.update(chunk)), out, { end: false });
    written.catch(() => undefined);

    const files: ZippedFile[] = [];
    try {
      for (const table of contents.tables) {
        const digest = new EntryDigest();
        const entry = Readable.from(partsOf(contents.partsOf(table), digest, () => contents.heartbeat(table)));
        zip.addReadStream(entry, exportEntryName(table), { mtime });
        // yazl reads one entry at a time, in order: this one is in the zip once its stream has ended.
        await Promise.race([finished(entry), zipFailed]);
        files.push({ name: exportEntryName(table), rows: digest.lines, bytes: digest.bytes, sha256: digest.hash.digest('hex') });
      }
      const { tenant } = contents;
      const manifest = {
        schema_version: EXPORT_SCHEMA_VERSION,
        tenant: { id: tenant.id, slug: tenant.slug, company_name: tenant.company_name },
        generated_at: contents.snapshotAt,
        files,
      };
      zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', { mtime });
      zip.end();
      await Promise.race([written, zipFailed]);
    } catch (error) {
      output.destroy();
      await written.catch(() => undefined);
      throw error;
    }
    return { files, sha256: whole.hash.digest('hex') };
  });
}
