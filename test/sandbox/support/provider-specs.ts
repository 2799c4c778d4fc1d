import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { fullFormats } from 'ajv-formats/dist/formats';
import { parse as parseYaml } from 'yaml';
import type { RecordedResponse } from '../../../sandbox/recorder';
import { isStripePath } from '../../../sandbox/stripe/account';

/**
 * Checks responses the sandbox served against the response schema of the same
 * operation (method + path template + status) in the provider's own OpenAPI document.
 */

/** The providers' own documents, kept gzipped in the repository with their licences. */
const SPECS = path.resolve(__dirname, '../../../sandbox/specs');
type Json = Record<string, unknown>;
type ProviderName = 'twilio' | 'openai' | 'resend' | 'stripe';

interface Operation {
  provider: ProviderName;
  method: string;
  template: string;
  pattern: RegExp;
  literalLength: number;
  responses: Record<string, Json>;
}

/**
 * OpenAPI 3.0's `nullable` and boolean `exclusiveMinimum` have no meaning to a JSON
 * Schema validator; rewrite them into the JSON Schema they stand for.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) out[key] = toJsonSchema(value);
  for (const bound of ['Minimum', 'Maximum'] as const) {
    const flag = out[`exclusive${bound}`];
    if (typeof flag === 'boolean') {
      if (flag && typeof out[bound.toLowerCase()] === 'number') {
        out[`exclusive${bound}`] = out[bound.toLowerCase()];
        delete out[bound.toLowerCase()];
      } else {
        delete out[`exclusive${bound}`];
      }
    }
  }
  if ('nullable' in out) {
    const nullable = out.nullable === true;
    delete out.nullable;
    if (!nullable) return out;
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type)) out.type = out.type.includes('null') ? out.type : [...out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/** `#/components/…` becomes `<provider>#/components/…`, so a response schema compiles on its own. */
function anchorRefs(node: unknown, id: string): unknown {
  if (Array.isArray(node)) return node.map((n) => anchorRefs(n, id));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    out[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${id}${value}` : anchorRefs(value, id);
  }
  return out;
}

/**
 * Twilio's `phone-number` covers E.164, the national form its own examples serve as
 * `friendly_name` ("(808) 925-1571"), and the channel addresses its Message resource
 * documents for `from` ("whatsapp:+15554449999").
 */
const phoneNumber = /^((whatsapp:)?\+[1-9]\d{1,14}|\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4})$/;

function twilioFormats(ajv: Ajv): void {
  // Twilio's document says `uri` but its list resources serve paths relative to the API
  // host (`first_page_uri: /2010-04-01/…`), as the SDK expects: a URI reference.
  ajv.addFormat('uri', fullFormats['uri-reference']);
  ajv.addFormat('phone-number', phoneNumber);
  ajv.addFormat('date-time-rfc-2822', /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/);
  ajv.addFormat('http-method', /^(GET|POST|PUT|DELETE|HEAD|PATCH)$/);
  ajv.addFormat('iso-country-code', /^[A-Z]{2}$/);
  ajv.addFormat('currency', /^[A-Za-z]{3}$/);
  ajv.addFormat('uri-map', { type: 'object', validate: (v: unknown) => Object.values(v as Json).every((x) => typeof x === 'string') } as never);
  ajv.addFormat('phone-number-capabilities', {
    type: 'object',
    validate: (v: unknown) => Object.values(v as Json).every((x) => typeof x === 'boolean'),
  } as never);
  for (const name of ['ice-server', 'endpoint', 'twiml']) ajv.addFormat(name, true);
}

/** Stripe's own formats: `unix-time` seconds, three-letter `currency` codes, `decimal` strings. */
function stripeFormats(ajv: Ajv): void {
  ajv.addFormat('unix-time', { type: 'number', validate: (v: number) => Number.isInteger(v) && v >= 0 } as never);
  ajv.addFormat('currency', /^[a-z]{3}$/);
  ajv.addFormat('decimal', /^-?\d+(\.\d+)?$/);
}

function commonFormats(ajv: Ajv): void {
  for (const name of ['date', 'date-time', 'email', 'uuid', 'int32', 'int64', 'float', 'double', 'binary'] as const) {
    ajv.addFormat(name, fullFormats[name]);
  }
  ajv.addFormat('unixtime', { type: 'number', validate: (v: number) => Number.isInteger(v) && v >= 0 } as never);
}

/** Where each provider's document expects its paths to start, as the sandbox serves them. */
const prefixes: Record<ProviderName, string> = { twilio: '', openai: '/v1', resend: '', stripe: '' };

/** The error bodies of operations whose document gives no schema for the status: the providers' documented shapes. */
const documentedErrors: Record<ProviderName, Json | undefined> = {
  twilio: {
    type: 'object',
    required: ['code', 'message', 'more_info', 'status'],
    properties: { code: { type: 'integer' }, message: { type: 'string' }, more_info: { type: 'string', format: 'uri' }, status: { type: 'integer' } },
  },
  openai: { $ref: 'openai#/components/schemas/ErrorResponse' },
  resend: {
    type: 'object',
    required: ['statusCode', 'message', 'name'],
    properties: { statusCode: { type: 'integer' }, message: { type: 'string' }, name: { type: 'string' } },
  },
  stripe: { $ref: 'stripe#/components/schemas/error' },
};

export interface ContractResult {
  response: RecordedResponse;
  operation?: string;
  outcome: 'valid' | 'invalid' | 'no-operation' | 'no-schema';
  schemaSource?: 'document' | 'documented error shape';
  errors?: string[];
}

const documentFiles: Record<ProviderName, string> = {
  twilio: 'twilio/twilio_api_v2010.json.gz',
  openai: 'openai/openapi.yaml.gz',
  resend: 'resend/resend.yaml.gz',
  stripe: 'stripe/spec3.json.gz',
};

/** Which provider's document a served path belongs to. */
function providerOf(path: string): ProviderName | undefined {
  if (path.startsWith('/2010-04-01/')) return 'twilio';
  // Stripe and OpenAI share /v1: Stripe's resources are told apart by their first segment.
  if (isStripePath(path)) return 'stripe';
  if (path.startsWith('/v1/')) return 'openai';
  if (path === '/emails' || path.startsWith('/emails/')) return 'resend';
  return undefined;
}

/** One provider's OpenAPI document, loaded on first use, with a validator per response schema. */
class ProviderDocument {
  private readonly operations: Operation[] = [];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly name: ProviderName) {
    const text = gunzipSync(readFileSync(path.join(SPECS, documentFiles[name]))).toString('utf8');
    const json = name === 'twilio' || name === 'stripe';
    const document = toJsonSchema(json ? JSON.parse(text) : parseYaml(text)) as Json;
    const options = { strict: false, allErrors: true, validateSchema: false, validateFormats: true } as const;
    // Twilio's and Stripe's documents are OpenAPI 3.0 (draft-04-like schemas); OpenAI's and Resend's are 3.1 (JSON Schema 2020-12).
    this.ajv = json ? new Ajv(options) : new Ajv2020(options);
    if (name === 'twilio') twilioFormats(this.ajv);
    if (name === 'stripe') stripeFormats(this.ajv);
    commonFormats(this.ajv);
    this.ajv.addSchema({ $id: name, components: anchorRefs(document.components, name) } as never);
    for (const [template, item] of Object.entries(document.paths as Record<string, Json>)) {
      for (const [method, op] of Object.entries(item)) {
        const operation = op as Json;
        if (!operation || typeof operation !== 'object' || !operation.responses) continue;
        const full = prefixes[name] + template;
        this.operations.push({
          provider: name,
          method: method.toUpperCase(),
          template: full,
          pattern: new RegExp(`^${full.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
          literalLength: full.replace(/\{[^}]+\}/g, '').length,
          responses: resolveResponses(document, operation.responses as Record<string, Json>),
        });
      }
    }
    // The most literal template wins: `/emails/batch` before `/emails/{email_id}`.
    this.operations.sort((a, b) => b.literalLength - a.literalLength);
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(anchorRefs(schema, this.name) as Json);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  check(response: RecordedResponse): ContractResult {
    const operation = this.operations.find((o) => o.method === response.method && o.pattern.test(response.path));
    if (!operation) return { response, outcome: 'no-operation' };
    const id = `${operation.method} ${operation.template}`;
    const status = String(response.status);
    const declared = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
    const mediaType = response.contentType.split(';')[0]?.trim() ?? '';
    const content = declared?.content as Record<string, { schema?: Json }> | undefined;
    let schema = content?.[mediaType]?.schema;
    let source: ContractResult['schemaSource'] = 'document';
    if (!schema && response.status >= 400) {
      schema = documentedErrors[this.name];
      source = 'documented error shape';
    }
    if (!schema) {
      const expectsNoBody = declared && !content && response.body === '';
      return { response, operation: id, outcome: expectsNoBody ? 'valid' : 'no-schema' };
    }
    const validate = this.validator(`${id} ${status} ${mediaType} ${source}`, schema);
    const bodies =
      mediaType === 'text/event-stream'
        ? response.body
            .split('\n\n')
            .map((event) => /^data: (.*)$/m.exec(event)?.[1])
            .filter((data): data is string => data !== undefined && data !== '[DONE]')
            .map((data) => JSON.parse(data) as unknown)
        : [JSON.parse(response.body) as unknown];
    const errors = bodies.flatMap((body) => (validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)));
    return { response, operation: id, outcome: errors.length ? 'invalid' : 'valid', schemaSource: source, errors: errors.length ? errors : undefined };
  }
}

