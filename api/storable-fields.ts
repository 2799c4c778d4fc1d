import { z } from 'zod';

/**
 * Request fields as Postgres can store them. JSON and ISO 8601 allow values that a text
 * or timestamptz column refuses, and a refusal by the database would be a 500.
 */

/** Half of a surrogate pair on its own: JSON can escape it, but a jsonb column refuses it (and UTF-8 cannot encode it). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Free text that a text column, and the audit log's jsonb, can hold: no NUL character, no lone surrogate. */
export const text = (max: number) =>
  z
    .string()
    .max(max, `expected at most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), 'expected text without NUL characters')
    .refine((value) => !LONE_SURROGATE.test(value), 'expected text without unpaired surrogates (invalid Unicode)');
