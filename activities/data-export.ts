import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { raw } from 'objection';
import type { Client as PgClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { ZipFile } from 'yazl';
import { DataExport, Tenant } from '../db/models';
import { withTenant } from '../db/tenant-context';
import { EXPORT_SCHEMA_VERSION, EXPORT_TABLES, exportEntryName, exportPercent, type ExportTable } from '../domain/data-export';
import type { Config } from '../lib/config';
import { exportDirectory, exportZipName } from '../lib/export-links';

// A company's whole data: readable by the process's own user only, whatever its umask.
const PRIVATE_FILE = 0o600;
const PRIVATE_DIRECTORY = 0o700;

interface KeyColumn {
  column: string;
  type: 'timestamptz' | 'uuid' | 'bigint' | 'text';
}

/**
 * Where each file's rows come from. Columns are listed, never `*`: a column added later
 * (a new secret among them) stays out of exports until someone decides it belongs. Rows
 * are read in key order, part after part from the last key of the part before (keyset
 * paging, on an index that starts with the tenant), and only rows created before the
 * export began, so the counts taken at the start are the counts written.
 */
interface TableSource {
  from: string;
  /** The column naming the tenant (`id` for the tenant's own row). */
  tenantColumn: string;
  columns: string[];
  key: KeyColumn[];
  /** Rows created after the export's snapshot are left to the next export. */
  createdColumn: string | null;
}

const at = (column: string): KeyColumn => ({ column, type: 'timestamptz' });
const id: KeyColumn = { column: 'id', type: 'uuid' };

const SOURCES: Record<ExportTable, TableSource> = {
  // Not the Temporal workflow id nor Twilio's resource id of the number: the platform's plumbing, not the company's data.
  tenant: {
    from: 'tenants',
    tenantColumn: 'id',
    columns: [
      'id', 'slug', 'company_name', 'industry', 'timezone', 'owner_name', 'owner_email', 'owner_phone', 'status', 'status_reason',
      'plan_tier', 'billing_plan_tier', 'custom_call_limit', 'custom_price_cents', 'trial_ends_at', 'activated_at', 'billing_confirmed_at',
      'current_period_start', 'current_period_end', 'phone_number', 'forward_to_number', 'emergency_phone', 'ai_settings', 'business_hours',
      'is_test_mode', 'parent_tenant_id', 'cancelled_at', 'deleted_at', 'created_at', 'updated_at',
    ],
    key: [id],
    createdColumn: null,
  },
  // No password hash, no invitation token hash, no lockout counters.
  users: {
    from: 'tenant_users',
    tenantColumn: 'tenant_id',
    columns: ['id', 'tenant_id', 'email', 'name', 'role', 'invited_at', 'invited_by', 'accepted_at', 'disabled_at', 'last_login_at', 'created_at', 'updated_at'],
    key: [at('created_at'), id],
    createdColumn: 'created_at',
  },
  // Metadata only: never the key's hash.
  api_keys: {
    from: 'api_keys',
    tenantColumn: 'tenant_id',
    columns: ['id', 'tenant_id', 'name', 'mode', 'display_prefix', 'scopes', 'created_by', 'expires_at', 'revoked_at', 'last_used_at', 'created_at', 'updated_at'],
    key: [at('created_at'), id],
    createdColumn: 'created_at',
  },
  calls: {
    from: 'call_logs',
    tenantColumn: 'tenant_id',
    columns: [
      'id', 'tenant_id', 'call_sid', 'direction', 'status', 'from_number', 'to_number', 'started_at', 'ended_at', 'duration_seconds',
      'outcome', 'summary', 'details', 'transcript', 'appointment_id', 'transferred_to', 'over_limit', 'is_test', 'created_at', 'updated_at',
    ],
    key: [at('started_at'), id],
    createdColumn: 'created_at',
  },
  appointments: {
    from: 'appointments',
    tenantColumn: 'tenant_id',
    columns: [
      'id', 'tenant_id', 'call_sid', 'customer_name', 'callback_number', 'service_type', 'starts_at', 'duration_minutes', 'notes', 'status',
      'is_test', 'created_at', 'updated_at',
    ],
    key: [at('starts_at'), id],
    createdColumn: 'created_at',
  },
  usage_periods: {
    from: 'usage_periods',
    tenantColumn: 'tenant_id',
    columns: [
      'id', 'tenant_id', 'period_start', 'period_end', 'plan_tier', 'calls_included', 'calls_used', 'warning_sent_at', 'over_limit_sent_at',
      'closed_at', 'created_at', 'updated_at',
    ],
    key: [at('period_start'), id],
    createdColumn: 'created_at',
  },
  usage_events: {
    from: 'usage_events',
    tenantColumn: 'tenant_id',
    columns: ['id', 'tenant_id', 'usage_period_id', 'call_sid', 'units', 'duration_seconds', 'created_at'],
    key: [at('created_at'), id],
    createdColumn: 'created_at',
  },
  // Not the provider's message id nor the idempotency key: delivery plumbing.
  notifications: {
    from: 'notifications',
    tenantColumn: 'tenant_id',
    columns: ['id', 'tenant_id', 'channel', 'template', 'recipient', 'subject', 'status', 'error', 'payload', 'sent_at', 'created_at', 'updated_at'],
    key: [at('created_at'), id],
    createdColumn: 'created_at',
  },
  audit_log: {
    from: 'audit_log',
    tenantColumn: 'tenant_id',
    columns: ['id', 'tenant_id', 'actor_type', 'actor_id', 'action', 'target_type', 'target_id', 'reason', 'support_session_id', 'request_id', 'details', 'created_at'],
    key: [at('created_at'), { column: 'id', type: 'bigint' }],
    createdColumn: 'created_at',
  },
  sms_messages: {
    from: 'sms_messages',
    tenantColumn: 'tenant_id',
    columns: ['id', 'tenant_id', 'message_sid', 'direction', 'from_number', 'to_number', 'body', 'keyword', 'created_at'],
    key: [at('created_at'), id],
    createdColumn: 'created_at',
  },
  sms_opt_outs: {
    from: 'sms_opt_outs',
    tenantColumn: 'tenant_id',
    columns: ['tenant_id', 'phone_number', 'opted_out_at'],
    key: [{ column: 'phone_number', type: 'text' }],
    createdColumn: 'opted_out_at',
  },
};

/**
 * COPY takes no bind parameters: the values a statement needs travel as settings of its
 * transaction (`set_config(…, true)`, gone when it ends), read back with `current_setting`.
 * Nothing of the data is ever spliced into SQL text.
 */
const param = (name: string, type: string) => `current_setting('kestrel_export.${name}')::${type}`;

async function setParams(trx: Knex.Transaction, values: Record<string, string>): Promise<void> {
  const names = Object.keys(values);
  await trx.raw(`select ${names.map(() => 'set_config(?, ?, true)').join(', ')}`, names.flatMap((n) => [`kestrel_export.${n}`, values[n]!]));
}

/** The rows of the tenant a part may hold: created by the snapshot, after `after` and up to `upper` (keys, in key order). */
function rowFilter(source: TableSource, bounds: { after: boolean; upper: boolean }): string {
  const columns = `(${source.key.map((k) => `t.${k.column}`).join(', ')})`;
  const values = (prefix: string) => `(${source.key.map((k, i) => param(`${prefix}${i}`, k.type)).join(', ')})`;
  const first = source.key[0]!;
  const where = [`t.${source.tenantColumn} = ${param('tenant', 'uuid')}`];
  if (source.createdColumn) where.push(`t.${source.createdColumn} <= ${param('snapshot', 'timestamptz')}`);
  // The first column alone is what the index seeks on; the tuple breaks ties.
  if (bounds.after) where.push(`t.${first.column} >= ${param('after0', first.type)}`, `${columns} > ${values('after')}`);
  if (bounds.upper) where.push(`t.${first.column} <= ${param('upper0', first.type)}`, `${columns} <= ${values('upper')}`);
  return where.join(' and ');
}

const keyOrder = (source: TableSource) => source.key.map((k) => `t.${k.column}`).join(', ');

/**
 * Writes a part of a table into `sink`: the tenant's rows after the key `after`, at most
 * `limit` of them (null: all that are left), one JSON line each, in key order. The rows
 * come from Postgres's COPY as a byte stream that waits for the sink (back-pressure on
 * the connection), so a part of any size passes through a few buffers and never becomes
 * JavaScript strings or objects. Answers the rows written and the key of the last one, or
 * null as that key when the table has no rows past this part.
 */
export async function copyTableRows(
  tenantId: string,
  table: ExportTable,
  p: { snapshotAt: string; after: string[] | null; limit: number | null },
  sink: Writable,
): Promise<{ rows: number; lastKey: string[] | null }> {
  const source = SOURCES[table];
  return withTenant(tenantId, async (trx) => {
    const after = Object.fromEntries((p.after ?? []).map((value, i) => [`after${i}`, value]));
    await setParams(trx, { tenant: tenantId, snapshot: p.snapshotAt, ...after });
    let upper: string[] | null = null;
    if (p.limit !== null) {
      // Where this part ends: the key of its last row (none when fewer rows are left).
      if (!Number.isSafeInteger(p.limit) || p.limit < 1) throw new TypeError(`not a row limit: ${p.limit}`);
      const { rows } = await trx.raw(
        `select ${source.key.map((k, i) => `t.${k.column}::text as k${i}`).join(', ')}
           from ${source.from} t
          where ${rowFilter(source, { after: p.after !== null, upper: false })}
          order by ${keyOrder(source)}
         offset ${p.limit - 1} limit 1`,
      );
      if (rows.length > 0) {
        upper = source.key.map((_, i) => rows[0][`k${i}`] as string);
        await setParams(trx, Object.fromEntries(upper.map((value, i) => [`upper${i}`, value])));
      }
    }
    // CSV with a quote and a delimiter that JSON never holds raw (it escapes every control
    // character): each line comes out exactly as row_to_json wrote it.
    const copy = copyTo(`
      copy (
        select row_to_json(r)::text
          from ${source.from} t
          cross join lateral (select ${source.columns.map((c) => `t.${c}`).join(', ')}) r
         where ${rowFilter(source, { after: p.after !== null, upper: upper !== null })}
         order by ${keyOrder(source)}
      ) to stdout with (format csv, delimiter E'\\x02', quote E'\\x01')`);
    const connection = (await trx.client.acquireConnection()) as PgClient;
    let lines = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        done(null, chunk);
      },
    });
    try {
      await pipeline(connection.query(copy), counter, sink, { end: false });
    } catch (error) {
      // A COPY cut short leaves the connection mid-protocol: it is closed (the pool then
      // discards it) rather than handed to the next query.
      void connection.end().catch(() => undefined);
      throw error;
    }
    return { rows: lines, lastKey: upper };
  });
}

