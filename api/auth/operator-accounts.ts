import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { OperatorEmailRequest } from '../../activities/email/send';
import { recordAudit } from '../../db/audit';
import { AuthSession, OPERATOR_ROLES, OperatorUser, SupportSession } from '../../db/models';
import { closeSupportSession } from '../../db/support-sessions';
import { withOperatorAccess } from '../../db/tenant-context';
import {
  invitationRefusal,
  operatorChangeRefusal,
  operatorStatus,
  OPERATOR_CHANGE_REFUSALS,
  type OperatorChange,
  type OperatorChangeRefusal,
  type OperatorFacts,
} from '../../domain/operator-changes';
import { accountToken, accountTokenHash } from '../../lib/account-tokens';
import { apiKeyHmacSecret } from '../../lib/api-key-secret';
import { durationMs, type Config } from '../../lib/config';
import { INVITE_VALID_MS } from '../../lib/invites';
import { hashPassword, PASSWORD_RULES } from '../../lib/passwords';
import { emailWorkflowId, sendEmailWorkflow } from '../../workflows/send-email';
import { Problem } from '../http/problem';
import { reachingTemporal } from '../http/temporal-errors';

const role = z.enum(OPERATOR_ROLES, { message: `expected one of ${OPERATOR_ROLES.join(', ')}` });

/** A new operator: invited by e-mail, or (for scripts and the first operator's peers) given a first password. */
export const newOperator = z.object({
  email: z.email('expected an e-mail address').max(320),
  name: z.string().trim().min(1, 'a name is required').max(200),
  role,
  password: z
    .string()
    .min(PASSWORD_RULES.minLength, `expected at least ${PASSWORD_RULES.minLength} characters`)
    .max(PASSWORD_RULES.maxLength)
    .optional()
    .describe('Without it, the operator is invited: an e-mail with a single-use link, valid 7 days, to choose their password'),
});

export const operatorChange = z
  .object({
    role: role.optional(),
    disabled: z.boolean({ message: 'expected true or false' }).optional(),
  })
  .refine((change) => change.role !== undefined || change.disabled !== undefined, { message: 'give a role, or disabled (true or false)', path: ['role'] });

export const facts = (o: OperatorUser): OperatorFacts => ({ id: o.id, role: o.role, disabled: !!o.disabled_at, hasPassword: !!o.password_hash });

export const describeOperator = (o: OperatorUser) => ({
  id: o.id,
  email: o.email,
  name: o.name,
  role: o.role,
  status: operatorStatus(facts(o)),
  /** Whether they have chosen a password: a disabled operator who never did can be invited again once enabled. */
  password_set: !!o.password_hash,
  invited_at: o.invited_at ? new Date(o.invited_at).toISOString() : null,
  invite_expires_at: o.invite_expires_at && !o.password_hash ? new Date(o.invite_expires_at).toISOString() : null,
  last_login_at: o.last_login_at ? new Date(o.last_login_at).toISOString() : null,
  disabled_at: o.disabled_at ? new Date(o.disabled_at).toISOString() : null,
  created_at: new Date(o.created_at).toISOString(),
});

/** Who acts on operators' accounts: an operator (a super_admin), or Kestrel itself for a reset asked for by e-mail address. */
type StaffActor = { type: 'operator' | 'system'; id: string; supportSessionId?: string | null };

const refused = (refusal: OperatorChangeRefusal) => Problem.conflict(OPERATOR_CHANGE_REFUSALS[refusal], { type: `/docs#operator-${refusal.replace(/_/g, '-')}` });

/**
 * Kestrel's operators as super_admins manage them and as they get in: an invitation by
 * e-mail (a single-use link, 7 days) or a first password; a role changed, an account
 * disabled (every session and support session ends at once) or enabled; a reset link. The
 * rule of who may change whom is domain/operator-changes.ts. Every change is audited.
 */
export class OperatorAccounts {
  constructor(
    private readonly config: Config,
    private readonly temporal: Client,
  ) {}

  list(actor: StaffActor): Promise<OperatorUser[]> {
    return withOperatorAccess(actor, () => OperatorUser.query().orderBy('created_at'));
  }

