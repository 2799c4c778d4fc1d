import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../../lib/config';
import { requestIdOf } from '../http/audit-actor';
import { tenantAdmin } from '../auth/authenticate';
import { AdminRouter, tenantAccounts } from '../auth/operator-access';
import { TenantUsers, describeUser, invitation, roleChange } from '../tenant-users';
import { sendAll } from './list-query';

const tenantParams = z.object({ id: z.uuid() });
const userParams = z.object({ id: z.uuid(), userId: z.uuid() });

/** A tenant's users, managed by operators and by the tenant's own owners. */
export function adminTenantUserRoutes(deps: { config: Config; temporal: Client }): AdminRouter {
  const users = new TenantUsers(deps.config, deps.temporal);
  return new AdminRouter({ tags: ['admin', 'accounts'] })
    .endpoint(
      {
        method: 'get',
        path: '/tenants/:id/users',
        access: tenantAccounts.read,
        summary: "A tenant's users (invited, active, disabled)",
        params: tenantParams,
        responses: { 200: { description: 'The users, without password hashes' } },
      },
      async ({ params }, req, res) => {
        tenantAdmin(req, params.id);
        const rows = await users.list(params.id);
        sendAll(res, 'users', rows.map(describeUser));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/tenants/:id/users',
        access: tenantAccounts.change(),
        summary: 'Invite a user to a tenant: an e-mail with a single-use link valid 7 days',
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
        access: tenantAccounts.change(),
        summary: "Change a user's role (a tenant keeps at least one owner)",
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
        access: tenantAccounts.change(),
        summary: 'Disable a user: their sessions end at once',
        params: userParams,
        responses: { 200: { description: 'The disabled user' } },
      },
      async ({ params }, req, res) => {
        res.json(describeUser(await users.disable(params.id, params.userId, tenantAdmin(req, params.id).actor)));
      },
    );
}
