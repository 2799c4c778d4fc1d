import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { recordAudit } from '../db/audit';
import { TENANT_ROLES, TenantUser } from '../db/models';
import { withTenant } from '../db/tenant-context';
import { apiKeyHmacSecret } from '../lib/api-key-secret';
import { accountToken, accountTokenHash } from '../lib/account-tokens';
import { durationMs, type Config } from '../lib/config';
import { INVITE_VALID_MS, inviteToken, inviteTokenHash } from '../lib/invites';
import { maskPhone } from '../lib/one-time-codes';
import type { EmailRequest } from '../activities/email/send';
import { emailWorkflowId, sendEmailWorkflow } from '../workflows/send-email';
import type { AuditActor } from './http/audit-actor';
import { Problem } from './http/problem';

export const invitation = z.object({
  email: z.email('expected an e-mail address').max(320),
  name: z.string().trim().max(200).optional(),
  role: z.enum(TENANT_ROLES, { message: `expected one of ${TENANT_ROLES.join(', ')}` }),
});
export const roleChange = z.object({ role: z.enum(TENANT_ROLES, { message: `expected one of ${TENANT_ROLES.join(', ')}` }) });

export const describeUser = (u: TenantUser) => ({
  id: u.id,
  tenant_id: u.tenant_id,
  email: u.email,
  name: u.name,
  role: u.role,
  status: u.disabled_at ? 'disabled' : u.accepted_at ? 'active' : 'invited',
  invited_at: u.invited_at ? new Date(u.invited_at).toISOString() : null,
  accepted_at: u.accepted_at ? new Date(u.accepted_at).toISOString() : null,
  last_login_at: u.last_login_at ? new Date(u.last_login_at).toISOString() : null,
  email_verified: !!u.email_verified_at,
  phone: u.phone ? maskPhone(u.phone) : null,
  phone_verified: !!u.phone_verified_at,
  two_step: u.two_step_enabled,
});

/**
 * A tenant's users, as operators and the tenant's owners manage them: an invitation by
 * e-mail (a single-use link that expires), role changes, and disabling. Every change is
 * in the tenant's audit log. The one owner a tenant must keep cannot be demoted or disabled.
 */
export class TenantUsers {
  constructor(
    private readonly config: Config,
    private readonly temporal: Client,
  ) {}

  list(tenantId: string): Promise<TenantUser[]> {
    return withTenant(tenantId, () => TenantUser.query().orderBy('created_at'));
  }

  async invite(tenantId: string, body: z.output<typeof invitation>, actor: AuditActor, requestId: string | null = null): Promise<TenantUser> {
    const expiresAt = new Date(Date.now() + INVITE_VALID_MS);
    const user = await withTenant(tenantId, async () => {
      const existing = await TenantUser.query().whereRaw('lower(email) = lower(?)', [body.email]).first();
      if (existing) throw Problem.conflict('This e-mail is a user of this company already.', { errors: { email: 'is a user of this company already' } });
      const created = await TenantUser.query().insertAndFetch({
        tenant_id: tenantId,
        email: body.email,
        name: body.name ?? null,
        role: body.role,
        invited_at: new Date(),
        invited_by: `${actor.type}:${actor.id}`,
        invite_expires_at: expiresAt,
      });
      // Only the hash is kept; the e-mail activity derives the token again for the link.
      await TenantUser.query()
        .findById(created.id)
        .patch({ invite_token_hash: inviteTokenHash(inviteToken(apiKeyHmacSecret(this.config), created.id, expiresAt)) });
      await recordAudit({
        tenantId,
        actor,
        action: 'user.invited',
        target: { type: 'tenant_user', id: created.id },
        requestId,
        details: { email: created.email, role: created.role },
      });
      return created;
    });
    await this.email(tenantId, 'user_invite', user.id, expiresAt);
    return user;
  }

