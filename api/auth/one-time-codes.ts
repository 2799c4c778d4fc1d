import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { recordAudit } from '../../db/audit';
import { Notification, OtpCode, Tenant, TenantUser, type OtpPurpose } from '../../db/models';
import { withOperatorAccess, withTenant } from '../../db/tenant-context';
import type { AuditAction } from '../../domain/audit-actions';
import { durationMs, publicBaseUrl, rateLimitSpec, type Config } from '../../lib/config';
import { OTP_MAX_ATTEMPTS, challengeHash, maskPhone, newChallenge, newOtpCode, otpCodeHash, otpCodeMatches } from '../../lib/one-time-codes';
import type { AuditActor } from '../http/audit-actor';
import { AccountLimit } from './account-limits';
import { TextNotSent, type TextMessages } from './text-messages';

/** Why a code was refused; each is its own problem type (see otp-routes.ts). */
export type CodeRefusal = 'invalid' | 'expired' | 'exhausted' | 'used';

export type CodeCheck = { ok: true; otp: OtpCode } | { ok: false; refusal: 'invalid'; attemptsLeft: number } | { ok: false; refusal: Exclude<CodeRefusal, 'invalid'> };

export type SendOutcome =
  | { sent: true; expiresAt: Date; destination: string; challenge: string | null }
  /** Over a send limit: nothing was sent; the seconds until one would be. */
  | { sent: false; retryAfterS: number };

interface Audit {
  actor: AuditActor;
  requestId: string | null;
}

const system = { type: 'system' as const, id: 'auth' };
/** Phone numbers name their limit's counter as a hash, so the counters hold no one's number. */
const phoneKey = (e164: string) => createHash('sha256').update(e164).digest('base64url');

/**
 * One-time codes by text message: six digits, valid OTP_TTL (5 minutes), five attempts,
 * a purpose each. A new code of a user for a purpose voids the one before; a code is
 * spent by its right entry, by its fifth wrong one, or by its expiry. Sends are limited
 * per user and per phone number (RATE_LIMIT_OTP_SEND), and a send the provider refused
 * gives its count back, so a failing provider never locks anyone out of the next try.
 * Every send, refusal and verification is in the tenant's audit log; each text is in its
 * notifications (never the code).
 */
export class OneTimeCodes {
  private readonly ttlMs: number;
  private readonly perUser: AccountLimit;
  private readonly perPhone: AccountLimit;

  constructor(private readonly deps: { config: Config; db: Knex; secret: string; texts: TextMessages }) {
    this.ttlMs = durationMs(deps.config.OTP_TTL);
    const spec = rateLimitSpec(deps.config.RATE_LIMIT_OTP_SEND);
    this.perUser = new AccountLimit(deps.db, 'otp-send-user', spec);
    this.perPhone = new AccountLimit(deps.db, 'otp-send-phone', spec);
  }

  /**
   * Sends a new code for `purpose` to `destination`. A sign-in code comes with its
   * challenge. Throws TextNotSent when the provider refused it after the retries (the code
   * is then void and nothing was counted).
   */
  async send(p: { tenantId: string; userId: string; purpose: OtpPurpose; destination: string } & Audit): Promise<SendOutcome> {
    const userWait = await this.perUser.take(p.userId);
    if (userWait !== undefined) return { sent: false, retryAfterS: userWait };
    const phoneWait = await this.perPhone.take(phoneKey(p.destination));
    if (phoneWait !== undefined) {
      await this.perUser.giveBack(p.userId);
      return { sent: false, retryAfterS: phoneWait };
    }

    const id = randomUUID();
    const code = newOtpCode();
    const challenge = p.purpose === 'sign_in' ? newChallenge() : null;
    const expiresAt = new Date(Date.now() + this.ttlMs);
    const notificationKey = `${p.tenantId}.otp.${id}`;
    const sending = { purpose: p.purpose, channel: 'sms', destination: maskPhone(p.destination) };
    await withTenant(p.tenantId, async () => {
      await OtpCode.query().where({ user_id: p.userId, purpose: p.purpose }).whereNull('ended_at').patch({ ended_at: new Date(), ended_reason: 'replaced' });
      await OtpCode.query().insert({
        id,
        tenant_id: p.tenantId,
        user_id: p.userId,
        purpose: p.purpose,
        destination: p.destination,
        code_hash: otpCodeHash(this.deps.secret, id, code),
        challenge_hash: challenge ? challengeHash(challenge) : null,
        expires_at: expiresAt,
      });
      await Notification.query().insert({
        tenant_id: p.tenantId,
        channel: 'sms',
        template: `otp_${p.purpose}`,
        recipient: p.destination,
        idempotency_key: notificationKey,
        status: 'pending',
        payload: { purpose: p.purpose },
      });
    });

    try {
      const { sid } = await this.deps.texts.send(p.destination, this.message(p.purpose, code));
      await withTenant(p.tenantId, async () => {
        await Notification.query().where('idempotency_key', notificationKey).patch({ status: 'sent', provider_id: sid, sent_at: new Date() });
        await this.audit(p.tenantId, p.userId, 'user.otp_sent', p, sending);
      });
      return { sent: true, expiresAt, destination: maskPhone(p.destination), challenge };
    } catch (error) {
      const reason = error instanceof TextNotSent ? error.reason : String(error);
      await withTenant(p.tenantId, async () => {
        await OtpCode.query().findById(id).whereNull('ended_at').patch({ ended_at: new Date(), ended_reason: 'send_failed' });
        await Notification.query().where('idempotency_key', notificationKey).patch({ status: 'failed', error: reason });
        await this.audit(p.tenantId, p.userId, 'user.otp_send_failed', p, { ...sending, reason });
      });
      await Promise.all([this.perUser.giveBack(p.userId), this.perPhone.giveBack(phoneKey(p.destination))]);
      throw error instanceof TextNotSent ? error : new TextNotSent(reason);
    }
  }

