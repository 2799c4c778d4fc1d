import { z } from 'zod';
import { recordAudit } from '../../db/audit';
import { OPERATOR_ROLES, OperatorUser } from '../../db/models';
import { withOperatorAccess } from '../../db/tenant-context';
import { hashPassword, PASSWORD_RULES } from '../../lib/passwords';
import { operatorActor } from '../auth/authenticate';
import { AdminRouter } from '../auth/operator-access';
import { Problem } from '../http/problem';
import { sendAll } from './list-query';

const newOperator = z.object({
  email: z.email('expected an e-mail address').max(320),
  name: z.string().trim().min(1, 'a name is required').max(200),
  role: z.enum(OPERATOR_ROLES, { message: `expected one of ${OPERATOR_ROLES.join(', ')}` }),
  password: z.string().min(PASSWORD_RULES.minLength, `expected at least ${PASSWORD_RULES.minLength} characters`).max(PASSWORD_RULES.maxLength),
});

const describe = (o: OperatorUser) => ({
  id: o.id,
  email: o.email,
  name: o.name,
  role: o.role,
  last_login_at: o.last_login_at ? new Date(o.last_login_at).toISOString() : null,
  disabled_at: o.disabled_at ? new Date(o.disabled_at).toISOString() : null,
  created_at: new Date(o.created_at).toISOString(),
});

/** Kestrel's staff accounts, managed by super_admins (who are the only ones to see this). */
export function adminOperatorRoutes(): AdminRouter {
  return new AdminRouter({ tags: ['admin', 'accounts'] })
    .endpoint(
      {
        method: 'get',
        path: '/operators',
        access: { permission: 'operators:manage' },
        summary: 'List operators (super_admin only)',
        responses: { 200: { description: 'Operators, without password hashes' } },
      },
      async (_input, req, res) => {
        const rows = await withOperatorAccess(operatorActor(req), () => OperatorUser.query().orderBy('created_at'));
        sendAll(res, 'operators', rows.map(describe));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/operators',
        access: { permission: 'operators:manage' },
        summary: 'Create an operator (super_admin only); they sign in with the password given and should change it',
        body: newOperator,
        responses: { 201: { description: 'The operator' }, 409: { description: 'The e-mail has an account already' } },
      },
      async ({ body }, req, res) => {
        const actor = operatorActor(req);
        const passwordHash = await hashPassword(body.password);
        const created = await withOperatorAccess(actor, async () => {
          const taken = await OperatorUser.query().whereRaw('lower(email) = lower(?)', [body.email]).first();
          if (taken) throw Problem.conflict('An operator with this e-mail exists already.', { errors: { email: 'already has an account' } });
          const operator = await OperatorUser.query().insertAndFetch({ email: body.email, name: body.name, role: body.role, password_hash: passwordHash });
          await recordAudit({
            tenantId: null,
            actor,
            action: 'operator.created',
            target: { type: 'operator', id: operator.id },
            details: { email: operator.email, role: operator.role },
          });
          return operator;
        });
        res.status(201).json(describe(created));
      },
    );
}
