/**
 * Builds a value valid for a JSON schema (the subset OpenAI accepts for tools and
 * structured outputs), taking each property's value from a hint when the hint fits
 * the property's type and falling back to the simplest valid value otherwise.
 */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
  minItems?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  format?: string;
  default?: unknown;
  description?: string;
};

/** A suggested value for the property called `key` (undefined: no idea). */
export type Hint = (key: string, schema: JsonSchema) => unknown;

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  for (let depth = 0; current.$ref && depth < 32; depth++) {
    const path = current.$ref.replace(/^#\/?/, '').split('/').filter(Boolean);
    let target: unknown = root;
    for (const part of path) target = (target as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (!target || typeof target !== 'object') throw new Error(`cannot resolve ${current.$ref}`);
    current = target as JsonSchema;
  }
  return current;
}

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

function fits(value: unknown, type: string): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return false;
  }
}

function pickEnum(options: unknown[], hint: unknown): unknown {
  if (hint !== undefined && options.includes(hint)) return hint;
  if (typeof hint === 'string') {
    const wanted = hint.toLowerCase();
    const match = options.find((o) => typeof o === 'string' && (o.toLowerCase().includes(wanted) || wanted.includes(o.toLowerCase())));
    if (match !== undefined) return match;
  }
  if (hint instanceof RegExp) {
    const match = options.find((o) => typeof o === 'string' && hint.test(o));
    if (match !== undefined) return match;
  }
  return options[0];
}

/** Whether the schema admits null: the way strict structured outputs mark a property optional. */
export function allowsNull(schema: JsonSchema, root: JsonSchema): boolean {
  const s = resolve(schema, root);
  if (typesOf(s).includes('null')) return true;
  return (s.anyOf ?? s.oneOf ?? []).some((b) => allowsNull(b, root));
}

export function fillSchema(schema: JsonSchema, hint: Hint, root: JsonSchema = schema, key = ''): unknown {
  const s = resolve(schema, root);
  const suggested = key ? hint(key, s) : undefined;
  if (s.const !== undefined) return s.const;
  if (s.enum) return pickEnum(s.enum, suggested);

  const branches = s.anyOf ?? s.oneOf;
  if (branches) {
    const resolved = branches.map((b) => resolve(b, root));
    const nullBranch = resolved.find((b) => typesOf(b).length === 1 && typesOf(b)[0] === 'null');
    if ((suggested === undefined || suggested === null) && nullBranch) return null;
    const branch = resolved.find((b) => typesOf(b).some((t) => fits(suggested, t))) ?? resolved.find((b) => b !== nullBranch) ?? resolved[0];
    return branch ? fillSchema(branch, hint, root, key) : null;
  }
  if (s.allOf && s.allOf.length > 0) {
    return fillSchema(Object.assign({}, ...s.allOf.map((b) => resolve(b, root))) as JsonSchema, hint, root, key);
  }

  const types = typesOf(s);
  if ((suggested === undefined || suggested === null) && types.includes('null') && types.length > 1) return null;
  const fitting = types.find((t) => fits(suggested, t));
  if (fitting === 'array') return fillArray(s, suggested as unknown[], hint, root, key);
  // An object hint only says "fill this in": its properties come from their own hints.
  if (fitting && fitting !== 'object') return suggested;

  switch (types.find((t) => t !== 'null') ?? types[0]) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(s.properties ?? {})) {
        const value = fillSchema(property, hint, root, name);
        if (value !== undefined) out[name] = value;
      }
      return out;
    }
    case 'array':
      return fillArray(s, [], hint, root, key);
    case 'string':
      return defaultString(s);
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return s.default ?? null;
  }
}

function fillArray(s: JsonSchema, suggested: unknown[], hint: Hint, root: JsonSchema, key: string): unknown[] {
  const item = s.items ?? {};
  const itemKey = `${key}[]`;
  const values = suggested.map((v) => fillSchema(item, (k, sch) => (k === itemKey ? v : hint(k, sch)), root, itemKey));
  while (values.length < (s.minItems ?? 0)) values.push(fillSchema(item, hint, root, itemKey));
  return values;
}

function defaultString(s: JsonSchema): string {
  if (s.default !== undefined && typeof s.default === 'string') return s.default;
  switch (s.format) {
    case 'date-time':
      return new Date(0).toISOString();
    case 'date':
      return '1970-01-01';
    case 'email':
      return 'unknown@example.com';
    case 'uri':
      return 'https://example.com/';
    default:
      return 'unknown'.padEnd(s.minLength ?? 0, '.');
  }
}
