import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { raw } from 'objection';
import { DataExport, Tenant } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import { EXPORT_TABLES, exportPercent, type ExportTable } from '../../domain/data-export';
import type { Config } from '../../lib/config';
import { exportDirectory, exportZipName } from '../../lib/export-links';
import { PRIVATE_DIRECTORY, partName, removeExportFiles, replaceFile, withStorage } from './files';
import { copyTableRows, countTableRows } from './rows';
import { writeExportZip } from './zip';

export { copyTableRows } from './rows';

const ACTIVE = ['pending', 'running'];

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
        for (const table of EXPORT_TABLES) tables.push({ table, rows: await countTableRows(trx, p.tenantId, table, snapshotAt) });
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
      const part = await withStorage(async () => {
        await mkdir(dir, { recursive: true, mode: PRIVATE_DIRECTORY });
        return replaceFile(path.join(dir, partName(p.exportId, p.table, p.part)), async (out) => {
          const copied = await copyTableRows(p.tenantId, p.table, { snapshotAt: p.snapshotAt, after: p.after, limit: p.limit }, out);
          Context.current().heartbeat({ table: p.table, part: p.part, rows: copied.rows });
          return copied;
        });
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
     * Packs the parts into the zip (zip.ts), writing it beside its final name and renaming
     * it into place, records it, and removes the parts.
     */
    async packageDataExport(p: { exportId: string; tenantId: string; snapshotAt: string; parts: Partial<Record<ExportTable, number>>; linkTtlMs: number }): Promise<PackedExport> {
      return withStorage(async () => {
        const row = await activeExport(p.exportId, p.tenantId);
        const zipName = exportZipName(p.exportId);
        const final = path.join(dir, zipName);
        if (row.status === 'completed' && row.sha256 && row.completed_at && row.expires_at) {
          // A retry after the zip was recorded: the parts may be gone already; the zip is the answer.
          await removeExportFiles(dir, p.exportId, [zipName]);
          return { completedAt: new Date(row.completed_at).toISOString(), expiresAt: new Date(row.expires_at).toISOString(), sizeBytes: Number(row.size_bytes), sha256: row.sha256 };
        }
        if (row.status !== 'running') throw ApplicationFailure.nonRetryable(`The export is ${row.status}.`, 'ExportNotActive');
        const tenant = await withTenant(p.tenantId, () => Tenant.query().findById(p.tenantId).select('id', 'slug', 'company_name'));
        if (!tenant) throw ApplicationFailure.nonRetryable('The tenant no longer exists.', 'TenantNotFound');

        const context = Context.current();
        const { files, sha256 } = await writeExportZip(final, {
          tenant,
          snapshotAt: p.snapshotAt,
          // The tables the workflow wrote (an export begun before a table joined the list has no file of it), in the list's order.
          tables: EXPORT_TABLES.filter((table) => table in p.parts),
          partsOf: (table) => Array.from({ length: p.parts[table] ?? 0 }, (_, i) => path.join(dir, partName(p.exportId, table, i))),
          heartbeat: (table) => context.heartbeat({ table }),
        });

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
        await removeExportFiles(dir, p.exportId, [zipName]);
        return { completedAt: new Date(times.completed_at).toISOString(), expiresAt: new Date(times.expires_at).toISOString(), sizeBytes: size, sha256 };
      });
    },

    /** The last word on an export that could not be written: failed, with a reason people can read, and no files left. */
    async failDataExport(p: { exportId: string; tenantId: string; error: string }): Promise<void> {
      await withTenant(p.tenantId, () =>
        DataExport.query().findById(p.exportId).whereIn('status', ACTIVE).patch({ status: 'failed', error: p.error.slice(0, 1000), current_table: null }),
      );
      await removeExportFiles(dir, p.exportId);
    },

    /** The link's time is up: the zip goes, and the export says so. */
    async expireDataExport(p: { exportId: string; tenantId: string }): Promise<{ filesRemoved: number }> {
      const filesRemoved = await removeExportFiles(dir, p.exportId);
      await withTenant(p.tenantId, () => DataExport.query().findById(p.exportId).where('status', 'completed').patch({ status: 'expired' }));
      return { filesRemoved };
    },
  };
}
