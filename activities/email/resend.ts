import { Tenant, TenantUser, type Notification } from '../../db/models';
import { ownerAccount, type EmailRequest } from './send';
import { OPERATOR_TEMPLATES, type HealthAlertFigures, type TemplateName } from './templates';

/**
 * Sending an e-mail again, as an operator asks from the e-mail log: the request it was
 * sent under is recovered from its `notifications` row and sent once more by the same
 * workflow, under a key of its own, as a new row that names the first.
 *
 * An e-mail with a single-use link (the welcome's or an invitation's set-password link, a
 * password reset) is sent again only while its link still works: the re-sent copy then
 * carries that same link. A link used, expired or withdrawn is never sent again; the
 * operator is told how the person gets a fresh one instead (a new invitation from the
 * company's Users, or "Forgot your password?" on the sign-in page), which is also what
 * voids any older link.
 */

/** Who each template is for, as the workflows that send it ask. */
const AUDIENCES: Record<TemplateName, EmailRequest['audience']> = {
  tenant_signup: 'operators',
  health_alert: 'customer_success',
  welcome: 'owner',
  activated: 'owner',
  trial_ending: 'owner',
  trial_ended_suspended: 'owner',
  usage_warning: 'owner',
  usage_limit_reached: 'owner',
  payment_failed: 'owner',
  payment_reminder: 'owner',
  billing_suspended: 'owner',
  user_invite: 'user',
  set_password: 'user',
  password_reset: 'user',
};

/** The kind of single-use link each template carries, if any (the welcome's only while the owner has no password). */
const LINKS: Partial<Record<TemplateName, 'invite' | 'password_reset'>> = {
  welcome: 'invite',
  user_invite: 'invite',
  set_password: 'invite',
  password_reset: 'password_reset',
};

/** Where a single-use link stands now. */
export type LinkStanding = 'open' | 'used' | 'expired' | 'withdrawn';

type LinkFacts = Pick<
  TenantUser,
  'password_hash' | 'disabled_at' | 'invite_token_hash' | 'invite_expires_at' | 'password_reset_hash' | 'password_reset_expires_at'
>;

export function linkStanding(kind: 'invite' | 'password_reset', account: LinkFacts | undefined, now: Date): LinkStanding {
  if (!account || account.disabled_at) return 'withdrawn';
  if (kind === 'invite') {
    if (account.password_hash) return 'used';
    if (!account.invite_token_hash || !account.invite_expires_at) return 'withdrawn';
    return new Date(account.invite_expires_at) > now ? 'open' : 'expired';
  }
  // Using a reset link, or changing the password, clears it.
  if (!account.password_reset_hash || !account.password_reset_expires_at) return 'used';
  return new Date(account.password_reset_expires_at) > now ? 'open' : 'expired';
}

/** Why an e-mail is not sent again: `link_gone` for a single-use link that no longer works, `not_resendable` otherwise. */
export interface ResendRefusal {
  refused: 'link_gone' | 'not_resendable';
  detail: string;
  standing?: LinkStanding;
}

const FRESH_LINK: Record<'invite' | 'password_reset', string> = {
  invite: "Send a new invitation from the company's Users (it voids the old link), or the person asks for one with \"Forgot your password?\" on the sign-in page.",
  password_reset: 'The person asks for a new reset link with "Forgot your password?" on the sign-in page.',
};

const GONE: Record<Exclude<LinkStanding, 'open'>, string> = {
  used: 'has been used already',
  expired: 'has expired',
  withdrawn: 'was withdrawn (the account is disabled, gone, or its invitation was cancelled)',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isTemplate = (name: string): name is TemplateName => Object.hasOwn(AUDIENCES, name);

/**
 * The e-mails' idempotency keys begin with the tenant they concern and, for a link sent
 * to one person, go on with the template and that person (`<tenant>.<template>.<user>.…`):
 * rows written before the payload named the user are read from their key.
 */
const keyPart = (key: string, index: number): string | undefined => {
  const part = key.split('.')[index];
  return part && UUID.test(part) ? part : undefined;
};

/**
 * The request that sends `email` again under `resendId` (a fresh id), or why it is not
 * sent again. Reads the tenant and the account the e-mail's link is for, in the caller's
 * database scope.
 */
export async function resendRequest(email: Notification, resendId: string, now = new Date()): Promise<{ request: EmailRequest } | ResendRefusal> {
  if (email.channel !== 'email') return { refused: 'not_resendable', detail: 'Text messages (one-time codes) are not sent again: the person asks for a new code.' };
  if ((OPERATOR_TEMPLATES as readonly string[]).includes(email.template)) {
    return { refused: 'not_resendable', detail: "An operator's invitation or reset link is sent anew, not again: from the Operators page, or with \"Forgot your password?\"." };
  }
  if (!isTemplate(email.template)) return { refused: 'not_resendable', detail: `Kestrel no longer sends "${email.template}" e-mails.` };
  const template = email.template;
  const tenantId = email.tenant_id ?? keyPart(email.idempotency_key, 0);
  const tenant = tenantId ? await Tenant.query().findById(tenantId) : undefined;
  if (!tenantId || !tenant) return { refused: 'not_resendable', detail: 'The company this e-mail is about no longer exists.' };

  const payload = email.payload ?? {};
  const audience = AUDIENCES[template];
  const userId = audience === 'user' ? ((typeof payload.user_id === 'string' ? payload.user_id : undefined) ?? keyPart(email.idempotency_key, 2)) : undefined;
  if (audience === 'user' && !userId) return { refused: 'not_resendable', detail: 'This e-mail does not say whom it was for.' };
  const health = payload.health as HealthAlertFigures | undefined;
  if (template === 'health_alert' && !health) return { refused: 'not_resendable', detail: 'The scores this alert was written from were not kept.' };

  const link = LINKS[template];
  if (link) {
    const account = userId ? await TenantUser.query().findById(userId) : await ownerAccount(tenant);
    // A welcome to a company without an owner account (a location) carries no link.
    const standing = userId || account ? linkStanding(link, account, now) : 'open';
    if (standing !== 'open') {
      return { refused: 'link_gone', standing, detail: `This e-mail's single-use link ${GONE[standing]}, so it is not sent again. ${FRESH_LINK[link]}` };
    }
  }

  return {
    request: {
      key: `${tenantId}.${template}.resend.${resendId}`,
      tenantId,
      template,
      audience,
      ...(userId ? { userId } : {}),
      figures: (payload.figures as EmailRequest['figures']) ?? {},
      ...(health ? { health } : {}),
      ...(payload.billing ? { billing: payload.billing as EmailRequest['billing'] } : {}),
      resendOf: email.id,
    },
  };
}
