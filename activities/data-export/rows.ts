import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type { Client as PgClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { withTenant } from '../../db/tenant-context';
import type { ExportTable } from '../../domain/data-export';
import { EXPORT_SOURCES, type TableSource } from './catalogue';
import { countLines, tap } from './streams';

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

/** How many rows of the tenant a table's file will hold, as of `snapshotAt`. */
export async function countTableRows(trx: Knex.Transaction, tenantId: string, table: ExportTable, snapshotAt: string): Promise<number> {
  const source = EXPORT_SOURCES[table];
  const counted = await trx.raw(
    `select count(*)::bigint as n from ${source.from} t where t.${source.tenantColumn} = ?${source.createdColumn ? ` and t.${source.createdColumn} <= ?::timestamptz` : ''}`,
    [tenantId, ...(source.createdColumn ? [snapshotAt] : [])],
  );
  return Number(counted.rows[0].n);
}

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
  const source = EXPORT_SOURCES[table];
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
    try {
      const counter = tap((chunk) => {
        lines += countLines(chunk);
      });
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
