import { ApplicationFailure } from '@temporalio/activity';
import type { Resend } from 'resend';
import { PLANS } from '../../domain/plans';
import { money } from '../../domain/billing';
import { Invoice, Notification, OperatorUser, Tenant, TenantUser } from '../../db/models';
import { withOperatorAccess, withTenant } from '../../db/tenant-context';
import type { Config } from '../../lib/config';
import { emailLinks, type EmailLinks } from './links';
import {
  renderEmail,
  renderOperatorEmail,
  type EmailTemplate,
  type HealthAlertFigures,
  type PaymentFacts,
  type OperatorEmailTemplate,
  type OperatorTemplateName,
  type RenderedEmail,
  type TemplateName,
  type TenantFacts,
} from './templates';

/**
 * What a workflow asks for: which email, about which tenant, under which idempotency
 * key. The activity reads names and addresses from the database, so they stay out of
 * workflow histories.
 */
export interface EmailRequest {
  key: string;
  tenantId: string;
  template: TemplateName;
  /**
   * Operators' mail (e.g. a new signup) goes to OPERATOR_EMAIL, customer success's (health
   * alerts) to CUSTOMER_SUCCESS_EMAIL; neither is the tenant's record. A user's goes to that user.
   */
  audience: 'owner' | 'operators' | 'customer_success' | 'user';
  /** The tenant user an invitation, a set-password or a reset link is for (audience `user`). */
  userId?: string;
  /** Figures the template needs beyond the tenant (trial activity, usage). */
  figures?: { calls?: number; appointments?: number; used?: number; limit?: number };
  /** The fall a health alert tells of. */
  health?: HealthAlertFigures;
  /** A payment e-mail: which reminder of how many (0: the failure itself). */
  billing?: { reminder: number; of: number };
  /** The `notifications` row this email sends again, when an operator re-sends one. */
  resendOf?: string;
}

/**
 * Mail to one of Kestrel's operators about their own account (an invitation, a reset
 * link): it concerns no tenant. The activity reads the operator's name and address.
 */
export interface OperatorEmailRequest {
  key: string;
  template: OperatorTemplateName;
  audience: 'operator';
  operatorId: string;
}

/** Mail to Kestrel's own staff (about a tenant, or their own account): kept out of any tenant's records. */
const isInternal = (request: EmailRequest | OperatorEmailRequest) =>
  request.audience === 'operators' || request.audience === 'customer_success' || request.audience === 'operator';

/** A person with no password yet whose invitation is still open: their link sets it. */
const pendingInvitation = (user: Pick<TenantUser, 'password_hash' | 'disabled_at' | 'invite_expires_at' | 'invite_token_hash'> | undefined) =>
  user && !user.password_hash && !user.disabled_at && user.invite_expires_at && user.invite_token_hash ? new Date(user.invite_expires_at) : undefined;

