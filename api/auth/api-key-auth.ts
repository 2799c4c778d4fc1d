import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { recordAudit } from '../../db/audit';
import { withOperatorAccess, withTenant } from '../../db/tenant-context';
import type { ApiScope } from '../../domain/api-scopes';
import type { PlanTier } from '../../domain/plans';
import { API_KEY_HASH_VERSION, hashApiKey, hasValidChecksum, type ApiKeyMode } from '../../lib/api-keys';
import { Problem } from '../http/problem';
import { AuditEntry, Tenant } from '../../db/models';
import type { OperatorPrincipal } from './sessions';
import { scopesFor, type TenantCaller } from './tenant-caller';
import { requestIdOf } from '../http/audit-actor';

const lookup = { type: 'system' as const, id: 'api-key-auth' };

function unauthorized(res: Response, detail: string): Problem {
  res.setHeader('WWW-Authenticate', 'Bearer realm="kestrel-api"');
  return new Problem(401, 'Unauthorized', detail);
}

interface KeyRow {
  id: string;
  tenant_id: string;
  mode: ApiKeyMode;
  scopes: ApiScope[];
  revoked: boolean;
  expired: boolean;
  tenant_deleted: boolean;
  plan_tier: PlanTier;
  use_unrecorded: boolean;
}

/**
 * The tenant API's gate: `Authorization: Bearer kst_…`. A string that fails the key's
 * checksum is turned away without a query; a key is then found by its HMAC (across
 * tenants, since the key is what names the tenant). Unknown, revoked and expired keys,
 * and keys of a deleted tenant, get a 401. The accepted key is `req.apiKey`, and its
 * `last_used_at` is brought up to date at most once a minute, without holding up the request.
 */
export function authenticateApiKey(deps: { secret: string; logger: Logger }): RequestHandler {
  return async (req, res, next) => {
    const presented = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (req.principal && !presented?.startsWith('kst_')) {
      req.tenantCaller = await callerOfSession(req, res, deps.logger);
      return next();
    }
    if (!presented) throw unauthorized(res, 'An API key is required (Authorization: Bearer kst_…), or a signed-in session.');
    if (!hasValidChecksum(presented)) throw unauthorized(res, 'The API key is not valid.');

    const row = await withOperatorAccess(lookup, (trx) =>
      trx('api_keys as k')
        .join('tenants as t', 't.id', 'k.tenant_id')
        .where({ 'k.key_hash': hashApiKey(presented, deps.secret), 'k.hash_version': API_KEY_HASH_VERSION })
        .first<KeyRow | undefined>(
          'k.id',
          'k.tenant_id',
          'k.mode',
          'k.scopes',
          't.plan_tier',
          trx.raw('k.revoked_at is not null as revoked'),
          trx.raw('coalesce(k.expires_at <= now(), false) as expired'),
          trx.raw('t.deleted_at is not null as tenant_deleted'),
          trx.raw(`coalesce(k.last_used_at < now() - interval '1 minute', true) as use_unrecorded`),
        ),
    );
    if (!row || row.tenant_deleted) throw unauthorized(res, 'The API key is not valid.');
    if (row.revoked) throw unauthorized(res, 'The API key has been revoked.');
    if (row.expired) throw unauthorized(res, 'The API key has expired.');

    req.tenantCaller = {
      via: 'api_key',
      id: row.id,
      tenantId: row.tenant_id,
      mode: row.mode,
      scopes: row.scopes,
      planTier: row.plan_tier,
      actor: { type: 'api_key', id: row.id },
      supportSessionId: null,
      role: null,
    };
    if (row.use_unrecorded) recordUse(req.tenantCaller, req.log ?? deps.logger);
    next();
  };
}

/**
 * The conditional update makes "at most once a minute" hold across API processes too:
 * of requests racing within the minute, one writes. A failure costs only the timestamp.
 */
function recordUse(key: TenantCaller, logger: Logger): void {
  withTenant(key.tenantId, (trx) =>
    trx('api_keys')
      .where({ id: key.id })
      .where((q) => q.whereNull('last_used_at').orWhereRaw(`last_used_at < now() - interval '1 minute'`))
      .update({ last_used_at: trx.fn.now() }),
  ).catch((error: unknown) => logger.warn({ err: error, api_key_id: key.id }, 'could not record the API key use'));
}

/**
 * A signed-in person on the tenant API: a tenant user acts for their own company; an
 * operator only through an open support session, whose every request is audited with
 * both identities (the operator, and the session on the tenant).
 */