  /**
   * A fresh set-password link for a person who has none yet (a new owner whose welcome
   * link expired or got lost, an invitee): a new 7-day invitation, which voids the one before.
   */
  async renewInvitation(user: TenantUser, actor: AuditActor, requestId: string | null): Promise<void> {
    const expiresAt = new Date(Date.now() + INVITE_VALID_MS);
    const renewed = await withTenant(user.tenant_id, async () => {
      const patched = await TenantUser.query()
        .findById(user.id)
        .whereNull('password_hash')
        .whereNull('disabled_at')
        .patch({ invite_expires_at: expiresAt, invite_token_hash: inviteTokenHash(inviteToken(apiKeyHmacSecret(this.config), user.id, expiresAt)) });
      if (patched) await recordAudit({ tenantId: user.tenant_id, actor, action: 'user.invitation_renewed', target: { type: 'tenant_user', id: user.id }, requestId });
      return patched > 0;
    });
    if (renewed) await this.email(user.tenant_id, 'set_password', user.id, expiresAt);
  }

  /** A password-reset link (PASSWORD_RESET_TTL, once) for a person who has a password; it replaces any link before it. */
  async startPasswordReset(user: TenantUser, actor: AuditActor, requestId: string | null): Promise<void> {
    const expiresAt = new Date(Date.now() + durationMs(this.config.PASSWORD_RESET_TTL));
    const started = await withTenant(user.tenant_id, async () => {
      const patched = await TenantUser.query()
        .findById(user.id)
        .whereNotNull('password_hash')
        .whereNull('disabled_at')
        .patch({
          password_reset_expires_at: expiresAt,
          password_reset_hash: accountTokenHash(accountToken(apiKeyHmacSecret(this.config), 'password_reset', user.id, expiresAt)),
        });
      if (patched) await recordAudit({ tenantId: user.tenant_id, actor, action: 'user.password_reset_requested', target: { type: 'tenant_user', id: user.id }, requestId });
      return patched > 0;
    });
    if (started) await this.email(user.tenant_id, 'password_reset', user.id, expiresAt);
  }

  /** A link e-mail to one user, once per link (its expiry is in the key). */
  private async email(tenantId: string, template: EmailRequest['template'], userId: string, expiresAt: Date): Promise<void> {
    const key = `${tenantId}.${template}.${userId}.${expiresAt.getTime()}`;
    await this.temporal.workflow.start(sendEmailWorkflow, {
      workflowId: emailWorkflowId(key),
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      args: [{ key, tenantId, template, audience: 'user', userId }],
    });
  }

  async changeRole(tenantId: string, userId: string, role: z.output<typeof roleChange>['role'], actor: AuditActor): Promise<TenantUser> {
    return withTenant(tenantId, async () => {
      const user = await this.find(userId);
      if (user.role === role) return user;
      if (user.role === 'owner') await this.keepAnOwner(userId);
      const changed = await TenantUser.query().patchAndFetchById(userId, { role });
      await recordAudit({
        tenantId,
        actor,
        action: 'user.role_changed',
        target: { type: 'tenant_user', id: userId },
        details: { before: { role: user.role }, after: { role } },
      });
      return changed;
    });
  }

  async disable(tenantId: string, userId: string, actor: AuditActor): Promise<TenantUser> {
    return withTenant(tenantId, async () => {
      const user = await this.find(userId);
      if (user.disabled_at) return user;
      if (user.role === 'owner') await this.keepAnOwner(userId);
      const disabled = await TenantUser.query().patchAndFetchById(userId, {
        disabled_at: new Date(),
        invite_token_hash: null,
        invite_expires_at: null,
        password_reset_hash: null,
        password_reset_expires_at: null,
      });
      // A disabled user's sessions end with it.
      await TenantUser.knex()('auth_sessions').where({ subject_type: 'tenant_user', subject_id: userId }).whereNull('revoked_at').update({ revoked_at: new Date() });
      await recordAudit({ tenantId, actor, action: 'user.disabled', target: { type: 'tenant_user', id: userId }, details: { email: user.email } });
      return disabled;
    });
  }

  private async find(userId: string): Promise<TenantUser> {
    const user = await TenantUser.query().findById(userId);
    if (!user) throw Problem.notFound(`No user ${userId}`);
    return user;
  }

  private async keepAnOwner(leaving: string): Promise<void> {
    const others = await TenantUser.query().where('role', 'owner').whereNull('disabled_at').whereNot('id', leaving).resultSize();
    if (others === 0) throw Problem.conflict('A company keeps at least one owner: make someone else owner first.');
  }
}
