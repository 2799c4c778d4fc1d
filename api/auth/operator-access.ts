import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { withOperatorAccess } from '../../db/tenant-context';
import { isTenantPermission, operatorMay, OPERATOR_PERMISSIONS, type OperatorPermission, type TenantPermission } from '../../domain/operator-permissions';
import { ApiRouter, type EndpointSpec, type Input } from '../http/endpoint';
import { Problem } from '../http/problem';
import { auditSupportSessionRequest } from './api-key-auth';
import { isUuid } from '../../lib/uuid';

/** Which tenant a request acts on; null when its record names none (or does not exist). */
export type TenantOf = (req: Request) => string | null | Promise<string | null>;

/**
 * What an admin route needs: one permission of domain/operator-permissions.ts. A route
 * needing a permission a support session may lend says which tenant it acts on, since
 * the session lends it on its own tenant only. `owners`: a tenant's owners pass too, and
 * the route keeps them to their own company (`tenantAdmin`).
 */
export type Access =
  | { permission: Exclude<OperatorPermission, TenantPermission>; owners?: true }
  | { permission: TenantPermission; tenant: TenantOf; owners?: true };

const idParam = (req: Request): string | null => (typeof req.params.id === 'string' ? req.params.id : null);

/** The tenant is the route's `:id`. */
export const tenantParam: TenantOf = idParam;

/**
 * A tenant's accounts (its users, its API keys) are managed by operators and by the
 * tenant's own owners, whom `tenantAdmin` keeps to their own company. A change names the
 * tenant it acts on: the route's `:id` unless `tenant` says otherwise.
 */
export const tenantAccounts: { read: Access; change: (tenant?: TenantOf) => Access } = {
  read: { permission: 'tenants:read', owners: true },
  change: (tenant = tenantParam) => ({ permission: 'tenants:write', tenant, owners: true }),
};

const lookup = { type: 'system' as const, id: 'operator-access' };

/** The tenant of the record the route's `:id` names in `table` (read across tenants: the id is all the request says). */
export const tenantOfRecord =
  (table: 'api_keys' | 'appointments'): TenantOf =>
  async (req) => {
    const id = idParam(req);
    // The route answers a malformed id itself (404); it names no tenant.
    if (!isUuid(id)) return null;
    const row = await withOperatorAccess(lookup, (trx) => trx(table).where({ id }).first<{ tenant_id: string } | undefined>('tenant_id'));
    return row?.tenant_id ?? null;
  };

/** The OpenAPI security scheme the admin routes name, with their permission as its scope. */
export const OPERATOR_SESSION_SCHEME = {
  operatorSession: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'ksa_… (or the console session cookie)',
    description:
      "An operator's session (POST /api/auth/login). Each admin route lists the permission it needs; which role holds which is domain/operator-permissions.ts: " +
      Object.entries(OPERATOR_PERMISSIONS)
        .map(([name, what]) => `${name}: ${what}`)
        .join(' '),
  },
};

/** The document with the operator session scheme its admin routes name. */
export function withOperatorSessionScheme<D extends Record<string, unknown>>(document: D): D {
  const components = (document.components ?? {}) as { securitySchemes?: Record<string, unknown> };
  return { ...document, components: { ...components, securitySchemes: { ...components.securitySchemes, ...OPERATOR_SESSION_SCHEME } } };
}

/**
 * The one check in front of every admin route, before its input is read (so a refused
 * caller learns nothing of it). An operator passes if their role holds the permission,
 * or if it is a tenant permission and their open, write-granted support session is on
 * the tenant the route acts on; that change is then audited as made in the session. An
 * operator in a support session who asks to change its tenant is audited either way, as
 * on the tenant API.
 */
export function permit(access: Access): RequestHandler {
  return async (req, res, next) => {
    const principal = req.principal;
    if (principal?.kind === 'tenant_user') {
      if (access.owners) return next();
      throw new Problem(403, 'Forbidden', 'This is for Kestrel operators.');
    }
    if (principal?.kind !== 'operator') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="kestrel-admin"');
      throw new Problem(401, 'Unauthorized', 'Sign in as an operator (POST /api/auth/login) and send the session cookie or the bearer token.');
    }
    let decision = operatorMay(principal, access.permission);
    // The tenant is looked up only when a support session could be what decides.
    if (!decision.allowed && principal.support && 'tenant' in access && isTenantPermission(access.permission)) {
      const tenantId = await access.tenant(req);
      decision = operatorMay(principal, access.permission, tenantId);
      if (tenantId === principal.support.tenantId) auditSupportSessionRequest(req, res, principal, req.log);
    }
    if (!decision.allowed) throw new Problem(403, 'Forbidden', decision.reason, { required_permission: access.permission });
    if (decision.via === 'support_session') req.supportSessionWrite = decision.supportSessionId;
    next();
  };
}

type AdminSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = Omit<EndpointSpec<P, Q, B>, 'security'> & { access: Access };

/**
 * The admin API's routes (`/api/admin`): each declares the access it needs, checked by
 * `permit` in front of it and shown in the OpenAPI document as the scope of the
 * operator session scheme. A route cannot be declared without one.
 */
export class AdminRouter extends ApiRouter {
  /** `tags`: the groups its routes are listed under at /docs, unless a route says otherwise. */
  constructor(options: { tags?: string[] } = {}) {
    super('/api/admin', { tags: options.tags ?? ['admin'] });
  }

  override endpoint<P extends z.ZodType = z.ZodUnknown, Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown>(
    spec: AdminSpec<P, Q, B>,
    handler: (input: Input<P, Q, B>, req: Request, res: Response) => unknown,
  ): this {
    const { access, ...rest } = spec;
    this.router[spec.method](spec.path, permit(access));
    return super.endpoint(
      {
        ...rest,
        security: [{ operatorSession: [access.permission] }],
        responses: { 403: { description: `Refused: needs ${access.permission}${access.owners ? " (or the company's owner)" : ''}` }, ...rest.responses },
      },
      handler,
    );
  }
}
