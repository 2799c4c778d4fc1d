/**
 * Spreadsheets run a cell that begins with = + - @ or | (DDE), or with a tab or a carriage
 * return, or with spaces before one of those, as a formula or a command. Every CSV Kestrel
 * writes passes its text cells through `spreadsheetSafe`, which puts an apostrophe in front
 * of such a cell, so it opens as the text it is: a caller's words, a company's name, a number.
 */
const RUNS_AS_FORMULA = /^ *[=+\-@|\t\r]/;

export function spreadsheetSafe(value: string): string {
  return RUNS_AS_FORMULA.test(value) ? `'${value}` : value;
}

/** csv-stringify's `cast` for text cells: every string made spreadsheet-safe. */
export const spreadsheetSafeCast = { string: (value: string) => spreadsheetSafe(value) };
