import qs from 'qs';
import { invalidRequest } from './errors';

/** Parameters as Stripe reads them: form-encoded, nested with brackets (`metadata[k]=v`, `expand[]=x`, `expand[0]=x`). */
export type Params = Record<string, unknown>;

export function parseStripeParams(text: string): Params {
  return qs.parse(text, { depth: 20, arrayLimit: 1000, parameterLimit: 10_000, allowPrototypes: false, allowDots: false }) as Params;
}

export type Metadata = Record<string, string>;

/**
 * Reads one request's parameters and refuses the ones the operation does not take, with
 * Stripe's messages ("Missing required param: customer.", "Invalid integer: x").
 */
export class ParamReader {
  constructor(
    readonly params: Params,
    accepted: readonly string[],
  ) {
    for (const name of Object.keys(params)) {
      if (name !== 'expand' && !accepted.includes(name)) {
        throw invalidRequest(`Received unknown parameter: ${name}. The sandbox takes ${accepted.join(', ') || 'no parameters'} here.`, name, 'parameter_unknown');
      }
    }
  }

  has(name: string): boolean {
    return this.params[name] !== undefined;
  }

  string(name: string): string | undefined {
    const value = this.params[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${name} must be a string.`, name, 'parameter_invalid_string');
    return value;
  }

  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') throw invalidRequest(`Missing required param: ${name}.`, name, 'parameter_missing');
    return value;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      throw invalidRequest(`Invalid ${name}: must be one of ${values.join(', ')}`, name, 'parameter_invalid_string');
    }
    return value as T;
  }

  int(name: string): number | undefined {
    return readInt(this.params[name], name);
  }

  bool(name: string): boolean | undefined {
    const value = this.params[name];
    if (value === undefined) return undefined;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw invalidRequest(`Invalid boolean: ${String(value)}`, name, 'parameter_invalid_boolean');
  }

  /** A nested hash (`setup_intent_data[metadata][k]=v`), or undefined. */
  hash(name: string): Params | undefined {
    const value = this.params[name];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest(`Invalid object: ${name}`, name, 'parameter_invalid_object');
    return value as Params;
  }

  strings(name: string): string[] | undefined {
    const value = this.params[name];
    if (value === undefined) return undefined;
    const list = Array.isArray(value) ? value : typeof value === 'object' && value ? Object.values(value) : [value];
    if (!list.every((v) => typeof v === 'string')) throw invalidRequest(`Invalid array: ${name}`, name, 'parameter_invalid_array');
    return list as string[];
  }

  /** `metadata[k]=v` as given, `metadata=` (empty) as "clear all". */
  metadata(name = 'metadata', source: Params = this.params): Metadata | '' | undefined {
    const value = source[name];
    if (value === undefined) return undefined;
    if (value === '') return '';
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('Invalid hash', name, 'parameter_invalid_object');
    const entries = Object.entries(value as Params);
    if (entries.length > 50) throw invalidRequest('Invalid metadata: at most 50 keys', name);
    for (const [key, v] of entries) {
      if (typeof v !== 'string') throw invalidRequest(`Invalid metadata value for ${key}`, `${name}[${key}]`);
      if (key.length > 40 || v.length > 500) throw invalidRequest('Metadata keys may be at most 40 characters and values at most 500', `${name}[${key}]`);
    }
    return Object.fromEntries(entries) as Metadata;
  }

  expand(): string[] {
    return this.strings('expand') ?? [];
  }
}

/** An integer parameter, possibly nested (`period[start]`), named by `label` in the error. */
export function readInt(value: unknown, label: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) throw invalidRequest(`Invalid integer: ${String(value)}`, label, 'parameter_invalid_integer');
  return Number(value);
}

/** Stripe's update rule: keys set to '' are removed, other keys merged, `metadata=''` empties the whole hash. */
export function mergeMetadata(current: Metadata, update: Metadata | '' | undefined): Metadata {
  if (update === undefined) return current;
  if (update === '') return {};
  const merged = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
