import type { Logger } from 'pino';
import { recordAudit } from '../../db/audit';
import { OperatorUser, OtpCode, Tenant, TenantUser } from '../../db/models';
import type { AuditAction } from '../../domain/audit-actions';
import { withOperatorAccess, withTenant } from '../../db/tenant-context';
import { accountTokenHash, readAccountToken, type AccountTokenPurpose } from '../../lib/account-tokens';
import { rateLimitSpec, type Config } from '../../lib/config';
import { hashPassword } from '../../lib/passwords';
import type { Knex } from 'knex';
import type { TenantUsers } from '../tenant-users';
import { AccountLimit } from './account-limits';
import type { CodeCheck, OneTimeCodes } from './one-time-codes';
import type { OperatorAccounts } from './operator-accounts';
import type { IssuedTokens, Principal, Sessions } from './sessions';
import { TextNotSent } from './text-messages';

/** Why a link's token was refused; each is its own problem type (see routes). */
export type LinkRefusal = 'invalid' | 'expired' | 'used';

export class LinkRefused extends Error {
  constructor(readonly refusal: LinkRefusal) {
    super(`the link's token is ${refusal}`);
    this.name = 'LinkRefused';
  }
}

/** A texted reset code that was refused: the check says why (see problems.ts). */
export class ResetCodeRefused extends Error {
  constructor(readonly check: Exclude<CodeCheck, { ok: true }>) {
    super(`the reset code is ${check.refusal}`);
    this.name = 'ResetCodeRefused';
  }
}

interface Meta {
  userAgent?: string;
  ip?: string;
  requestId: string | null;
}

/** The account a link's token names: one of a company's people, or one of Kestrel's operators. */
type LinkAccount = { kind: 'tenant_user'; user: TenantUser } | { kind: 'operator'; operator: OperatorUser };

/** How many accounts one e-mail address may hold (one per company); a reset request writes to each. */
const ACCOUNTS_PER_ADDRESS = 20;
const system = { type: 'system' as const, id: 'auth' };
/** Who asks for a reset is not known (nobody is signed in): the audit log says so. */
const anonymousRequester = { type: 'system' as const, id: 'password-reset' };

/**
 * The links that set a password and sign in, sent by e-mail: an invitation's (a new
 * company's owner's, an operator's too), and a password reset's (a company's person's or an
 * operator's). A token is checked before anything is
 * hashed or written (an invalid one costs no password hash), and is single-use because
 * the update that consumes it is conditional on the account still holding its hash.
 */
export class PasswordLinks {
  private readonly perAccount: AccountLimit;

  constructor(
    private readonly deps: {
      config: Config;
      db: Knex;
      logger: Logger;
      sessions: Sessions;
      users: TenantUsers;
      operators: OperatorAccounts;
      codes: OneTimeCodes;
      secret: string;
    },
  ) {
    this.perAccount = new AccountLimit(deps.db, 'password-reset-account', rateLimitSpec(deps.config.RATE_LIMIT_PASSWORD_RESET_ACCOUNT));
  }

  /**
   * An invitation's link: sets the first password, proves the e-mail address, signs in.
   * Refused (LinkRefused) when the token is not an invitation's, has expired, or is no
   * longer the account's open invitation (accepted, renewed, withdrawn).
   */
  async acceptInvite(token: string, password: string, meta: Meta): Promise<{ principal: Principal; tokens: IssuedTokens }> {
    const account = await this.pendingAccount(token, 'invite');
    if (account.kind === 'operator') return this.acceptOperatorInvite(account.operator, password, meta);
    const user = account.user;
    const passwordHash = await hashPassword(password);
    const now = new Date();
    const accepted = await withTenant(user.tenant_id, async () => {
      // Still pending (it may have been used meanwhile): the update is what makes the token single-use.
      const [done] = await TenantUser.query()
        .where({ id: user.id, invite_token_hash: user.invite_token_hash })
        .where('invite_expires_at', '>', now)
        .whereNull('disabled_at')
        .patch({ password_hash: passwordHash, accepted_at: now, email_verified_at: now, invite_token_hash: null, invite_expires_at: null })
        .returning('*');
      if (done) await this.audit(done, 'user.invite_accepted', meta);
      return done;
    });
    if (!accepted) throw new LinkRefused('used');
    return this.signIn(accepted, meta);
  }

