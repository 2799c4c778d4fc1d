import type { HealthBreakdown } from '../../domain/health-score';

/**
 * Kestrel's emails, each as HTML and plain text. Values are escaped where they enter
 * the HTML; the text part is the same message for clients that do not show HTML. Every
 * email leads somewhere: its `action` is the page that acts on it (built from
 * PUBLIC_BASE_URL by links.ts), and its footer says which company it is about and why
 * this person got it.
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

/** The page an email leads to. */
export interface Action {
  label: string;
  url: string;
}

export type EmailTemplate =
  | { template: 'tenant_signup'; tenant: TenantFacts & { owner_email: string; industry: string }; link: string }
  /** `setPassword`: the owner's first set-password link (7 days, once); without it, the console. */
  | { template: 'welcome'; tenant: TenantFacts; setPassword: { link: string; expiresAt: string } | null; link: string }
  | { template: 'activated'; tenant: TenantFacts; link: string }
  | { template: 'trial_ending'; tenant: TenantFacts; calls: number; appointments: number; link: string }
  | { template: 'trial_ended_suspended'; tenant: TenantFacts; link: string }
  /** A payment failed (reminder 0) or is still overdue (reminders 1…of): the amount, why, and where to pay or change the card. */
  | { template: 'payment_failed' | 'payment_reminder'; tenant: TenantFacts; payment: PaymentFacts; reminder: number; of: number; link: string }
  | { template: 'billing_suspended'; tenant: TenantFacts; payment: PaymentFacts; link: string }
  | { template: 'usage_warning'; tenant: TenantFacts; used: number; limit: number; link: string }
  | { template: 'usage_limit_reached'; tenant: TenantFacts; used: number; limit: number; link: string }
  | { template: 'user_invite'; tenant: TenantFacts; invitee: string | null; role: string; link: string; expiresAt: string }
  /** A fresh set-password link for a person who has none yet (asked for with the reset form). */
  | { template: 'set_password'; tenant: TenantFacts; invitee: string | null; link: string; expiresAt: string }
  | { template: 'password_reset'; tenant: TenantFacts; invitee: string | null; link: string; expiresAt: string }
  | { template: 'health_alert'; tenant: TenantFacts & { status: string }; health: HealthAlertFigures; link: string };

/** What is owed, from the tenant's open invoices and its dunning state. */
export interface PaymentFacts {
  amount: string;
  reason: string;
  graceEndsAt: string | null;
  /** Stripe's page to pay the invoice (with any card); null when the invoice has none. */
  payLink: string | null;
}

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

/** When a short-lived link stops working: the time as well as the day. */
const dateTime = (iso: string) =>
  new Date(iso).toLocaleString('en-US', { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });

const SIGNATURE = 'Kestrel · AI phone agents for home-service companies';

interface Message {
  subject: string;
  greeting: string;
  paragraphs: string[];
  action: Action;
  /** Why this person got this email, naming the company it is about. */
  why: string;
}