  async create(body: z.output<typeof newOperator>, actor: StaffActor, requestId: string | null): Promise<OperatorUser> {
    const passwordHash = body.password === undefined ? null : await hashPassword(body.password);
    const expiresAt = new Date(Date.now() + INVITE_VALID_MS);
    const created = await withOperatorAccess(actor, async () => {
      const taken = await OperatorUser.query().whereRaw('lower(email) = lower(?)', [body.email]).first();
      if (taken) throw Problem.conflict('An operator with this e-mail exists already.', { errors: { email: 'already has an account' } });
      const operator = await OperatorUser.query().insertAndFetch({
        email: body.email,
        name: body.name,
        role: body.role,
        password_hash: passwordHash,
        ...(passwordHash ? {} : { invited_at: new Date(), invited_by: `${actor.type}:${actor.id}`, invite_expires_at: expiresAt }),
      });
      const invited = passwordHash
        ? operator
        : await OperatorUser.query().patchAndFetchById(operator.id, { invite_token_hash: this.linkHash('invite', operator.id, expiresAt) });
      await recordAudit({
        tenantId: null,
        actor,
        action: passwordHash ? 'operator.created' : 'operator.invited',
        target: { type: 'operator', id: operator.id },
        requestId,
        details: { email: operator.email, role: operator.role },
      });
      return invited;
    });
    if (!passwordHash) await this.email('operator_invite', created.id, expiresAt, 'the operator was added, but the invitation was not sent (send it again from the Operators page)');
    return created;
  }

  /** A fresh invitation link by e-mail, which voids the one before; only for an enabled operator without a password. */
  async resendInvitation(operatorId: string, actor: StaffActor, requestId: string | null): Promise<OperatorUser> {
    const found = await withOperatorAccess(actor, () => OperatorUser.query().findById(operatorId));
    if (!found) throw Problem.notFound(`No operator ${operatorId}`);
    const refusal = invitationRefusal(facts(found));
    if (refusal) throw refused(refusal);
    const renewed = await this.renewInvitation(found, actor, requestId, 'operator_invite');
    // They chose a password, or were disabled, in between.
    if (!renewed) throw Problem.conflict('Their account changed meanwhile: reload the page to see where it stands.');
    return renewed;
  }

  /**
   * A new 7-day invitation link for an operator who has no password yet: sent as the
   * invitation again (a super_admin asked) or as a set-password link (they asked, with
   * "Forgot your password?"). Undefined, and nothing sent, when they have a password or
   * are disabled by now.
   */
  async renewInvitation(
    operator: OperatorUser,
    actor: StaffActor,
    requestId: string | null,
    template: 'operator_invite' | 'operator_set_password',
  ): Promise<OperatorUser | undefined> {
    const expiresAt = new Date(Date.now() + INVITE_VALID_MS);
    const renewed = await withOperatorAccess(actor, async () => {
      const [patched] = await OperatorUser.query()
        .where({ id: operator.id })
        .whereNull('password_hash')
        .whereNull('disabled_at')
        .patch({ invite_expires_at: expiresAt, invite_token_hash: this.linkHash('invite', operator.id, expiresAt) })
        .returning('*');
      if (patched) {
        await recordAudit({ tenantId: null, actor, action: 'operator.invitation_renewed', target: { type: 'operator', id: operator.id }, requestId, details: { email: operator.email } });
      }
      return patched;
    });
    if (renewed) await this.email(template, operator.id, expiresAt, 'the new link was made, but its e-mail was not sent; try again');
    return renewed;
  }

  /** A password-reset link (PASSWORD_RESET_TTL, once) for an operator who has a password; it replaces any link before it. */
  async startPasswordReset(operator: OperatorUser, actor: StaffActor, requestId: string | null): Promise<void> {
    const expiresAt = new Date(Date.now() + durationMs(this.config.PASSWORD_RESET_TTL));
    const started = await withOperatorAccess(actor, async () => {
      const patched = await OperatorUser.query()
        .findById(operator.id)
        .whereNotNull('password_hash')
        .whereNull('disabled_at')
        .patch({ password_reset_expires_at: expiresAt, password_reset_hash: this.linkHash('password_reset', operator.id, expiresAt) });
      if (patched) await recordAudit({ tenantId: null, actor, action: 'operator.password_reset_requested', target: { type: 'operator', id: operator.id }, requestId });
      return patched > 0;
    });
    if (started) await this.email('operator_password_reset', operator.id, expiresAt, 'no reset link was sent');
  }

