import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { AuditEntry, TENANT_ROLES, TenantUser } from '../db/models';
import { withTenant } from '../db/tenant-context';
import { apiKeyHmacSecret } from '../lib/api-key-secret';
import type { Config } from '../lib/config';
import { INVITE_VALID_MS, inviteToken, inviteTokenHash } from '../lib/invites';
import { emailWorkflowId, sendEmailWorkflow } from '../workflows/send-email';
import { actorColumns, type AuditActor } from './audit-actor';
import { Problem } from './problem';

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

  async invite(tenantId: string, body: z.output<typeof invitation>, actor: AuditActor): Promise<TenantUser> {
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
      await this.audit(tenantId, actor, 'user.invited', created.id, { email: created.email, role: created.role });
      return created;
    });
    const key = `${tenantId}.user_invite.${user.id}.${expiresAt.getTime()}`;
    await this.temporal.workflow.start(sendEmailWorkflow, {
      workflowId: emailWorkflowId(key),
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      args: [{ key, tenantId, template: 'user_invite', audience: 'user', userId: user.id }],
    });
    return user;
  }

  async changeRole(tenantId: string, userId: string, role: z.output<typeof roleChange>['role'], actor: AuditActor): Promise<TenantUser> {
    return withTenant(tenantId, async () => {
      const user = await this.find(userId);
      if (user.role === role) return user;
      if (user.role === 'owner') await this.keepAnOwner(userId);
      const changed = await TenantUser.query().patchAndFetchById(userId, { role });
      await this.audit(tenantId, actor, 'user.role_changed', userId, { before: { role: user.role }, after: { role } });
      return changed;
    });
  }

  async disable(tenantId: string, userId: string, actor: AuditActor): Promise<TenantUser> {
    return withTenant(tenantId, async () => {
      const user = await this.find(userId);
      if (user.disabled_at) return user;
      if (user.role === 'owner') await this.keepAnOwner(userId);
      const disabled = await TenantUser.query().patchAndFetchById(userId, { disabled_at: new Date(), invite_token_hash: null, invite_expires_at: null });
      // A disabled user's sessions end with it.
      await TenantUser.knex()('auth_sessions').where({ subject_type: 'tenant_user', subject_id: userId }).whereNull('revoked_at').update({ revoked_at: new Date() });
      await this.audit(tenantId, actor, 'user.disabled', userId, { email: user.email });
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

  private async audit(tenantId: string, actor: AuditActor, action: string, userId: string, details: Record<string, unknown>): Promise<void> {
    await AuditEntry.query().insert({
      tenant_id: tenantId,
      ...actorColumns(actor),
      action,
      target_type: 'tenant_user',
      target_id: userId,
      details,
    });
  }
}
