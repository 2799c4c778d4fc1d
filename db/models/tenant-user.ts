import type { TenantRole } from '../../domain/accounts';
import { TimestampedModel } from './base';

export { TENANT_ROLES, type TenantRole } from '../../domain/accounts';

export class TenantUser extends TimestampedModel {
  static override tableName = 'tenant_users';

  declare id: string;
  declare tenant_id: string;
  declare email: string;
  declare name: string | null;
  declare role: TenantRole;
  declare password_hash: string | null;
  declare invited_at: Date | null;
  declare accepted_at: Date | null;
  declare disabled_at: Date | null;
  declare failed_logins: number;
  declare locked_until: Date | null;
  declare last_login_at: Date | null;
  declare invite_token_hash: string | null;
  declare invite_expires_at: Date | null;
  declare invited_by: string | null;
  /** E.164; the owner's starts as the sign-up's `owner_phone`, any other becomes the user's once a code sent to it comes back. */
  declare phone: string | null;
  declare phone_verified_at: Date | null;
  /** Set when a link sent to the address was used (an invitation, a set-password or reset link). */
  declare email_verified_at: Date | null;
  /** Sign-in asks for a code sent to the verified phone after the password. */
  declare two_step_enabled: boolean;
  /** The hash of the one password-reset link open (lib/account-tokens.ts); the token itself is never stored. */
  declare password_reset_hash: string | null;
  declare password_reset_expires_at: Date | null;
}
