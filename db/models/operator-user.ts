import { TimestampedModel } from './base';

export const OPERATOR_ROLES = ['super_admin', 'support'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

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
