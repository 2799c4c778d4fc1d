import { ApplicationFailure } from '@temporalio/activity';
import type { Resend } from 'resend';
import { PLANS } from '../../domain/plans';
import { Notification, Tenant } from '../../db/models';
import { withOperatorAccess, withTenant } from '../../db/tenant-context';
import type { Config } from '../../lib/config';
import { renderEmail, type EmailTemplate, type TemplateName, type TenantFacts } from './templates';

/**
 * What a workflow asks for: which email, about which tenant, under which idempotency
 * key. The activity reads names and addresses from the database, so they stay out of
 * workflow histories.
 */
export interface EmailRequest {
  key: string;
  tenantId: string;
  template: TemplateName;
  /** Operators' mail (e.g. a new signup) goes to OPERATOR_EMAIL and is not the tenant's record. */
  audience: 'owner' | 'operators';
  /** Figures the template needs beyond the tenant (trial activity, usage). */
  figures?: { calls?: number; appointments?: number; used?: number; limit?: number };
}

export function emailActivities(config: Config, resend: Resend) {
  /** The notification row of a request, in the scope it belongs to. */
  const inScope = <T>(request: EmailRequest, work: () => PromiseLike<T>) =>
    request.audience === 'operators' ? withOperatorAccess({ type: 'system', id: 'email' }, work) : withTenant(request.tenantId, work);

  return {
    /**
     * Sends one email at most once: recorded in `notifications` under its key before
     * sending, sent with the same key as Resend's idempotency key, marked sent after.
     * A provider failure is thrown so Temporal retries it.
     */
    async sendEmail(request: EmailRequest): Promise<{ providerId: string }> {
      const tenant = await withOperatorAccess({ type: 'system', id: 'email' }, () => Tenant.query().findById(request.tenantId));
      if (!tenant) throw ApplicationFailure.nonRetryable(`tenant ${request.tenantId} does not exist`, 'TenantNotFound');
      const rendered = renderEmail(templateFor(request, tenant));
      const to = request.audience === 'operators' ? config.OPERATOR_EMAIL : tenant.owner_email;

      const sent = await inScope(request, async () => {
        await Notification.query()
          .insert({
            tenant_id: request.audience === 'operators' ? null : request.tenantId,
            channel: 'email',
            template: request.template,
            recipient: to,
            subject: rendered.subject,
            idempotency_key: request.key,
            status: 'pending',
            payload: { figures: request.figures ?? {} },
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
    async markEmailFailed(p: { request: EmailRequest; error: string }): Promise<void> {
      await inScope(p.request, () => Notification.query().where('idempotency_key', p.request.key).patch({ status: 'failed', error: p.error }));
    },
  };
}

function templateFor(request: EmailRequest, tenant: Tenant): EmailTemplate {
  const facts: TenantFacts = {
    company_name: tenant.company_name,
    owner_name: tenant.owner_name,
    slug: tenant.slug,
    plan_name: PLANS[tenant.plan_tier].name,
    phone_number: tenant.phone_number,
    trial_ends_at: tenant.trial_ends_at ? new Date(tenant.trial_ends_at).toISOString() : null,
  };
  const f = request.figures ?? {};
  switch (request.template) {
    case 'tenant_signup':
      return { template: 'tenant_signup', tenant: { ...facts, owner_email: tenant.owner_email, industry: tenant.industry } };
    case 'trial_ending':
      return { template: 'trial_ending', tenant: facts, calls: f.calls ?? 0, appointments: f.appointments ?? 0 };
    case 'usage_warning':
    case 'usage_limit_reached':
      return { template: request.template, tenant: facts, used: f.used ?? 0, limit: f.limit ?? 0 };
    default:
      return { template: request.template, tenant: facts };
  }
}