export function emailActivities(config: Config, resend: Resend) {
  const links = emailLinks(config);
  /** The notification row of a request, in the scope it belongs to. */
  const inScope = <T>(request: EmailRequest | OperatorEmailRequest, work: () => PromiseLike<T>) =>
    request.audience === 'operator' || isInternal(request) ? withOperatorAccess({ type: 'system', id: 'email' }, work) : withTenant(request.tenantId, work);

  return {
    /**
     * Sends one email at most once: recorded in `notifications` under its key before
     * sending, sent with the same key as Resend's idempotency key, marked sent after.
     * A provider failure is thrown so Temporal retries it.
     */
    async sendEmail(request: EmailRequest | OperatorEmailRequest): Promise<{ providerId: string }> {
      const { to, rendered } = request.audience === 'operator' ? await operatorMail(request, links) : await tenantMail(request);

      const sent = await inScope(request, async () => {
        await Notification.query()
          .insert({
            tenant_id: request.audience === 'operator' || isInternal(request) ? null : request.tenantId,
            channel: 'email',
            template: request.template,
            recipient: to,
            subject: rendered.subject,
            idempotency_key: request.key,
            status: 'pending',
            // What it was rendered from beyond the tenant, so that it can be sent again.
            payload:
              request.audience === 'operator'
                ? { operator_id: request.operatorId }
                : { figures: request.figures ?? {}, ...(request.userId ? { user_id: request.userId } : {}), ...(request.health ? { health: request.health } : {}), ...(request.billing ? { billing: request.billing } : {}) },
            resend_of: request.audience === 'operator' ? null : (request.resendOf ?? null),
          })
          .onConflict('idempotency_key')
          .ignore();
        return Notification.query().findOne({ idempotency_key: request.key });
      });
      if (sent?.status === 'sent' && sent.provider_id) return { providerId: sent.provider_id };

      const { data, error } = await resend.emails.send(
        { from: config.EMAIL_FROM, to, subject: rendered.subject, html: rendered.html, text: rendered.text },
        { idempotencyKey: request.key },
      );
      if (error || !data) {
        const message = error ? `${error.name}: ${error.message}` : 'no response';
        await inScope(request, () => Notification.query().where('idempotency_key', request.key).patch({ status: 'retrying', error: message }));
        // A request Resend refuses as invalid will not succeed by trying again.
        if (error && /validation|invalid|missing_required/i.test(error.name)) throw ApplicationFailure.nonRetryable(message, 'EmailRejected');
        throw ApplicationFailure.retryable(message, 'EmailFailed');
      }
      await inScope(request, () =>
        Notification.query().where('idempotency_key', request.key).patch({ status: 'sent', provider_id: data.id, error: null, sent_at: new Date() }),
      );
      return { providerId: data.id };
    },

    /** The last word on an email that could not be sent: failed, with the reason, for operators to see. */
    async markEmailFailed(p: { request: EmailRequest | OperatorEmailRequest; error: string }): Promise<void> {
      await inScope(p.request, () => Notification.query().where('idempotency_key', p.request.key).patch({ status: 'failed', error: p.error }));
    },
  };

  /** A tenant's email: to its owner, one of its people, or Kestrel's staff about it. */
  async function tenantMail(request: EmailRequest): Promise<{ to: string; rendered: RenderedEmail }> {
    const tenant = await withOperatorAccess({ type: 'system', id: 'email' }, () => Tenant.query().findById(request.tenantId));
    if (!tenant) throw ApplicationFailure.nonRetryable(`tenant ${request.tenantId} does not exist`, 'TenantNotFound');
    const user = request.userId
      ? await withTenant(request.tenantId, () => TenantUser.query().findById(request.userId!))
      : request.template === 'welcome'
        ? await withTenant(request.tenantId, () => ownerAccount(tenant))
        : undefined;
    if (request.audience === 'user' && !user) throw ApplicationFailure.nonRetryable(`user ${request.userId} does not exist`, 'UserNotFound');
    const payment = request.billing || request.template === 'billing_suspended' ? await paymentFacts(tenant) : undefined;
    const rendered = renderEmail(templateFor(request, tenant, links, user, payment));
    const to =
      request.audience === 'operators'
        ? config.OPERATOR_EMAIL
        : request.audience === 'customer_success'
          ? (config.CUSTOMER_SUCCESS_EMAIL ?? config.OPERATOR_EMAIL)
          : request.audience === 'user'
            ? user!.email
            : tenant.owner_email;
    return { to, rendered };
  }
}

/**
 * An operator's own email. Like a tenant user's, a link is sent only while it is the
 * account's open one (a retry after it was used or replaced sends nothing), derived again
 * here from the expiry the account keeps.
 */
async function operatorMail(request: OperatorEmailRequest, links: EmailLinks): Promise<{ to: string; rendered: RenderedEmail }> {
  const operator = await withOperatorAccess({ type: 'system', id: 'email' }, () => OperatorUser.query().findById(request.operatorId));
  if (!operator) throw ApplicationFailure.nonRetryable(`operator ${request.operatorId} does not exist`, 'OperatorNotFound');
  const inviter =
    request.template === 'operator_invite' && operator.invited_by?.startsWith('operator:')
      ? await withOperatorAccess({ type: 'system', id: 'email' }, () => OperatorUser.query().findById(operator.invited_by!.slice('operator:'.length)))
      : undefined;
  return { to: operator.email, rendered: renderOperatorEmail(operatorTemplateFor(request, operator, links, inviter?.name ?? null)) };
}

function operatorTemplateFor(request: OperatorEmailRequest, operator: OperatorUser, links: EmailLinks, invitedBy: string | null): OperatorEmailTemplate {
  if (request.template === 'operator_password_reset') {
    const until = operator.password_reset_hash && operator.password_reset_expires_at && !operator.disabled_at ? new Date(operator.password_reset_expires_at) : undefined;
    if (!until) throw ApplicationFailure.nonRetryable('the reset link was used or replaced', 'ResetGone');
    return { template: 'operator_password_reset', name: operator.name, link: links.resetPassword(operator.id, until), expiresAt: until.toISOString() };
  }
  const invited = pendingInvitation(operator);
  // An invitation accepted or withdrawn since: a link would not work, so none is sent.
  if (!invited) throw ApplicationFailure.nonRetryable('the invitation was withdrawn or accepted', 'InviteGone');
  const link = links.setPassword(operator.id, invited);
  return request.template === 'operator_invite'
    ? { template: 'operator_invite', name: operator.name, role: operator.role, invitedBy, link, expiresAt: invited.toISOString() }
    : { template: 'operator_set_password', name: operator.name, link, expiresAt: invited.toISOString() };
}