  /** Checks a signed-in user's latest code for `purpose`; a right `verify_phone` code makes the number theirs, verified. */
  async verify(p: { tenantId: string; userId: string; purpose: OtpPurpose; code: string } & Audit): Promise<CodeCheck> {
    return withTenant(p.tenantId, async () => {
      const latest = await OtpCode.query().where({ user_id: p.userId, purpose: p.purpose }).orderBy('created_at', 'desc').first();
      const check = await this.check(latest, p.code, p);
      if (check.ok && p.purpose === 'verify_phone') await this.phoneVerified(check.otp, p);
      return check;
    });
  }

  /**
   * The second step of a sign-in: the challenge the password step handed out, and the
   * code texted with it. Undefined when no sign-in waits under that challenge (unknown,
   * already used, or replaced by a newer sign-in).
   */
  async verifyChallenge(challenge: string, code: string, requestId: string | null): Promise<CodeCheck | undefined> {
    // The challenge does not say whose it is: found across tenants, then checked in its tenant.
    const otp = await withOperatorAccess(system, () => OtpCode.query().findOne({ challenge_hash: challengeHash(challenge), purpose: 'sign_in' }));
    if (!otp || otp.ended_reason === 'used' || otp.ended_reason === 'replaced' || otp.ended_reason === 'send_failed') return undefined;
    return withTenant(otp.tenant_id, () => this.check(otp, code, { actor: { type: 'tenant_user', id: otp.user_id }, requestId }));
  }

  /**
   * One attempt at a code. The attempt is claimed before the code is compared (one
   * conditional update), so parallel guesses get no more than the attempts left; the fifth
   * wrong one spends the code.
   */
  private async check(otp: OtpCode | undefined, code: string, audit: Audit): Promise<CodeCheck> {
    if (!otp || (otp.ended_at && otp.ended_reason !== 'exhausted')) return { ok: false, refusal: 'used' };
    if (otp.ended_reason === 'exhausted') return { ok: false, refusal: 'exhausted' };
    if (new Date(otp.expires_at).getTime() <= Date.now()) return { ok: false, refusal: 'expired' };
    const [claimed] = await OtpCode.knex()('otp_codes')
      .where({ id: otp.id })
      .whereNull('ended_at')
      .where('attempts', '<', OTP_MAX_ATTEMPTS)
      .increment('attempts', 1)
      .returning<Array<{ attempts: number }>>('attempts');
    if (!claimed) return { ok: false, refusal: (await OtpCode.query().findById(otp.id))?.ended_reason === 'exhausted' ? 'exhausted' : 'used' };
    if (otpCodeMatches(this.deps.secret, otp.id, code.replace(/\s+/g, ''), otp.code_hash)) {
      await OtpCode.query().findById(otp.id).patch({ ended_at: new Date(), ended_reason: 'used' });
      return { ok: true, otp };
    }
    const attemptsLeft = OTP_MAX_ATTEMPTS - claimed.attempts;
    if (attemptsLeft === 0) {
      await OtpCode.query().findById(otp.id).patch({ ended_at: new Date(), ended_reason: 'exhausted' });
      await this.audit(otp.tenant_id, otp.user_id, 'user.otp_exhausted', audit, { purpose: otp.purpose, attempts: claimed.attempts });
    }
    return { ok: false, refusal: 'invalid', attemptsLeft };
  }

  /**
   * The number now reaches its user: it becomes theirs, verified. When it is the company's
   * `owner_phone` and the user an owner, the company's owner phone is verified too (unless
   * the number changed meanwhile: the update names the number).
   */
  private async phoneVerified(otp: OtpCode, audit: Audit): Promise<void> {
    const now = new Date();
    const user = await TenantUser.query().patchAndFetchById(otp.user_id, { phone: otp.destination, phone_verified_at: now });
    const ownerPhone = user.role === 'owner' ? await Tenant.query().findById(otp.tenant_id).where('owner_phone', otp.destination).patch({ owner_phone_verified_at: now }) : 0;
    await this.audit(otp.tenant_id, otp.user_id, 'user.phone_verified', audit, { phone: maskPhone(otp.destination), owner_phone: ownerPhone > 0 });
  }

  private message(purpose: OtpPurpose, code: string): string {
    const minutes = Math.max(1, Math.round(this.ttlMs / 60_000));
    const what = { sign_in: 'sign-in', password_reset: 'password reset', verify_phone: 'verification' }[purpose];
    // The last line lets browsers offer the code on Kestrel's own pages only (WebOTP's origin-bound format).
    return `Your Kestrel ${what} code is ${code}. It expires in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}; never share it.\n\n@${new URL(publicBaseUrl(this.deps.config)).host} #${code}`;
  }

  /** A line of the tenant's audit log about one of its users (their codes, their phone). */
  private async audit(tenantId: string, userId: string, action: AuditAction, audit: Audit, details: Record<string, unknown>): Promise<void> {
    await recordAudit({ tenantId, actor: audit.actor, action, target: { type: 'tenant_user', id: userId }, requestId: audit.requestId, details });
  }
}
