import { MESSAGE_CHANNELS, type MessageChannel } from './messaging';
import { toE164 } from './phone';

/**
 * Contacts imported from a spreadsheet (CSV, RFC 4180: a header row, commas, double
 * quotes around fields that hold commas, quotes or line breaks). Each row is checked on
 * its own: a row is imported whole or refused with the reason of each field, never half.
 */

/** The columns an import reads; `phone` is the one it needs. Others in the file are ignored. */
export const IMPORT_COLUMNS = ['phone', 'name', 'email', 'preferred_channel', 'sms_consent', 'whatsapp_consent', 'time_zone'] as const;

/** Rows per import. */
export const MAX_IMPORT_ROWS = 10_000;

export interface ImportedContact {
  phone: string;
  name?: string;
  email?: string;
  preferred_channel?: MessageChannel;
  sms_consent?: boolean;
  whatsapp_consent?: boolean;
  time_zone?: string;
}

export interface RefusedRow {
  /** The row's line in the file (the header is line 1). */
  line: number;
  /** Field → why it was refused. */
  errors: Record<string, string>;
}

export interface ImportPlan {
  rows: Array<{ line: number; contact: ImportedContact }>;
  refused: RefusedRow[];
}

/** The file's records, each with the line it starts on; an unclosed quote is an error. */
export function parseCsv(text: string): { records: Array<{ line: number; fields: string[] }>; error?: string } {
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let rowHasContent = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else if (ch === '\r' && input[i + 1] === '\n') {
        // A line break inside a field is kept as \n, whatever the file's line endings.
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      rowHasContent = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      rowHasContent = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      fields.push(field);
      if (rowHasContent || field !== '') records.push({ line: startLine, fields });
      fields = [];
      field = '';
      rowHasContent = false;
      line++;
      startLine = line;
    } else {
      field += ch;
      if (ch.trim()) rowHasContent = true;
    }
  }
  if (quoted) return { records, error: `a quoted field opened on line ${startLine} is never closed` };
  fields.push(field);
  if (rowHasContent || field !== '') records.push({ line: startLine, fields });
  return { records };
}

const BOOLEAN_WORDS: Record<string, boolean> = { true: true, yes: true, y: true, '1': true, false: false, no: false, n: false, '0': false };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads an import: the header names the columns (in any order, any case); each later row
 * is a contact or a refusal. A number twice in the file is imported once (the first row)
 * and refused after. An error of the file itself (no phone column, too many rows) is
 * `fileError`.
 */
export function planImport(text: string): ImportPlan & { fileError?: string } {
  const parsed = parseCsv(text);
  if (parsed.error) return { rows: [], refused: [], fileError: parsed.error };
  const [header, ...records] = parsed.records;
  if (!header) return { rows: [], refused: [], fileError: 'the file is empty: expected a header row with a phone column, then one row per contact' };
  const columns = header.fields.map((name) => name.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  if (!columns.includes('phone')) return { rows: [], refused: [], fileError: `the header row has no phone column (columns read: ${IMPORT_COLUMNS.join(', ')})` };
  if (records.length > MAX_IMPORT_ROWS) return { rows: [], refused: [], fileError: `the file has ${records.length} rows; at most ${MAX_IMPORT_ROWS} are imported at once` };

  const plan: ImportPlan = { rows: [], refused: [] };
  const seen = new Map<string, number>();
  for (const record of records) {
    const value = (column: string) => {
      const index = columns.indexOf(column);
      return index < 0 ? '' : (record.fields[index] ?? '').trim();
    };
    const errors: Record<string, string> = {};
    const contact: Partial<ImportedContact> = {};

    const phone = toE164(value('phone'));
    if (!value('phone')) errors.phone = 'expected a phone number';
    else if (!phone) errors.phone = `"${value('phone')}" is not a valid phone number`;
    else if (seen.has(phone)) errors.phone = `${phone} is on line ${seen.get(phone)} already`;
    else contact.phone = phone;

    const name = value('name');
    if (name.length > 200) errors.name = 'expected at most 200 characters';
    else if (name) contact.name = name;

    const email = value('email');
    if (email && (!EMAIL.test(email) || email.length > 320)) errors.email = `"${email}" is not an e-mail address`;
    else if (email) contact.email = email;

    const channel = value('preferred_channel').toLowerCase();
    if (channel && !(MESSAGE_CHANNELS as readonly string[]).includes(channel)) errors.preferred_channel = `expected ${MESSAGE_CHANNELS.join(' or ')}`;
    else if (channel) contact.preferred_channel = channel as MessageChannel;

    for (const column of ['sms_consent', 'whatsapp_consent'] as const) {
      const word = value(column).toLowerCase();
      if (!word) continue;
      if (!(word in BOOLEAN_WORDS)) errors[column] = 'expected yes or no';
      else contact[column] = BOOLEAN_WORDS[word];
    }

    const zone = value('time_zone');
    if (zone && !validTimeZone(zone)) errors.time_zone = `"${zone}" is not an IANA time zone such as America/New_York`;
    else if (zone) contact.time_zone = zone;

    if (Object.keys(errors).length > 0) {
      plan.refused.push({ line: record.line, errors });
      continue;
    }
    seen.set(contact.phone!, record.line);
    plan.rows.push({ line: record.line, contact: contact as ImportedContact });
  }
  return plan;
}