async function callerOfSession(req: Request, res: Response, logger: Logger): Promise<TenantCaller> {
  const principal = req.principal!;
  const tenantId = principal.kind === 'tenant_user' ? principal.tenantId : principal.support?.tenantId;
  if (!tenantId) throw new Problem(403, 'Forbidden', 'Operators reach a tenant through a support session (POST /api/admin/tenants/:id/support-sessions).');
  const tenant = await withTenant(tenantId, () => Tenant.query().findById(tenantId).whereNull('deleted_at').select('plan_tier'));
  if (!tenant) throw unauthorized(res, 'This company no longer exists.');
  if (principal.kind === 'tenant_user') {
    const scopes = scopesFor({ role: principal.role });
    return { via: 'session', id: principal.id, tenantId, mode: 'live', scopes, planTier: tenant.plan_tier, actor: { type: 'tenant_user', id: principal.id }, supportSessionId: null, role: principal.role };
  }
  const support = principal.support!;
  auditSupportSessionRequest(req, res, principal, logger);
  return {
    via: 'support_session',
    id: principal.id,
    tenantId,
    mode: 'live',
    scopes: scopesFor({ support }),
    planTier: tenant.plan_tier,
    actor: { type: 'operator', id: principal.id },
    supportSessionId: support.id,
    role: null,
  };
}

/** Requests that only read: in a support session they are counted, not written one by one. */
const READS = new Set(['GET', 'HEAD']);
/** Paths a session keeps apart; past that many, further paths are counted together under OTHER_PAGES. */
const MAX_PATHS = 200;
const OTHER_PAGES = 'other';

/**
 * Puts a request made in an operator's support session, once answered, in the tenant's
 * audit log. What the operator read is counted by path on the session (`pages_viewed`),
 * and listed on the line that closes it (db/support-sessions.ts), so a morning of browsing
 * is one line. Each change asked for is a line of its own, with the operator, the session,
 * what was asked and how it was answered, unless its route wrote its own line for this
 * request (a settings change, an invitation), which names the session already.
 */
export function auditSupportSessionRequest(req: Request, res: Response, operator: OperatorPrincipal, logger: Logger): void {
  const support = operator.support;
  if (!support) return;
  res.on('finish', () => {
    const path = req.originalUrl.split('?')[0]!;
    const written = READS.has(req.method)
      ? res.statusCode < 400 && countPageView(support.id, support.tenantId, path)
      : auditChange(req, res.statusCode, path, operator, support);
    if (written) written.catch((error: unknown) => logger.error({ err: error, supportSessionId: support.id }, 'could not audit a support session request'));
  });
}

function countPageView(sessionId: string, tenantId: string, path: string): Promise<unknown> {
  return withTenant(tenantId, (trx) =>
    trx.raw(
      `update support_sessions s
          set pages_viewed = s.pages_viewed || jsonb_build_object(k.key, coalesce((s.pages_viewed ->> k.key)::int, 0) + 1)
         from (select case when pages_viewed -> ? is not null or (select count(*) from jsonb_object_keys(pages_viewed)) < ? then ? else ? end as key
                 from support_sessions where id = ?) k
        where s.id = ? and s.ended_at is null`,
      [path, MAX_PATHS, path, OTHER_PAGES, sessionId, sessionId],
    ),
  );
}

function auditChange(req: Request, status: number, path: string, operator: OperatorPrincipal, support: NonNullable<OperatorPrincipal['support']>): Promise<unknown> {
  const requestId = requestIdOf(req);
  return withTenant(support.tenantId, async () => {
    if (requestId && (await AuditEntry.query().where({ tenant_id: support.tenantId, request_id: requestId }).first())) return;
    await recordAudit({
      tenantId: support.tenantId,
      actor: { type: 'operator', id: operator.id, supportSessionId: support.id },
      action: 'support_session.request',
      requestId,
      details: { method: req.method, path, status, operator_email: operator.email },
    });
  });
}

/** Who the tenant API request acts for; the gate in front of every tenant API route has set it. */
export function callerOf(req: Request): TenantCaller {
  if (!req.tenantCaller) throw new Problem(401, 'Unauthorized', 'An API key is required (Authorization: Bearer kst_…).');
  return req.tenantCaller;
}

/** Lets the request through only if its caller may `scope`; otherwise a 403 naming the scope. */
export function requireScope(scope: ApiScope): RequestHandler {
  return (req, _res, next) => {
    const caller = callerOf(req);
    if (!caller.scopes.includes(scope)) {
      const detail =
        caller.via === 'api_key'
          ? `This API key lacks the ${scope} scope.`
          : caller.via === 'support_session'
            ? `This support session is read-only (${scope} needs write, which a super_admin grants).`
            : `Your role cannot do this (${scope}).`;
      throw new Problem(403, 'Forbidden', detail, { required_scope: scope });
    }
    next();
  };
}