/** The account made for the owner at sign-up (a location has none of its own). */
export function ownerAccount(tenant: Pick<Tenant, 'owner_email'>): PromiseLike<TenantUser | undefined> {
  return TenantUser.query().where('role', 'owner').whereRaw('lower(email) = lower(?)', [tenant.owner_email]).orderBy('created_at').first();
}

/** What a tenant owes now: its open invoices' total, why the last charge failed, and the newest one's payment page. */
async function paymentFacts(tenant: Tenant): Promise<PaymentFacts> {
  const open = await withTenant(tenant.id, () => Invoice.query().where({ status: 'open' }).orderBy('created_at', 'desc'));
  const cents = open.reduce((sum, row) => sum + row.amount_due_cents, 0);
  return {
    amount: money(cents, open[0]?.currency),
    reason: tenant.payment_failure ?? 'The payment did not go through.',
    graceEndsAt: tenant.grace_ends_at ? new Date(tenant.grace_ends_at).toISOString() : null,
    payLink: open[0]?.hosted_invoice_url ?? null,
  };
}

function templateFor(request: EmailRequest, tenant: Tenant, links: EmailLinks, user?: TenantUser, payment?: PaymentFacts): EmailTemplate {
  const facts: TenantFacts = {
    company_name: tenant.company_name,
    owner_name: tenant.owner_name,
    slug: tenant.slug,
    plan_name: PLANS[tenant.plan_tier].name,
    phone_number: tenant.phone_number,
    trial_ends_at: tenant.trial_ends_at ? new Date(tenant.trial_ends_at).toISOString() : null,
  };
  const f = request.figures ?? {};
  const invited = pendingInvitation(user);
  switch (request.template) {
    case 'tenant_signup':
      return { template: 'tenant_signup', tenant: { ...facts, owner_email: tenant.owner_email, industry: tenant.industry }, link: links.tenant(tenant.id) };
    case 'welcome':
      return {
        template: 'welcome',
        tenant: facts,
        setPassword: invited ? { link: links.setPassword(user!.id, invited), expiresAt: invited.toISOString() } : null,
        link: links.dashboard,
      };
    case 'activated':
      return { template: 'activated', tenant: facts, link: links.dashboard };
    case 'trial_ending':
      return { template: 'trial_ending', tenant: facts, calls: f.calls ?? 0, appointments: f.appointments ?? 0, link: links.billing };
    case 'trial_ended_suspended':
      return { template: 'trial_ended_suspended', tenant: facts, link: links.billing };
    case 'user_invite':
    case 'set_password':
      // An invitation accepted or withdrawn since: a link would not work, so none is sent.
      if (!invited) throw ApplicationFailure.nonRetryable('the invitation was withdrawn or accepted', 'InviteGone');
      return request.template === 'user_invite'
        ? { template: 'user_invite', tenant: facts, invitee: user!.name, role: user!.role, link: links.setPassword(user!.id, invited), expiresAt: invited.toISOString() }
        : { template: 'set_password', tenant: facts, invitee: user!.name, link: links.setPassword(user!.id, invited), expiresAt: invited.toISOString() };
    case 'password_reset': {
      const until = user?.password_reset_hash && user.password_reset_expires_at && !user.disabled_at ? new Date(user.password_reset_expires_at) : undefined;
      if (!until) throw ApplicationFailure.nonRetryable('the reset link was used or replaced', 'ResetGone');
      return { template: 'password_reset', tenant: facts, invitee: user!.name, link: links.resetPassword(user!.id, until), expiresAt: until.toISOString() };
    }
    case 'health_alert':
      if (!request.health) throw ApplicationFailure.nonRetryable('a health alert needs the score it tells of', 'HealthMissing');
      return { template: 'health_alert', tenant: { ...facts, status: tenant.status }, health: request.health, link: links.tenant(tenant.id, 'health') };
    case 'payment_failed':
    case 'payment_reminder':
      return { template: request.template, tenant: facts, payment: payment!, reminder: request.billing?.reminder ?? 0, of: request.billing?.of ?? 0, link: links.billing };
    case 'billing_suspended':
      return { template: 'billing_suspended', tenant: facts, payment: payment!, link: links.billing };
    case 'usage_warning':
    case 'usage_limit_reached':
      return { template: request.template, tenant: facts, used: f.used ?? 0, limit: f.limit ?? 0, link: links.upgrade };
  }
}
