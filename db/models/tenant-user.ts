import { TimestampedModel } from './base';

export const TENANT_ROLES = ['owner', 'admin', 'member'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

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
}
