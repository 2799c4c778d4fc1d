import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { Config } from '../../lib/config';
import { operatorActor } from '../auth/authenticate';
import { OperatorAccounts, describeOperator, newOperator, operatorChange } from '../auth/operator-accounts';
import { AdminRouter } from '../auth/operator-access';
import { requestIdOf } from '../http/audit-actor';
import { sendAll } from './list-query';

const operatorParams = z.object({ id: z.uuid() });

/** Kestrel's staff accounts, managed by super_admins (who are the only ones to see this). */
export function adminOperatorRoutes(deps: { config: Config; temporal: Client }): AdminRouter {
  const operators = new OperatorAccounts(deps.config, deps.temporal);
  return new AdminRouter({ tags: ['admin', 'accounts'] })
    .endpoint(
      {
        method: 'get',
        path: '/operators',
        access: { permission: 'operators:manage' },
        summary: 'List operators (super_admin only), each with its status: invited (no password chosen yet), active or disabled',
        responses: { 200: { description: 'Operators, without password hashes' } },
      },
      async (_input, req, res) => {
        const rows = await operators.list(operatorActor(req));
        sendAll(res, 'operators', rows.map(describeOperator));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/operators',
        access: { permission: 'operators:manage' },
        summary:
          'Add an operator (super_admin only). Without a password they are invited: an e-mail with a single-use link, valid 7 days, to choose their password and sign in. With one, they sign in with it and should change it',
        body: newOperator,
        responses: {
          201: { description: 'The operator' },
          409: { description: 'The e-mail has an account already' },
          503: { description: 'Temporal is unreachable: the operator was added, but the invitation was not sent' },
        },
      },
      async ({ body }, req, res) => {
        res.status(201).json(describeOperator(await operators.create(body, operatorActor(req), requestIdOf(req))));
      },
    )
    .endpoint(
      {
        method: 'patch',
        path: '/operators/:id',
        access: { permission: 'operators:manage' },
        summary:
          "Change an operator's role, or disable or enable them (super_admin only). Disabling signs them out everywhere at once and ends their support session. Kestrel keeps one enabled super_admin, and nobody demotes or disables themselves (409)",
        params: operatorParams,
        body: operatorChange,
        responses: {
          200: { description: 'The operator' },
          404: { description: 'No such operator' },
          409: {
            description:
              'Refused: it would leave Kestrel without an enabled super_admin (`/docs#operator-last-super-admin`), or the operator is the one asking (`/docs#operator-yourself`)',
          },
        },
      },
      async ({ params, body }, req, res) => {
        const actor = { ...operatorActor(req), email: req.principal!.email };
        res.json(describeOperator(await operators.change(params.id, body, actor, requestIdOf(req))));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/operators/:id/invitation',
        access: { permission: 'operators:manage' },
        summary: "Send an invited operator's invitation again (super_admin only): a fresh link, valid 7 days; the link before it stops working",
        params: operatorParams,
        body: z.object({}),
        responses: {
          200: { description: 'The operator, with the new invitation\'s expiry' },
          404: { description: 'No such operator' },
          409: { description: 'They have chosen a password already (`/docs#operator-not-invited`), or are disabled (`/docs#operator-disabled-invitee`)' },
          503: { description: 'Temporal is unreachable: the e-mail was not sent' },
        },
      },
      async ({ params }, req, res) => {
        res.json(describeOperator(await operators.resendInvitation(params.id, operatorActor(req), requestIdOf(req))));
      },
    );
}
