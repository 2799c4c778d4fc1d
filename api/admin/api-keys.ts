import { z } from 'zod';
import { recordAudit } from '../../db/audit';
import { API_SCOPES } from '../../domain/api-scopes';
import { apiKeyDisplayPrefix, API_KEY_HASH_VERSION, API_KEY_MODES, generateApiKey, hashApiKey } from '../../lib/api-keys';
import { requestIdOf } from '../http/audit-actor';
import { tenantAdmin } from '../auth/authenticate';
import { AdminRouter, tenantAccounts, tenantOfRecord } from '../auth/operator-access';
import { Problem } from '../http/problem';
import { text } from '../storable-fields';
import { isoDateTime } from './list-query';


const createBody = z.object({
  name: text(100)
    .transform((value) => value.trim())
    .pipe(z.string().min(1, 'expected a name, to tell the key apart')),
  scopes: z
    .array(z.enum(API_SCOPES, { message: `expected one of ${API_SCOPES.join(', ')}` }), { message: 'expected a list of scopes' })
    .min(1, 'expected at least one scope')
    .max(API_SCOPES.length)
    .transform((scopes) => [...new Set(scopes)]),
  mode: z.enum(API_KEY_MODES, { message: 'expected live or test' }).default('live'),
  expires_at: isoDateTime
    .refine((value) => new Date(value).getTime() > Date.now(), 'expected a time in the future')
    .nullable()
    .optional(),
});

const keySchema = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  name: z.string(),
  display_prefix: z.string().describe('The start of the key (kst_live_AbCd), to tell keys apart'),
  mode: z.enum(API_KEY_MODES),
  scopes: z.array(z.enum(API_SCOPES)),
  created_by: z.string().nullable(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable().describe('Brought up to date at most once a minute'),
  created_at: z.string(),
});
const createdSchema = keySchema
  .pick({ id: true, display_prefix: true, name: true, scopes: true, mode: true, expires_at: true, created_at: true })
  .extend({ key: z.string().describe('The key itself: shown in this response only') });

/** Everything about a key except its hash. */
const COLUMNS = ['id', 'tenant_id', 'name', 'display_prefix', 'mode', 'scopes', 'created_by', 'expires_at', 'revoked_at', 'last_used_at', 'created_at'];

/**
 * Tenant API keys: created with the scopes and mode asked for (the key is in the answer
 * and nowhere else: only its HMAC is kept), listed without their hashes, revoked at once.
 * Creating and revoking are audited.
 */
export function adminApiKeyRoutes(deps: { secret: string }): AdminRouter {
  return new AdminRouter({ tags: ['admin', 'api-keys'] })
    .endpoint(
      {
        method: 'post',
        path: '/tenants/:id/api-keys',
        access: tenantAccounts.change(),
        summary: 'Create an API key for a tenant (the key is shown in this response only)',
        params: z.object({ id: z.uuid() }),
        body: createBody,
        responses: {
          201: { description: 'The key, once', schema: createdSchema },
          404: { description: 'No such tenant' },
          409: { description: 'The tenant is deleted' },
          422: { description: 'Invalid fields: an unknown scope is named as scopes.N' },
        },
      },
      async ({ params, body }, req, res) => {
        const { actor, scope } = tenantAdmin(req, params.id);
        const key = generateApiKey(body.mode);
        const created = await scope(async (trx) => {
          const tenant = await trx('tenants').where({ id: params.id }).first('id', 'deleted_at');
          if (!tenant) throw Problem.notFound(`No tenant ${params.id}`);
          if (tenant.deleted_at) throw Problem.conflict('This tenant is deleted; it can have no new API keys.');
          const [row] = await trx('api_keys')
            .insert({
              tenant_id: params.id,
              name: body.name,
              mode: body.mode,
              display_prefix: apiKeyDisplayPrefix(key),
              key_hash: hashApiKey(key, deps.secret),
              hash_version: API_KEY_HASH_VERSION,
              scopes: body.scopes,
              created_by: `${actor.type}:${actor.id}`,
              expires_at: body.expires_at ?? null,
            })
            .returning(['id', 'display_prefix', 'name', 'scopes', 'mode', 'expires_at', 'created_at']);
          await recordAudit({
            tenantId: params.id,
            actor,
            action: 'api_key.created',
            target: { type: 'api_key', id: row.id },
            requestId: requestIdOf(req),
            details: { name: row.name, display_prefix: row.display_prefix, mode: row.mode, scopes: row.scopes, expires_at: row.expires_at },
          });
          return row;
        });
        res.status(201).json({ ...created, key });
      },
    )
    .endpoint(
      {
        method: 'get',
        path: '/tenants/:id/api-keys',
        access: tenantAccounts.read,
        summary: "A tenant's API keys, newest first (never the keys themselves)",
        params: z.object({ id: z.uuid() }),
        responses: { 200: { description: 'The keys', schema: z.array(keySchema) }, 404: { description: 'No such tenant' } },
      },
      async ({ params }, req, res) => {
        const keys = await tenantAdmin(req, params.id).scope(async (trx) => {
          const tenant = await trx('tenants').where({ id: params.id }).first('id');
          if (!tenant) throw Problem.notFound(`No tenant ${params.id}`);
          return trx('api_keys').where({ tenant_id: params.id }).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }]).select(COLUMNS);
        });
        res.json(keys);
      },
    )
    .endpoint(
      {
        method: 'delete',
        path: '/api-keys/:id',
        access: tenantAccounts.change(tenantOfRecord('api_keys')),
        summary: 'Revoke an API key: from now on it gets 401 (revoking a revoked key changes nothing)',
        params: z.object({ id: z.uuid() }),
        responses: { 204: { description: 'Revoked' }, 404: { description: 'No such key' } },
      },
      async ({ params }, req, res) => {
        const { actor, scope } = tenantAdmin(req);
        await scope(async (trx) => {
          // An owner's scope holds their own company's keys only: another's is not found.
          const key = await trx('api_keys').where({ id: params.id }).forUpdate().first('id', 'tenant_id', 'name', 'display_prefix', 'revoked_at');
          if (!key) throw Problem.notFound(`No API key ${params.id}`);
          if (key.revoked_at) return;
          await trx('api_keys').where({ id: key.id }).update({ revoked_at: trx.fn.now(), updated_at: trx.fn.now() });
          await recordAudit({
            tenantId: key.tenant_id,
            actor,
            action: 'api_key.revoked',
            target: { type: 'api_key', id: key.id },
            requestId: requestIdOf(req),
            details: { name: key.name, display_prefix: key.display_prefix },
          });
        });
        res.status(204).end();
      },
    );
}
