import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../../lib/config';
import { requestIdOf } from '../audit-actor';
import { tenantAdmin } from '../auth/authenticate';
import { AdminRouter, tenantParam } from '../auth/operator-access';
import { TenantUsers, describeUser, invitation, roleChange } from '../tenant-users';

const tenantParams = z.object({ id: z.uuid() });
const userParams = z.object({ id: z.uuid(), userId: z.uuid() });

/** A tenant's users, managed by operators and by the tenant's own owners. */
export function adminTenantUserRoutes(deps: { config: Config; temporal: Client }): AdminRouter {
  const users = new TenantUsers(deps.config, deps.temporal);
  return new AdminRouter()
    .endpoint(
      {
        method: 'get',
        path: '/tenants/:id/users',
        access: { permission: 'tenants:read', owners: true },
        summary: "A tenant's users (invited, active, disabled)",
        tags: ['admin', 'accounts'],
        params: tenantParams,
        responses: { 200: { description: 'The users, without password hashes' } },
      },
      async ({ params }, req, res) => {
        tenantAdmin(req, params.id);
        const rows = await users.list(params.id);
        res.setHeader('Content-Range', `users 0-${Math.max(0, rows.length - 1)}/${rows.length}`);
        res.json(rows.map(describeUser));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/tenants/:id/users',
        access: { permission: 'tenants:write', tenant: tenantParam, owners: true },
        summary: 'Invite a user to a tenant: an e-mail with a single-use link valid 7 days',
        tags: ['admin', 'accounts'],
        params: tenantParams,
        body: invitation,
        responses: { 201: { description: 'The invited user' }, 409: { description: 'The e-mail is a user of this tenant already' } },
      },
      async ({ params, body }, req, res) => {
        res.status(201).json(describeUser(await users.invite(params.id, body, tenantAdmin(req, params.id).actor, requestIdOf(req))));
      },
    )
    .endpoint(
      {
        method: 'patch',
        path: '/tenants/:id/users/:userId',
        access: { permission: 'tenants:write', tenant: tenantParam, owners: true },
        summary: "Change a user's role (a tenant keeps at least one owner)",
        tags: ['admin', 'accounts'],
        params: userParams,
        body: roleChange,
        responses: { 200: { description: 'The user' }, 409: { description: 'It would leave the tenant without an owner' } },
      },
      async ({ params, body }, req, res) => {
        res.json(describeUser(await users.changeRole(params.id, params.userId, body.role, tenantAdmin(req, params.id).actor)));
      },
    )
    .endpoint(
      {
        method: 'delete',
        path: '/tenants/:id/users/:userId',
        access: { permission: 'tenants:write', tenant: tenantParam, owners: true },
        summary: 'Disable a user: their sessions end at once',
        tags: ['admin', 'accounts'],
        params: userParams,
        responses: { 200: { description: 'The disabled user' } },
      },
      async ({ params }, req, res) => {
        res.json(describeUser(await users.disable(params.id, params.userId, tenantAdmin(req, params.id).actor)));
      },
    );
}