function resolveResponses(document: Json, responses: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [status, response] of Object.entries(responses)) {
    const ref = response.$ref;
    out[status] =
      typeof ref === 'string' ? (ref.slice(2).split('/').reduce<unknown>((node, part) => (node as Json)[part], document) as Json) : response;
  }
  return out;
}

const loaded = new Map<ProviderName, ProviderDocument>();

export function checkAgainstSpecs(responses: RecordedResponse[]): ContractResult[] {
  return responses.map((response) => {
    const provider = providerOf(response.path);
    if (!provider) return { response, outcome: 'no-operation' as const };
    let document = loaded.get(provider);
    if (!document) {
      document = new ProviderDocument(provider);
      loaded.set(provider, document);
    }
    return document.check(response);
  });
}
/** Asserts that every recorded response matches its operation's schema, and returns the results. */
export function expectResponsesMatchSpecs(responses: RecordedResponse[]): ContractResult[] {
  const results = checkAgainstSpecs(responses);
  const problems = results
    .filter((r) => r.outcome !== 'valid')
    .map((r) => ({ request: `${r.response.method} ${r.response.path} → ${r.response.status}`, operation: r.operation, outcome: r.outcome, errors: r.errors?.slice(0, 5) }));
  expect(problems).toEqual([]);
  expect(results.length).toBeGreaterThan(0);
  return results;
}