  /**
   * A reset link: sets a new password, ends every other session of the account, signs in.
   * The link also proves the address. Refused like an invitation's.
   */
  async confirmReset(token: string, password: string, meta: Meta): Promise<{ principal: Principal; tokens: IssuedTokens }> {
    const account = await this.pendingAccount(token, 'password_reset');
    if (account.kind === 'operator') return this.confirmOperatorReset(account.operator, password, meta);
    const user = account.user;
    const passwordHash = await hashPassword(password);
    const now = new Date();
    const reset = await withTenant(user.tenant_id, async () => {
      const [done] = await TenantUser.query()
        .where({ id: user.id, password_reset_hash: user.password_reset_hash })
        .where('password_reset_expires_at', '>', now)
        .whereNull('disabled_at')
        .patch({ password_hash: passwordHash, password_reset_hash: null, password_reset_expires_at: null, email_verified_at: user.email_verified_at ?? now })
        .returning('*');
      if (done) await this.audit(done, 'user.password_reset', meta);
      return done;
    });
    if (!reset) throw new LinkRefused('used');
    // Whoever knew the old password is signed out everywhere; the person with the link is signed in.
    await this.deps.sessions.signOutEverywhere('tenant_user', reset.id);
    return this.signIn(reset, meta);
  }

  /**
   * A reset asked for by e-mail address. The caller answers before this runs, the same
   * way whatever the address, so neither the answer nor its timing tells whether an
   * account exists. Each account of the address (one per company) gets a reset link, or,
   * when it has no password yet, a fresh set-password link; past RATE_LIMIT_PASSWORD_RESET_ACCOUNT
   * an account gets nothing more for a while. An operator's account of the address (one at
   * most: operators' addresses are unique) is treated alike, with the operators' e-mails.
   */
  async requestReset(email: string, requestId: string | null): Promise<void> {
    for (const user of await this.accountsOf(email)) {
      const wait = await this.perAccount.take(user.id);
      if (wait !== undefined) {
        this.deps.logger.warn({ userId: user.id, retryAfterS: wait }, 'password reset requests for this account are over the limit; nothing sent');
        continue;
      }
      if (user.password_hash) await this.deps.users.startPasswordReset(user, anonymousRequester, requestId);
      else await this.deps.users.renewInvitation(user, anonymousRequester, requestId);
    }
    const operator = await withOperatorAccess(system, () =>
      OperatorUser.query().whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).whereNull('disabled_at').first(),
    );
    if (!operator) return;
    const wait = await this.perAccount.take(`operator:${operator.id}`);
    if (wait !== undefined) {
      this.deps.logger.warn({ operatorId: operator.id, retryAfterS: wait }, 'password reset requests for this operator are over the limit; nothing sent');
      return;
    }
    if (operator.password_hash) await this.deps.operators.startPasswordReset(operator, anonymousRequester, requestId);
    else await this.deps.operators.renewInvitation(operator, anonymousRequester, requestId, 'operator_set_password');
  }

  /**
   * A reset asked for by text: like `requestReset`, answered before it runs. Each account
   * of the address that has a password and a verified phone (its own, or, for an owner,
   * the company's verified owner phone) gets a code (OTP_TTL, five attempts) by text; the
   * others get nothing. Limited per account as the links are, and per user and number as
   * every code is.
   */
  async requestResetByText(email: string, requestId: string | null): Promise<void> {
    for (const user of await this.accountsOf(email)) {
      if (!user.password_hash) continue;
      const phone = await this.verifiedPhoneOf(user);
      if (!phone) continue;
      const wait = await this.perAccount.take(user.id);
      if (wait !== undefined) {
        this.deps.logger.warn({ userId: user.id, retryAfterS: wait }, 'password reset requests for this account are over the limit; nothing sent');
        continue;
      }
      await withTenant(user.tenant_id, () =>
        recordAudit({
          tenantId: user.tenant_id,
          actor: anonymousRequester,
          action: 'user.password_reset_requested',
          target: { type: 'tenant_user', id: user.id },
          requestId,
          details: { channel: 'sms' },
        }),
      );
      try {
        const sent = await this.deps.codes.send({ tenantId: user.tenant_id, userId: user.id, purpose: 'password_reset', destination: phone, actor: anonymousRequester, requestId });
        if (!sent.sent) this.deps.logger.warn({ userId: user.id, retryAfterS: sent.retryAfterS }, 'reset codes for this user or number are over the send limit; nothing sent');
      } catch (error) {
        if (!(error instanceof TextNotSent)) throw error;
        this.deps.logger.warn({ userId: user.id, reason: error.reason }, 'a password reset code could not be texted');
      }
    }
  }

  /**
   * A texted reset code: sets a new password, ends every session of the account, signs in.
   * The code checked is the newest reset code of the address's accounts; a wrong one
   * counts as an attempt and changes nothing else (ResetCodeRefused says why).
   */
  async confirmResetByCode(email: string, code: string, password: string, meta: Meta): Promise<{ principal: Principal; tokens: IssuedTokens }> {
    const ids = (await this.accountsOf(email)).filter((user) => user.password_hash).map((user) => user.id);
    const latest =
      ids.length > 0
        ? await withOperatorAccess(system, () => OtpCode.query().whereIn('user_id', ids).where({ purpose: 'password_reset' }).orderBy('created_at', 'desc').first())
        : undefined;
    if (!latest) throw new ResetCodeRefused({ ok: false, refusal: 'used' });
    const check = await this.deps.codes.verify({
      tenantId: latest.tenant_id,
      userId: latest.user_id,
      purpose: 'password_reset',
      code,
      actor: { type: 'tenant_user', id: latest.user_id },
      requestId: meta.requestId,
    });
    if (!check.ok) throw new ResetCodeRefused(check);
    // Hashed only once the code is right: a guess costs no password hash.
    const passwordHash = await hashPassword(password);
    const reset = await withTenant(latest.tenant_id, async () => {
      const [done] = await TenantUser.query()
        .where({ id: latest.user_id })
        .whereNull('disabled_at')
        .patch({ password_hash: passwordHash, password_reset_hash: null, password_reset_expires_at: null })
        .returning('*');
      if (done) await this.audit(done, 'user.password_reset', meta, { channel: 'sms' });
      return done;
    });
    if (!reset) throw new ResetCodeRefused({ ok: false, refusal: 'used' });
    await this.deps.sessions.signOutEverywhere('tenant_user', reset.id);
    return this.signIn(reset, meta);
  }

  /** The enabled accounts of an e-mail address (one per company). */
  private accountsOf(email: string): Promise<TenantUser[]> {
    return withOperatorAccess(system, () =>
      TenantUser.query().whereRaw('lower(email) = ?', [email.trim().toLowerCase()]).whereNull('disabled_at').limit(ACCOUNTS_PER_ADDRESS),
    );
  }

  /** Where a reset code may go: a phone the user proved they hold, or the owner phone an owner of the company proved. */
  private async verifiedPhoneOf(user: TenantUser): Promise<string | undefined> {
    if (user.phone && user.phone_verified_at) return user.phone;
    if (user.role !== 'owner') return undefined;
    const tenant = await withTenant(user.tenant_id, () => Tenant.query().findById(user.tenant_id));
    return tenant?.owner_phone && tenant.owner_phone_verified_at ? tenant.owner_phone : undefined;
  }

  /**
   * The account a token names, if the token is ours, for this page, unexpired and still
   * the account's open link. Invitations sent before tokens said what they are (a bare
   * HMAC) are found by their hash alone, and cannot say why they fail.
   */
  private async pendingAccount(token: string, purpose: AccountTokenPurpose): Promise<LinkAccount> {
    const reading = readAccountToken(this.deps.secret, token);
    const hash = accountTokenHash(token);
    if (reading.kind === 'legacy_invite' && purpose === 'invite') {
      const user = await withOperatorAccess(system, () =>
        TenantUser.query().findOne({ invite_token_hash: hash }).where('invite_expires_at', '>', new Date()).whereNull('disabled_at'),
      );
      if (!user) throw new LinkRefused('used');
      return { kind: 'tenant_user', user };
    }
    if (reading.kind !== 'signed' || reading.purpose !== purpose) throw new LinkRefused('invalid');
    if (reading.expiresAt.getTime() <= Date.now()) throw new LinkRefused('expired');
    // Both kinds of account keep their open link's hash in columns of the same names; the id is unique across both.
    const column = purpose === 'invite' ? 'invite_token_hash' : 'password_reset_hash';
    return withOperatorAccess(system, async () => {
      const user = await TenantUser.query().findById(reading.userId).where(column, hash).whereNull('disabled_at');
      if (user) return { kind: 'tenant_user' as const, user };
      const operator = await OperatorUser.query().findById(reading.userId).where(column, hash).whereNull('disabled_at');
      if (operator) return { kind: 'operator' as const, operator };
      throw new LinkRefused('used');
    });
  }

  /** An operator's invitation: sets their first password and signs them in to the console. */
  private async acceptOperatorInvite(operator: OperatorUser, password: string, meta: Meta): Promise<{ principal: Principal; tokens: IssuedTokens }> {
    const passwordHash = await hashPassword(password);
    const self = { type: 'operator' as const, id: operator.id };
    const accepted = await withOperatorAccess(self, async () => {
      // Still pending (it may have been used meanwhile): the update is what makes the token single-use.
      const [done] = await OperatorUser.query()
        .where({ id: operator.id, invite_token_hash: operator.invite_token_hash })
        .where('invite_expires_at', '>', new Date())
        .whereNull('disabled_at')
        .whereNull('password_hash')
        .patch({ password_hash: passwordHash, invite_token_hash: null, invite_expires_at: null })
        .returning('*');
      if (done) await recordAudit({ tenantId: null, actor: self, action: 'operator.invite_accepted', target: self, requestId: meta.requestId, details: { email: done.email } });
      return done;
    });
    if (!accepted) throw new LinkRefused('used');
    return this.openOperatorSession(accepted, meta);
  }

  /** An operator's reset link: a new password, every other session ended, signed in. */
  private async confirmOperatorReset(operator: OperatorUser, password: string, meta: Meta): Promise<{ principal: Principal; tokens: IssuedTokens }> {
    const passwordHash = await hashPassword(password);
    const self = { type: 'operator' as const, id: operator.id };
    const reset = await withOperatorAccess(self, async () => {
      const [done] = await OperatorUser.query()
        .where({ id: operator.id, password_reset_hash: operator.password_reset_hash })
        .where('password_reset_expires_at', '>', new Date())
        .whereNull('disabled_at')
        .patch({ password_hash: passwordHash, password_reset_hash: null, password_reset_expires_at: null })
        .returning('*');
      if (done) await recordAudit({ tenantId: null, actor: self, action: 'operator.password_reset', target: self, requestId: meta.requestId, details: { email: done.email } });
      return done;
    });
    if (!reset) throw new LinkRefused('used');
    await this.deps.sessions.signOutEverywhere('operator', reset.id);
    return this.openOperatorSession(reset, meta);
  }

  private async openOperatorSession(operator: OperatorUser, meta: Meta): Promise<{ principal: Principal; tokens: IssuedTokens }> {
    const opened = await this.deps.sessions.openSession({ kind: 'operator', id: operator.id, tenantId: null }, meta);
    if (!opened) throw new LinkRefused('used'); // disabled in the meantime
    return opened;
  }

  private async signIn(user: TenantUser, meta: Meta): Promise<{ principal: Principal; tokens: IssuedTokens }> {
    const opened = await this.deps.sessions.openSession({ kind: 'tenant_user', id: user.id, tenantId: user.tenant_id }, meta);
    if (!opened) throw new LinkRefused('used'); // disabled in the meantime
    return opened;
  }

  /** A line of the account's audit log, written by the account itself (it holds the link). */
  private async audit(user: TenantUser, action: AuditAction, meta: Meta, details: Record<string, unknown> = {}): Promise<void> {
    const self = { type: 'tenant_user' as const, id: user.id };
    await recordAudit({ tenantId: user.tenant_id, actor: self, action, target: self, requestId: meta.requestId, details: { email: user.email, ...details } });
  }
}
