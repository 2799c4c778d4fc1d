import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Response } from 'express';
import type { Knex } from 'knex';
import { spreadsheetSafeCast } from '../domain/spreadsheet';
import { CALL_DETAILS } from './call-records';

/**
 * Calls as a CSV file, one format for the operators' export (api/admin/calls.ts) and a
 * company's own (api/v1/calls.ts): the same columns, spreadsheet-safe, streamed out of a
 * server-side cursor in the transaction (and scope) that reads them.
 */
export const CALL_CSV_COLUMNS = [
  'call_sid',
  'company_name',
  'started_at',
  'ended_at',
  'duration_seconds',
  'from_number',
  'to_number',
  'status',
  'outcome',
  'summary',
  'customer_name',
  'callback_number',
  'service_type',
  'sentiment',
  'transferred_to',
  'over_limit',
  'is_test',
] as const;

export const CALL_CSV_DESCRIPTION = `One header row (${CALL_CSV_COLUMNS.join(', ')}), then one row per call`;

/** The columns of CALL_CSV_COLUMNS, selected from `call_logs as c` joined to `tenants as t`. */
export function callCsvSelection(trx: Knex.Transaction, calls: Knex.QueryBuilder): Knex.QueryBuilder {
  return calls.select(
    'c.call_sid',
    't.company_name',
    'c.started_at',
    'c.ended_at',
    'c.duration_seconds',
    'c.from_number',
    'c.to_number',
    'c.status',
    'c.outcome',
    'c.summary',
    ...CALL_DETAILS.map((k) => trx.raw('c.details->>? as ??', [k, k])),
    'c.transferred_to',
    'c.over_limit',
    'c.is_test',
  );
}

const CURSOR_BATCH = 500;

/** The query's rows, fetched in batches through a server-side cursor that lives as long as the transaction. */
async function* cursorRows(trx: Knex.Transaction, query: Knex.QueryBuilder): AsyncGenerator<Record<string, unknown>> {
  const { sql, bindings } = query.toSQL();
  await trx.raw(`declare calls_export no scroll cursor for ${sql}`, bindings);
  for (;;) {
    const { rows } = (await trx.raw(`fetch ${CURSOR_BATCH} from calls_export`)) as { rows: Array<Record<string, unknown>> };
    yield* rows;
    if (rows.length < CURSOR_BATCH) return;
  }
}

/** Sends the selected calls as `calls.csv`, row by row as the database yields them. */
export async function sendCallsCsv(trx: Knex.Transaction, selection: Knex.QueryBuilder, res: Response): Promise<void> {
  const csv = stringify({
    header: true,
    columns: [...CALL_CSV_COLUMNS],
    cast: { date: (value) => value.toISOString(), boolean: (value) => String(value), ...spreadsheetSafeCast },
  });
  res.status(200).type('text/csv').setHeader('Content-Disposition', 'attachment; filename="calls.csv"');
  try {
    await pipeline(Readable.from(cursorRows(trx, selection)), csv, res);
  } catch (error) {
    // A download the person cancels is not an error of ours.
    if ((error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE') return;
    throw error;
  }
}
