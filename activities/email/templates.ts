import type { HealthBreakdown } from '../../domain/health-score';

/**
 * Kestrel's emails, each as HTML and plain text. Values are escaped where they enter
 * the HTML; the text part is the same message for clients that do not show HTML.
 */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface TenantFacts {
  company_name: string;
  owner_name: string;
  slug: string;
  plan_name: string;
  phone_number: string | null;
  trial_ends_at: string | null;
}

export type EmailTemplate =
  | { template: 'tenant_signup'; tenant: TenantFacts & { owner_email: string; industry: string } }
  | { template: 'welcome'; tenant: TenantFacts }
  | { template: 'activated'; tenant: TenantFacts }
  | { template: 'trial_ending'; tenant: TenantFacts; calls: number; appointments: number }
  | { template: 'trial_ended_suspended'; tenant: TenantFacts }
  | { template: 'usage_warning'; tenant: TenantFacts; used: number; limit: number }
  | { template: 'usage_limit_reached'; tenant: TenantFacts; used: number; limit: number }
  | { template: 'user_invite'; tenant: TenantFacts; invitee: string | null; role: string; link: string; expiresAt: string }
  | { template: 'health_alert'; tenant: TenantFacts & { status: string }; health: HealthAlertFigures };

/** A tenant's fall below the health alert line, for customer success. */
export interface HealthAlertFigures {
  score: number;
  /** The score before the fall; null when the first score was already below. */
  previous: number | null;
  breakdown: HealthBreakdown;
}

export type TemplateName = EmailTemplate['template'];

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const date = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }) : 'soon';

/** Paragraphs in, a complete message out (a simple layout every mail client renders). */
function compose(subject: string, greeting: string, paragraphs: string[]): RenderedEmail {
  const html = [
    '<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;color:#1f2937;max-width:560px;margin:0 auto;padding:24px">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    '<p style="color:#6b7280;font-size:12px;margin-top:32px">Kestrel · AI phone agents for home-service companies</p>',
    '</body></html>',
  ].join('\n');
  const text = [greeting, ...paragraphs, '-- ', 'Kestrel · AI phone agents for home-service companies'].join('\n\n');
  return { subject, html, text };
}

export function renderEmail(email: EmailTemplate): RenderedEmail {
  const t = email.tenant;
  switch (email.template) {
    case 'tenant_signup':
      return compose(`New tenant signup: ${t.company_name}`, 'Hello operators,', [
        `${t.company_name} (${email.tenant.industry}) just signed up for the ${t.plan_name} plan as "${t.slug}".`,
        `Owner: ${t.owner_name} <${email.tenant.owner_email}>.`,
        'Next step: provision a phone number and activate the tenant from the console.',
      ]);
    case 'welcome':
      return compose(`Welcome to Kestrel, ${t.company_name}`, `Hi ${t.owner_name},`, [
        `Thank you for choosing Kestrel for ${t.company_name}. Your account "${t.slug}" is set up on the ${t.plan_name} plan.`,
        'We are getting your phone number ready; you will hear from us again the moment your AI receptionist answers its first call.',
      ]);
    case 'activated':
      return compose(`You're live: ${t.company_name} now answers on ${t.phone_number}`, `Hi ${t.owner_name},`, [
        `Your AI receptionist now answers ${t.phone_number}. Forward your business line to it, or publish it as your number.`,
        t.trial_ends_at ? `Your free trial runs until ${date(t.trial_ends_at)}.` : `You are on the ${t.plan_name} plan.`,
      ]);
    case 'trial_ending':
      return compose(`Your Kestrel trial ends on ${date(t.trial_ends_at)}`, `Hi ${t.owner_name},`, [
        `Your trial for ${t.company_name} ends on ${date(t.trial_ends_at)}.`,
        `So far your AI receptionist answered ${email.calls} ${email.calls === 1 ? 'call' : 'calls'} and booked ${email.appointments} ${email.appointments === 1 ? 'appointment' : 'appointments'}.`,
        `To keep it answering, confirm your billing for the ${t.plan_name} plan before then.`,
      ]);
    case 'trial_ended_suspended':
      return compose(`Your Kestrel trial has ended`, `Hi ${t.owner_name},`, [
        `The trial for ${t.company_name} has ended without billing confirmed, so the service is suspended: calls to ${t.phone_number ?? 'your number'} are forwarded to your own line.`,
        'Confirm billing and we will turn your AI receptionist back on right away.',
      ]);
    case 'usage_warning':
      return compose(`${t.company_name} has used ${Math.round((email.used / email.limit) * 100)}% of its calls`, `Hi ${t.owner_name},`, [
        `Your AI receptionist has answered ${email.used} of the ${email.limit} calls included in the ${t.plan_name} plan this cycle.`,
        'Calls are never refused: calls beyond the limit are still answered. Consider a larger plan if this is your usual volume.',
      ]);
    case 'user_invite':
      return compose(`You're invited to ${t.company_name} on Kestrel`, `Hi${email.invitee ? ` ${email.invitee}` : ''},`, [
        `You have been invited to join ${t.company_name} on Kestrel as ${email.role === 'admin' ? 'an admin' : `a ${email.role}`}: you will see its calls and appointments and help run its AI receptionist.`,
        `Accept the invitation and choose your password here: ${email.link}`,
        `The link works once, until ${date(email.expiresAt)}. If you were not expecting it, ignore this message.`,
      ]);
    case 'health_alert': {
      const h = email.health;
      const reasons = [
        h.breakdown.usage < 0 ? `low usage (${h.breakdown.usage}): under 20% of the plan's calls in the last 30 days` : null,
        h.breakdown.engagement < 0 ? `no calls in the last 7 days (${h.breakdown.engagement})` : null,
        h.breakdown.support < 0 ? `more than 5 support tickets this month (${h.breakdown.support})` : null,
        h.breakdown.payment < 0 ? `past due (${h.breakdown.payment})` : null,
      ].filter((r): r is string => r !== null);
      return compose(`Health alert: ${t.company_name} is at ${h.score}/100`, 'Hello customer success,', [
        h.previous === null
          ? `${t.company_name} ("${t.slug}", ${t.plan_name} plan, ${email.tenant.status}) was scored for the first time at ${h.score}/100, below 50.`
          : `The health score of ${t.company_name} ("${t.slug}", ${t.plan_name} plan, ${email.tenant.status}) fell from ${h.previous} to ${h.score}/100, below 50.`,
        `Why: ${reasons.join('; ') || 'no single rule'}.`,
        `Owner: ${t.owner_name}. You will not hear about this tenant again until its score has been back at 50 or more and falls again.`,
      ]);
    }
    case 'usage_limit_reached':
      return compose(`${t.company_name} has reached its ${email.limit} included calls`, `Hi ${t.owner_name},`, [
        `Your AI receptionist has answered ${email.used} calls this cycle, all ${email.limit} included in the ${t.plan_name} plan.`,
        'Your callers are still answered: no call is refused. Calls beyond the limit are flagged in your call log; a larger plan includes more of them.',
      ]);
  }
}
