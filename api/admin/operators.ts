import { z } from 'zod';
import { recordAudit } from '../../db/audit';
import { AuthSession, OPERATOR_ROLES, OperatorUser, SupportSession } from '../../db/models';
import { closeSupportSession } from '../../db/support-sessions';
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

const operatorParams = z.object({ id: z.uuid() });

const operatorChange = z
  .object({
    role: z.enum(OPERATOR_ROLES, { message: `expected one of ${OPERATOR_ROLES.join(', ')}` }).optional(),
    disabled: z.boolean({ message: 'expected true or false' }).optional(),
  })
  .refine((change) => change.role !== undefined || change.disabled !== undefined, { message: 'give a role, or disabled (true or false)', path: ['role'] });

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
    )
    .endpoint(
      {
        method: 'patch',
        path: '/operators/:id',
        access: { permission: 'operators:manage' },
        summary:
          "Change an operator's role, or disable or enable them (super_admin only). Disabling signs them out everywhere and ends their support session. Kestrel keeps one enabled super_admin; nobody disables or demotes themselves",
        params: operatorParams,
        body: operatorChange,
        responses: {
          200: { description: 'The operator' },
          404: { description: 'No such operator' },
          409: { description: 'It would leave Kestrel without an enabled super_admin, or the operator is the one asking' },
        },
      },
      async ({ params, body }, req, res) => {
        const actor = operatorActor(req);
        const by = { id: actor.id, email: req.principal!.email };
        const changed = await withOperatorAccess(actor, async () => {
          // Every enabled super_admin's row is locked, so that two super_admins demoting each other at once cannot leave none.
          const superAdmins = await OperatorUser.query().where('role', 'super_admin').whereNull('disabled_at').orderBy('id').forUpdate();
          const operator = await OperatorUser.query().findById(params.id).forUpdate();
          if (!operator) throw Problem.notFound(`No operator ${params.id}`);
          if (!superAdmins.some((admin) => admin.id === actor.id)) throw new Problem(403, 'Forbidden', 'Only an enabled super_admin manages operators.');

          const roleChanges = body.role !== undefined && body.role !== operator.role;
          const disabling = body.disabled === true && !operator.disabled_at;
          const enabling = body.disabled === false && !!operator.disabled_at;
          const stopsBeingSuperAdmin = operator.role === 'super_admin' && !operator.disabled_at && (disabling || (roleChanges && body.role !== 'super_admin'));
          if (stopsBeingSuperAdmin && superAdmins.every((admin) => admin.id === operator.id)) {
            throw Problem.conflict('Kestrel keeps at least one enabled super_admin: make someone else super_admin first.');
          }
          if (operator.id === actor.id && (disabling || stopsBeingSuperAdmin)) {
            throw Problem.conflict('You cannot disable or demote yourself: another super_admin can.');
          }
          if (!roleChanges && !disabling && !enabling) return operator;

          const updated = await OperatorUser.query().patchAndFetchById(operator.id, {
            ...(roleChanges ? { role: body.role } : {}),
            ...(disabling ? { disabled_at: new Date() } : {}),
            ...(enabling ? { disabled_at: null } : {}),
          });
          const target = { type: 'operator', id: operator.id };
          if (roleChanges) {
            await recordAudit({
              tenantId: null,
              actor,
              action: 'operator.role_changed',
              target,
              details: { email: operator.email, before: { role: operator.role }, after: { role: updated.role } },
            });
          }
          if (disabling) {
            const sessionsEnded = await AuthSession.query().where({ subject_type: 'operator', subject_id: operator.id }).whereNull('revoked_at').patch({ revoked_at: new Date() });
            const supportSessions = await SupportSession.query().where({ operator_id: operator.id }).whereNull('ended_at').where('expires_at', '>', new Date());
            for (const session of supportSessions) await closeSupportSession(session.id, { how: 'ended', by });
            await recordAudit({
              tenantId: null,
              actor,
              action: 'operator.disabled',
              target,
              details: { email: operator.email, sessions_ended: sessionsEnded, support_sessions_ended: supportSessions.length },
            });
          }
          if (enabling) await recordAudit({ tenantId: null, actor, action: 'operator.enabled', target, details: { email: operator.email } });
          return updated;
        });
        res.json(describe(changed));
      },
    );
}