/** A message in, a complete email out (a simple layout every mail client renders). */
function compose(m: Message): RenderedEmail {
  const url = escapeHtml(m.action.url);
  const html = [
    '<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;color:#1f2937;max-width:560px;margin:0 auto;padding:24px">',
    `<p>${escapeHtml(m.greeting)}</p>`,
    ...m.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p style="margin:28px 0"><a href="${url}" style="background:#2563eb;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;display:inline-block">${escapeHtml(m.action.label)}</a></p>`,
    `<p style="color:#6b7280;font-size:13px">If the button does not work, paste this address into your browser: <a href="${url}">${url}</a></p>`,
    `<p style="color:#6b7280;font-size:12px;margin-top:32px;border-top:1px solid #e5e7eb;padding-top:12px">${escapeHtml(m.why)}<br>${escapeHtml(SIGNATURE)}</p>`,
    '</body></html>',
  ].join('\n');
  const text = [m.greeting, ...m.paragraphs, `${m.action.label}: ${m.action.url}`, '-- ', `${m.why}\n${SIGNATURE}`].join('\n\n');
  return { subject: m.subject, html, text };
}

const ownerWhy = (t: TenantFacts) => `You get this email as the owner of ${t.company_name}'s Kestrel account.`;
const userWhy = (t: TenantFacts) => `You get this email because you have an account at ${t.company_name} on Kestrel.`;
const staffWhy = (t: TenantFacts, team: string) => `You get this email as Kestrel's ${team}, about ${t.company_name} ("${t.slug}").`;

export function renderEmail(email: EmailTemplate): RenderedEmail {
  const t = email.tenant;
  switch (email.template) {
    case 'tenant_signup':
      return compose({
        subject: `New tenant signup: ${t.company_name}`,
        greeting: 'Hello operators,',
        paragraphs: [
          `${t.company_name} (${email.tenant.industry}) just signed up for the ${t.plan_name} plan as "${t.slug}".`,
          `Owner: ${t.owner_name} <${email.tenant.owner_email}>.`,
          'Next step: provision a phone number and activate the tenant from the console.',
        ],
        action: { label: 'Open the tenant', url: email.link },
        why: staffWhy(t, 'operators'),
      });
    case 'welcome':
      return compose({
        subject: `Welcome to Kestrel, ${t.company_name}`,
        greeting: `Hi ${t.owner_name},`,
        paragraphs: [
          `Thank you for choosing Kestrel for ${t.company_name}. Your account "${t.slug}" is set up on the ${t.plan_name} plan.`,
          ...(email.setPassword
            ? [
                `First, choose your password: the button below signs you in to your dashboard and confirms this email address. The link works once, until ${date(email.setPassword.expiresAt)}; after that, ask for a new one from the sign-in page ("Forgot your password?").`,
              ]
            : []),
          'We are getting your phone number ready; you will hear from us again the moment your AI receptionist answers its first call.',
        ],
        action: email.setPassword ? { label: 'Choose your password', url: email.setPassword.link } : { label: 'Open your dashboard', url: email.link },
        why: ownerWhy(t),
      });
    case 'activated':
      return compose({
        subject: `You're live: ${t.company_name} now answers on ${t.phone_number}`,
        greeting: `Hi ${t.owner_name},`,
        paragraphs: [
          `Your AI receptionist now answers ${t.phone_number}. Forward your business line to it, or publish it as your number.`,
          t.trial_ends_at ? `Your free trial runs until ${date(t.trial_ends_at)}.` : `You are on the ${t.plan_name} plan.`,
        ],
        action: { label: 'Open your dashboard', url: email.link },
        why: ownerWhy(t),
      });
    case 'trial_ending':
      return compose({
        subject: `Your Kestrel trial ends on ${date(t.trial_ends_at)}`,
        greeting: `Hi ${t.owner_name},`,
        paragraphs: [
          `Your trial for ${t.company_name} ends on ${date(t.trial_ends_at)}.`,
          `So far your AI receptionist answered ${email.calls} ${email.calls === 1 ? 'call' : 'calls'} and booked ${email.appointments} ${email.appointments === 1 ? 'appointment' : 'appointments'}.`,
          `To keep it answering, confirm your billing for the ${t.plan_name} plan before then.`,
        ],
        action: { label: 'Review billing', url: email.link },
        why: ownerWhy(t),
      });
    case 'trial_ended_suspended':
      return compose({
        subject: `Your Kestrel trial has ended`,
        greeting: `Hi ${t.owner_name},`,
        paragraphs: [
          `The trial for ${t.company_name} has ended without billing confirmed, so the service is suspended: calls to ${t.phone_number ?? 'your number'} are forwarded to your own line.`,
          'Confirm billing and we will turn your AI receptionist back on right away.',
        ],
        action: { label: 'Confirm billing', url: email.link },
        why: ownerWhy(t),
      });
    case 'payment_failed':
    case 'payment_reminder': {
      const p = email.payment;
      const first = email.template === 'payment_failed';
      return compose({
        subject: first ? `Payment failed for ${t.company_name}'s Kestrel plan` : `Reminder ${email.reminder} of ${email.of}: ${p.amount} is overdue for ${t.company_name}`,
        greeting: `Hi ${t.owner_name},`,
        paragraphs: [
          first
            ? `We could not charge ${p.amount} for ${t.company_name}'s ${t.plan_name} plan. ${p.reason}`
            : `${p.amount} for ${t.company_name}'s ${t.plan_name} plan is still unpaid. ${p.reason}`,
          `Your AI receptionist keeps answering calls until ${date(p.graceEndsAt)}. If the invoice is still unpaid then, the service is suspended and calls are forwarded to your own line.`,
          p.payLink
            ? `Pay the invoice with any card here: ${p.payLink}. Or add another card on your billing page (the button below) and we will charge it at once.`
            : 'Add another card on your billing page (the button below) and we will charge it at once.',
        ],
        action: { label: 'Update your card', url: email.link },
        why: ownerWhy(t),
      });
    }
    case 'billing_suspended':
      return compose({
        subject: `Kestrel is suspended for ${t.company_name}: ${email.payment.amount} unpaid`,
        greeting: `Hi ${t.owner_name},`,
        paragraphs: [
          `${email.payment.amount} for ${t.company_name}'s ${t.plan_name} plan is still unpaid (${email.payment.reason.replace(/\.$/, '')}), so the service is suspended: calls to ${t.phone_number ?? 'your number'} are forwarded to your own line.`,
          email.payment.payLink
            ? `Pay the invoice here and your AI receptionist answers again right away: ${email.payment.payLink}`
            : 'Add a card on your billing page and your AI receptionist answers again as soon as the charge goes through.',
        ],
        action: { label: 'Open billing', url: email.link },
        why: ownerWhy(t),
      });
    case 'usage_warning':
      return compose({
        subject: `${t.company_name} has used ${Math.round((email.used / email.limit) * 100)}% of its calls`,
        greeting: `Hi ${t.owner_name},`,
        paragraphs: [
          `Your AI receptionist has answered ${email.used} of the ${email.limit} calls included in the ${t.plan_name} plan this cycle.`,
          'Calls are never refused: calls beyond the limit are still answered. Consider a larger plan if this is your usual volume.',
        ],
        action: { label: 'Compare plans', url: email.link },
        why: ownerWhy(t),
      });
    case 'usage_limit_reached':
      return compose({
        subject: `${t.company_name} has reached its ${email.limit} included calls`,
        greeting: `Hi ${t.owner_name},`,
        paragraphs: [
          `Your AI receptionist has answered ${email.used} calls this cycle, all ${email.limit} included in the ${t.plan_name} plan.`,
          'Your callers are still answered: no call is refused. Calls beyond the limit are flagged in your call log; a larger plan includes more of them.',
        ],
        action: { label: 'Upgrade your plan', url: email.link },
        why: ownerWhy(t),
      });
    case 'user_invite':
      return compose({
        subject: `You're invited to ${t.company_name} on Kestrel`,
        greeting: `Hi${email.invitee ? ` ${email.invitee}` : ''},`,
        paragraphs: [
          `You have been invited to join ${t.company_name} on Kestrel as ${email.role === 'admin' ? 'an admin' : `a ${email.role}`}: you will see its calls and appointments and help run its AI receptionist.`,
          `Accept the invitation by choosing your password. The link works once, until ${date(email.expiresAt)}. If you were not expecting it, ignore this message.`,
        ],
        action: { label: 'Accept and choose your password', url: email.link },
        why: `You get this email because someone at ${t.company_name} invited this address to its Kestrel account.`,
      });
    case 'set_password':
      return compose({
        subject: `Choose your password for ${t.company_name} on Kestrel`,
        greeting: `Hi${email.invitee ? ` ${email.invitee}` : ''},`,
        paragraphs: [
          `You asked for a way in to ${t.company_name} on Kestrel. Your account has no password yet: choose one with the button below, which also signs you in.`,
          `The link works once, until ${date(email.expiresAt)}; any earlier link no longer works. If you did not ask for it, ignore this message.`,
        ],
        action: { label: 'Choose your password', url: email.link },
        why: userWhy(t),
      });
    case 'password_reset':
      return compose({
        subject: `Reset your Kestrel password`,
        greeting: `Hi${email.invitee ? ` ${email.invitee}` : ''},`,
        paragraphs: [
          `Someone asked to reset the password of your account at ${t.company_name} on Kestrel. Choose a new one with the button below; it signs you in and signs you out everywhere else.`,
          `The link works once, until ${dateTime(email.expiresAt)}. If you did not ask for it, ignore this message: your password stays as it is.`,
        ],
        action: { label: 'Choose a new password', url: email.link },
        why: userWhy(t),
      });
    case 'health_alert': {
      const h = email.health;
      const reasons = [
        h.breakdown.usage < 0 ? `low usage (${h.breakdown.usage}): under 20% of the plan's calls in the last 30 days` : null,
        h.breakdown.engagement < 0 ? `no calls in the last 7 days (${h.breakdown.engagement})` : null,
        h.breakdown.support < 0 ? `more than 5 support tickets this month (${h.breakdown.support})` : null,
        h.breakdown.payment < 0 ? `past due (${h.breakdown.payment})` : null,
      ].filter((r): r is string => r !== null);
      return compose({
        subject: `Health alert: ${t.company_name} is at ${h.score}/100`,
        greeting: 'Hello customer success,',
        paragraphs: [
          h.previous === null
            ? `${t.company_name} ("${t.slug}", ${t.plan_name} plan, ${email.tenant.status}) was scored for the first time at ${h.score}/100, below 50.`
            : `The health score of ${t.company_name} ("${t.slug}", ${t.plan_name} plan, ${email.tenant.status}) fell from ${h.previous} to ${h.score}/100, below 50.`,
          `Why: ${reasons.join('; ') || 'no single rule'}.`,
          `Owner: ${t.owner_name}. You will not hear about this tenant again until its score has been back at 50 or more and falls again.`,
        ],
        action: { label: "Open the tenant's health", url: email.link },
        why: staffWhy(t, 'customer success'),
      });
    }
  }
}

/**
 * Mail to one of Kestrel's own operators about their own account: it concerns no
 * company, so it names none. Each carries a single-use link to the console's
 * set-password or reset page.
 */
export type OperatorEmailTemplate =
  | { template: 'operator_invite'; name: string; role: string; invitedBy: string | null; link: string; expiresAt: string }
  /** A fresh invitation link an invited operator asked for themselves ("Forgot your password?"). */
  | { template: 'operator_set_password'; name: string; link: string; expiresAt: string }
  | { template: 'operator_password_reset'; name: string; link: string; expiresAt: string };

export type OperatorTemplateName = OperatorEmailTemplate['template'];

export const OPERATOR_TEMPLATES = ['operator_invite', 'operator_set_password', 'operator_password_reset'] as const satisfies readonly OperatorTemplateName[];

const operatorRoleWords = (role: string) => (role === 'super_admin' ? 'a super admin (every part of the console, operators included)' : `${role} (reads every tenant, changes one in a support session granted write)`);
const operatorWhy = "You get this email because this address is (or is invited to be) an operator of Kestrel's console.";

export function renderOperatorEmail(email: OperatorEmailTemplate): RenderedEmail {
  switch (email.template) {
    case 'operator_invite':
      return compose({
        subject: "You're invited to Kestrel's operator console",
        greeting: `Hi ${email.name},`,
        paragraphs: [
          `${email.invitedBy ? `${email.invitedBy} has invited you` : 'You have been invited'} to Kestrel's operator console as ${operatorRoleWords(email.role)}.`,
          `Accept the invitation by choosing your password: the button below signs you in. The link works once, until ${date(email.expiresAt)}. If you were not expecting it, ignore this message.`,
        ],
        action: { label: 'Accept and choose your password', url: email.link },
        why: operatorWhy,
      });
    case 'operator_set_password':
      return compose({
        subject: "Choose your password for Kestrel's operator console",
        greeting: `Hi ${email.name},`,
        paragraphs: [
          "You asked for a way in to Kestrel's operator console. Your account has no password yet: choose one with the button below, which also signs you in.",
          `The link works once, until ${date(email.expiresAt)}; any earlier link no longer works. If you did not ask for it, ignore this message.`,
        ],
        action: { label: 'Choose your password', url: email.link },
        why: operatorWhy,
      });
    case 'operator_password_reset':
      return compose({
        subject: 'Reset your Kestrel operator password',
        greeting: `Hi ${email.name},`,
        paragraphs: [
          "Someone asked to reset the password of your operator account on Kestrel's console. Choose a new one with the button below; it signs you in and signs you out everywhere else.",
          `The link works once, until ${dateTime(email.expiresAt)}. If you did not ask for it, ignore this message: your password stays as it is.`,
        ],
        action: { label: 'Choose a new password', url: email.link },
        why: operatorWhy,
      });
  }
}