/** The staging file of one part of one table: named after the export, so whatever removes the export's files finds it. */
const partName = (exportId: string, table: ExportTable, part: number) => `${exportId}.${table}.${String(part).padStart(6, '0')}.ndjson`;

/** A name of its own for each attempt: an attempt that outlived its timeout never writes into its retry's file. */
const temporaryName = (name: string) => `${name}.${randomBytes(6).toString('hex')}.tmp`;

const ACTIVE = ['pending', 'running'];

/** Counts bytes, lines and the SHA-256 of what passes through. */
class EntryDigest {
  readonly hash = createHash('sha256');
  bytes = 0;
  lines = 0;

  update(chunk: Buffer): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.lines++;
  }
}

/**
 * File-system errors that retrying cannot mend (a directory missing its permissions, a file
 * where the directory should be, a read-only volume) end the export at once, with the
 * reason; a full disk (ENOSPC) is retried, as space may come back.
 */
const UNRECOVERABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR', 'EEXIST']);

async function withStorage<T>(work: () => Promise<T>): Promise<T> {
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

export interface ExportPlan {
  /** The moment the export reflects (ISO 8601, to the microsecond): rows created later are not in it. */
  snapshotAt: string;
  tables: Array<{ table: ExportTable; rows: number }>;
}

export interface ExportChunk {
  exportId: string;
  tenantId: string;
  table: ExportTable;
  /** The part's number within its table, from 0. */
  part: number;
  /** The key of the last row of the part before (null for the first part). */
  after: string[] | null;
  limit: number;
  snapshotAt: string;
  /** Rows the export had written before this part, and its total: the row's progress is set from them. */
  rowsWrittenBefore: number;
  rowsTotal: number;
}

export interface PackedExport {
  completedAt: string;
  expiresAt: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * The side effects of a data export (workflows/data-export.ts). Every one can run again:
 * a part is written under a temporary name and renamed over its final name (a retried part
 * replaces, never adds to, the one before), the zip likewise, and the export's row only
 * moves forward.
 */
export function dataExportActivities(config: Config) {
  const dir = exportDirectory(config);

  /** The export's row, while it is still to be written; otherwise the export stops for good. */
  const activeExport = async (exportId: string, tenantId: string) => {
    const row = await withTenant(tenantId, () => DataExport.query().findById(exportId));
    if (!row) throw ApplicationFailure.nonRetryable('The export no longer exists (the tenant was erased, or it was removed).', 'ExportGone');
    return row;
  };

  /** Removes the export's files in the export directory, except those `keep` names. */
  const removeFiles = async (exportId: string, keep: string[] = []): Promise<number> => {
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
  };

  return {
    /** Marks the export running and counts the rows it will write, as of now. */
    async beginDataExport(p: { exportId: string; tenantId: string }): Promise<ExportPlan> {
      const row = await activeExport(p.exportId, p.tenantId);
      if (!ACTIVE.includes(row.status)) throw ApplicationFailure.nonRetryable(`The export is ${row.status}.`, 'ExportNotActive');
      await withStorage(() => mkdir(dir, { recursive: true, mode: PRIVATE_DIRECTORY }));
      return withTenant(p.tenantId, async (trx) => {
        const { rows } = await trx.raw(`select to_json(now()) #>> '{}' as now`);
        const snapshotAt = rows[0].now as string;
        const tables: ExportPlan['tables'] = [];
        for (const table of EXPORT_TABLES) {
          const source = SOURCES[table];
          const counted = await trx.raw(
            `select count(*)::bigint as n from ${source.from} t where t.${source.tenantColumn} = ?${source.createdColumn ? ` and t.${source.createdColumn} <= ?::timestamptz` : ''}`,
            [p.tenantId, ...(source.createdColumn ? [snapshotAt] : [])],
          );
          tables.push({ table, rows: Number(counted.rows[0].n) });
        }
        const total = tables.reduce((sum, t) => sum + t.rows, 0);
        await DataExport.query()
          .findById(p.exportId)
          .whereIn('status', ACTIVE)
          .patch({ status: 'running', rows_total: total, rows_written: 0, progress_percent: 0, current_table: EXPORT_TABLES[0], error: null });
        return { snapshotAt, tables };
      });
    },

    /**
     * Writes one part of one table: up to `limit` rows after `after`, streamed from the
     * database into the part's file. `lastKey` null: the table has nothing past this part.
     */
    async exportDataChunk(p: ExportChunk): Promise<{ rows: number; lastKey: string[] | null }> {
      const row = await activeExport(p.exportId, p.tenantId);
      if (row.status !== 'running') throw ApplicationFailure.nonRetryable(`The export is ${row.status}.`, 'ExportNotActive');
      const final = path.join(dir, partName(p.exportId, p.table, p.part));
      const part = await withStorage(async () => {
        const temporary = temporaryName(final);
        await mkdir(dir, { recursive: true, mode: PRIVATE_DIRECTORY });
        const out = createWriteStream(temporary, { highWaterMark: 1 << 20, mode: PRIVATE_FILE });
        const closed = finished(out);
        closed.catch(() => undefined);
        try {
          const copied = await copyTableRows(p.tenantId, p.table, { snapshotAt: p.snapshotAt, after: p.after, limit: p.limit }, out);
          Context.current().heartbeat({ table: p.table, part: p.part, rows: copied.rows });
          out.end();
          await closed;
          await rename(temporary, final);
          return copied;
        } catch (error) {
          out.destroy();
          await rm(temporary, { force: true });
          throw error;
        }
      });
      const written = p.rowsWrittenBefore + part.rows;
      await withTenant(p.tenantId, () =>
        DataExport.query()
          .findById(p.exportId)
          .where('status', 'running')
          .patch({ rows_written: written, progress_percent: exportPercent(written, p.rowsTotal), current_table: p.table }),
      );
      return part;
    },

    /**
     * Streams each table's parts, in order, into one zip entry `<table>.ndjson` (its bytes,
     * lines and SHA-256 counted on the way), adds `manifest.json`, writes the zip beside
     * its final name and renames it into place, records it, and removes the parts.
     */
    async packageDataExport(p: { exportId: string; tenantId: string; snapshotAt: string; parts: Record<ExportTable, number>; linkTtlMs: number }): Promise<PackedExport> {
      return withStorage(async () => {
        const row = await activeExport(p.exportId, p.tenantId);
        const zipName = exportZipName(p.exportId);
        const final = path.join(dir, zipName);
        if (row.status === 'completed' && row.sha256 && row.completed_at && row.expires_at) {
          // A retry after the zip was recorded: the parts may be gone already; the zip is the answer.
          await removeFiles(p.exportId, [zipName]);
          return { completedAt: new Date(row.completed_at).toISOString(), expiresAt: new Date(row.expires_at).toISOString(), sizeBytes: Number(row.size_bytes), sha256: row.sha256 };
        }
        if (row.status !== 'running') throw ApplicationFailure.nonRetryable(`The export is ${row.status}.`, 'ExportNotActive');
        const tenant = await withTenant(p.tenantId, () => Tenant.query().findById(p.tenantId).select('id', 'slug', 'company_name'));
        if (!tenant) throw ApplicationFailure.nonRetryable('The tenant no longer exists.', 'TenantNotFound');

        const context = Context.current();
        const mtime = new Date(p.snapshotAt);
        const temporary = temporaryName(final);
        const zip = new ZipFile();
        const zipFailed = new Promise<never>((_, reject) => zip.on('error', reject));
        zipFailed.catch(() => undefined);
        const whole = new EntryDigest();
        const written = pipeline(
          zip.outputStream as unknown as Readable,
          new Transform({
            transform(chunk: Buffer, _encoding, done) {
              whole.update(chunk);
              done(null, chunk);
            },
          }),
          createWriteStream(temporary, { mode: PRIVATE_FILE }),
        );
        written.catch(() => undefined);

        const files: Array<{ name: string; rows: number; bytes: number; sha256: string }> = [];
        try {
          for (const table of EXPORT_TABLES) {
            const digest = new EntryDigest();
            const parts = Array.from({ length: p.parts[table] ?? 0 }, (_, i) => path.join(dir, partName(p.exportId, table, i)));
            const entry = Readable.from(partsOf(parts, digest, () => context.heartbeat({ table })));
            zip.addReadStream(entry, exportEntryName(table), { mtime });
            // yazl reads one entry at a time, in order: this one is in the zip once its stream has ended.
            await Promise.race([finished(entry), zipFailed]);
            files.push({ name: exportEntryName(table), rows: digest.lines, bytes: digest.bytes, sha256: digest.hash.digest('hex') });
          }
          const manifest = {
            schema_version: EXPORT_SCHEMA_VERSION,
            tenant: { id: tenant.id, slug: tenant.slug, company_name: tenant.company_name },
            generated_at: p.snapshotAt,
            files,
          };
          zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', { mtime });
          zip.end();
          await Promise.race([written, zipFailed]);
          await rename(temporary, final);
        } catch (error) {
          (zip.outputStream as unknown as Readable).destroy();
          await written.catch(() => undefined);
          await rm(temporary, { force: true });
          throw error;
        }

        const sha256 = whole.hash.digest('hex');
        const { size } = await stat(final);
        const day = p.snapshotAt.slice(0, 10);
        const recorded = await withTenant(p.tenantId, () =>
          DataExport.query()
            .findById(p.exportId)
            .where('status', 'running')
            .patch({
              status: 'completed',
              progress_percent: 100,
              rows_written: files.reduce((sum, f) => sum + f.rows, 0),
              current_table: null,
              file_path: zipName,
              file_name: `kestrel-export-${tenant.slug}-${day}.zip`,
              size_bytes: size,
              sha256,
              completed_at: raw('now()'),
              expires_at: raw(`now() + (? || ' milliseconds')::interval`, [String(p.linkTtlMs)]),
            })
            .returning(['completed_at', 'expires_at']),
        );
        const times = (Array.isArray(recorded) ? recorded[0] : recorded) as unknown as { completed_at: Date; expires_at: Date } | undefined;
        if (!times) throw ApplicationFailure.nonRetryable('The export stopped while its zip was written.', 'ExportNotActive');
        await removeFiles(p.exportId, [zipName]);
        return { completedAt: new Date(times.completed_at).toISOString(), expiresAt: new Date(times.expires_at).toISOString(), sizeBytes: size, sha256 };
      });
    },

    /** The last word on an export that could not be written: failed, with a reason people can read, and no files left. */
    async failDataExport(p: { exportId: string; tenantId: string; error: string }): Promise<void> {
      await withTenant(p.tenantId, () =>
        DataExport.query().findById(p.exportId).whereIn('status', ACTIVE).patch({ status: 'failed', error: p.error.slice(0, 1000), current_table: null }),
      );
      await removeFiles(p.exportId);
    },

    /** The link's time is up: the zip goes, and the export says so. */
    async expireDataExport(p: { exportId: string; tenantId: string }): Promise<{ filesRemoved: number }> {
      const filesRemoved = await removeFiles(p.exportId);
      await withTenant(p.tenantId, () => DataExport.query().findById(p.exportId).where('status', 'completed').patch({ status: 'expired' }));
      return { filesRemoved };
    },
  };
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
