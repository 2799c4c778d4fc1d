import { BaseModel } from './base';

/** What a code a signed-in user asks for proves: a phone reaches its user, or the second step of a sign-in. */
export const OTP_PURPOSES = ['verify_phone', 'sign_in'] as const;
/** Those, and a password reset (asked for signed out, by e-mail address). */
export type OtpPurpose = (typeof OTP_PURPOSES)[number] | 'password_reset';

/** A one-time code sent by text; only its keyed hash is kept (lib/one-time-codes.ts). */
export class OtpCode extends BaseModel {
  static override tableName = 'otp_codes';

  declare id: string;
  declare tenant_id: string;
  declare user_id: string;
  declare purpose: OtpPurpose;
  declare channel: 'sms';
  /** Where it was sent (E.164): the number a `verify_phone` code proves. */
  declare destination: string;
  declare code_hash: string;
  /** A sign-in code's challenge, hashed: what the client holds between the password and the code. */
  declare challenge_hash: string | null;
  declare attempts: number;
  declare expires_at: Date;
  declare ended_at: Date | null;
  declare ended_reason: 'used' | 'replaced' | 'exhausted' | 'send_failed' | null;
  declare created_at: Date;
}
