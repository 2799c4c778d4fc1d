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
  declare password_hash: string;
  declare failed_logins: number;
  declare locked_until: Date | null;
  declare last_login_at: Date | null;
  declare disabled_at: Date | null;
}
