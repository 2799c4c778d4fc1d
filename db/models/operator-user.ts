import type { OperatorRole } from '../../domain/accounts';
import { TimestampedModel } from './base';

export { OPERATOR_ROLES, type OperatorRole } from '../../domain/accounts';

/** Kestrel's own staff: they work across tenants, never as one. */
export class OperatorUser extends TimestampedModel {
  static override tableName = 'operator_users';

  declare id: string;
  declare email: string;
  declare name: string;
  declare role: OperatorRole;
  /** Null while an invited operator has not chosen one yet (their invitation's link sets it). */
  declare password_hash: string | null;
  declare failed_logins: number;
  declare locked_until: Date | null;
  declare last_login_at: Date | null;
  declare disabled_at: Date | null;
  declare invited_at: Date | null;
  /** Who sent the invitation (`operator:<id>`). */
  declare invited_by: string | null;
  /** The hash of the one invitation link open (lib/account-tokens.ts); the token itself is never stored. */
  declare invite_token_hash: string | null;
  declare invite_expires_at: Date | null;
  /** The hash of the one password-reset link open. */
  declare password_reset_hash: string | null;
  declare password_reset_expires_at: Date | null;
}