  /**
   * Changes an operator's role, disables or enables them, as `actor` (a super_admin) asks.
   * Refused (409) by the rule of domain/operator-changes.ts. Every enabled super_admin's row
   * is locked first, so that two super_admins demoting each other at once cannot leave none.
   * Disabling ends every session and any open support session of the operator at once, and
   * withdraws their open links.
   */
  async change(operatorId: string, body: z.output<typeof operatorChange>, actor: StaffActor & { email: string }, requestId: string | null): Promise<OperatorUser> {
    return withOperatorAccess(actor, async () => {
      const superAdmins = await OperatorUser.query().where('role', 'super_admin').whereNull('disabled_at').orderBy('id').forUpdate();
      const operator = await OperatorUser.query().findById(operatorId).forUpdate();
      if (!operator) throw Problem.notFound(`No operator ${operatorId}`);
      // The role may have been taken away since this request's session was checked.
      if (!superAdmins.some((admin) => admin.id === actor.id)) throw new Problem(403, 'Forbidden', 'Only an enabled super admin manages operators.');

      const changes: OperatorChange[] = [
        ...(body.role !== undefined ? [{ kind: 'role' as const, role: body.role }] : []),
        ...(body.disabled === true ? [{ kind: 'disable' as const }] : body.disabled === false ? [{ kind: 'enable' as const }] : []),
      ];
      const enabledSuperAdmins = superAdmins.map((admin) => admin.id);
      for (const change of changes) {
        const refusal = operatorChangeRefusal(actor.id, facts(operator), change, enabledSuperAdmins);
        if (refusal) throw refused(refusal);
      }
      // Promoted and disabled at once leaves no more super_admins than disabled alone, which the loop checked.
      const roleChanges = body.role !== undefined && body.role !== operator.role;
      const disabling = body.disabled === true && !operator.disabled_at;
      const enabling = body.disabled === false && !!operator.disabled_at;
      if (!roleChanges && !disabling && !enabling) return operator;

      const updated = await OperatorUser.query().patchAndFetchById(operator.id, {
        ...(roleChanges ? { role: body.role } : {}),
        ...(disabling ? { disabled_at: new Date(), invite_token_hash: null, password_reset_hash: null, password_reset_expires_at: null } : {}),
        ...(enabling ? { disabled_at: null } : {}),
      });
      const target = { type: 'operator', id: operator.id };
      if (roleChanges) {
        await recordAudit({ tenantId: null, actor, action: 'operator.role_changed', target, requestId, details: { email: operator.email, before: { role: operator.role }, after: { role: updated.role } } });
      }
      if (disabling) {
        const sessionsEnded = await AuthSession.query().where({ subject_type: 'operator', subject_id: operator.id }).whereNull('revoked_at').patch({ revoked_at: new Date() });
        const supportSessions = await SupportSession.query().where({ operator_id: operator.id }).whereNull('ended_at').where('expires_at', '>', new Date());
        for (const session of supportSessions) await closeSupportSession(session.id, { how: 'ended', by: { id: actor.id, email: actor.email } });
        await recordAudit({
          tenantId: null,
          actor,
          action: 'operator.disabled',
          target,
          requestId,
          details: { email: operator.email, sessions_ended: sessionsEnded, support_sessions_ended: supportSessions.length },
        });
      }
      if (enabling) await recordAudit({ tenantId: null, actor, action: 'operator.enabled', target, requestId, details: { email: operator.email } });
      return updated;
    });
  }

  private linkHash(purpose: 'invite' | 'password_reset', operatorId: string, expiresAt: Date): string {
    // Only the hash is kept; the e-mail activity derives the token again for the link.
    return accountTokenHash(accountToken(apiKeyHmacSecret(this.config), purpose, operatorId, expiresAt));
  }

  /** A link e-mail to one operator, once per link (its expiry is in the key). */
  private async email(template: OperatorEmailRequest['template'], operatorId: string, expiresAt: Date, notDone: string): Promise<void> {
    const key = `operator.${template}.${operatorId}.${expiresAt.getTime()}`;
    const request: OperatorEmailRequest = { key, template, audience: 'operator', operatorId };
    await reachingTemporal(
      this.temporal.workflow.start(sendEmailWorkflow, { workflowId: emailWorkflowId(key), taskQueue: this.config.TEMPORAL_TASK_QUEUE, args: [request] }),
      notDone,
    );
  }
}
