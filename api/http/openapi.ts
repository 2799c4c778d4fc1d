import { z } from 'zod';
import type { ApiRouter } from './endpoint';
import { API_SCOPES } from '../../domain/api-scopes';

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; `errors` maps each invalid field to its message.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    request_id: { type: 'string' },
    errors: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

const securitySchemes = {
  session: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'ksa_… (or the console session cookie)',
    description: "A person's session (POST /api/auth/login): the access token as a bearer token, or the console's httpOnly cookie.",
  },
  twilioSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Twilio-Signature',
    description: "Twilio's signature of the request (the URL Twilio was given and its form parameters), under the account's auth token.",
  },
  stripeSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'Stripe-Signature',
    description: "Stripe's signature of the raw body and a timestamp, under the webhook endpoint's signing secret (STRIPE_WEBHOOK_SECRET).",
  },
  signedLink: {
    type: 'apiKey',
    in: 'query',
    name: 'signature',
    description: 'An HMAC signature of the link and its expiry (`expires`), as Kestrel hands the link out: the link is its own credential.',
  },
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'kst_live_… or kst_test_…',
    description: "A tenant's API key (`Authorization: Bearer kst_…`), created by an operator; the scopes listed on each route are the ones it needs.",
  },
};

/** Tags whose routes need an introduction, shown at /docs. */
const tags = [
  {
    name: 'tenant-api',
    description:
      "A company's own systems reach its data here, with an API key: `Authorization: Bearer kst_live_…`. " +
      `An operator creates keys (POST /api/admin/tenants/{id}/api-keys) with scopes: ${API_SCOPES.join(', ')}; ` +
      'each route needs the scope it lists. ' +
      'An unknown, revoked or expired key gets 401, a key without the scope 403. ' +
      'Test keys (kst_test_…) see and write sandbox data only: the calls taken in test mode and sandbox appointments; ' +
      'they read the settings but cannot change them. ' +
      'Lists are paged by cursor: `limit` (1 to 100, 25 by default), and `cursor`, the `next_cursor` of the previous page (null on the last). ' +
      "Requests are limited per key and per tenant (the plan's requests per minute; a key gets half): every answer carries " +
      'RateLimit-Policy and RateLimit, and one over a limit gets 429 with Retry-After.',
  },
];

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  return rest;
}

/** Query and path parameters, one entry per property of the object schema. */
function parameters(schema: z.ZodType | undefined, where: 'query' | 'path'): unknown[] {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

/** `getAdminTenantsByIdWorkflow` for GET /api/admin/tenants/{id}/workflow: stable, and unique as method and path are. */
function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((segment) => segment && segment !== 'api')
    .map((segment) => (segment.startsWith('{') ? `by-${segment.slice(1, -1)}` : segment))
    .flatMap((segment) => segment.split(/[^a-zA-Z0-9]+/))
    .filter(Boolean);
  return [method, ...words].map((word, i) => (i === 0 ? word : word[0]!.toUpperCase() + word.slice(1))).join('');
}

/** The OpenAPI 3.1 document of every route declared through the given routers, served from `serverUrl`. */
export function openApiDocument(routers: ApiRouter[], info: { title: string; version: string; serverUrl: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const api of routers) {
    for (const spec of api.specs) {
      const path = (api.prefix + (spec.path === '/' && api.prefix ? '' : spec.path)).replace(/:(\w+)/g, '{$1}');
      const responses = Object.fromEntries(
        Object.entries(spec.responses).map(([status, r]) => [
          status,
          {
            description: r.description,
            ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: jsonSchema(r.schema, 'output') } } } : {}),
          },
        ]),
      );
      const problem = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
      // Bad input is a problem on every route (field by field), whether or not the route names its 4xx.
      if (!Object.keys(responses).some((status) => status.startsWith('4'))) responses['4XX'] = { description: 'A problem with the request', ...problem };
      responses.default = { description: 'A problem', ...problem };
      (paths[path] ??= {})[spec.method] = {
        operationId: operationId(spec.method, path),
        summary: spec.summary,
        tags: spec.tags,
        parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
        ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
        // Public routes say so with an empty list; the others name the scheme they need.
        security: spec.security ?? api.options.security ?? [],
        responses,
      };
    }
  }
  const { serverUrl, ...about } = info;
  return {
    openapi: '3.1.0',
    info: { ...about, license: { name: 'Proprietary', identifier: 'LicenseRef-Kestrel-Proprietary' } },
    servers: [{ url: serverUrl }],
    tags,
    paths,
    components: { schemas: { Problem: problemSchema }, securitySchemes },
  };
}
