import { TimestampedModel } from './base';

export class TenantUser extends TimestampedModel {
  static override tableName = 'tenant_users';

  declare id: string;
  declare tenant_id: string;
  declare email: string;
  declare name: string | null;
  declare role: 'owner' | 'admin' | 'member';
  declare password_hash: string | null;
  declare invited_at: Date | null;
  declare accepted_at: Date | null;
  declare disabled_at: Date | null;
}
