import { TimestampedModel } from './base';

export class ApiKey extends TimestampedModel {
  static override tableName = 'api_keys';

  declare id: string;
  declare tenant_id: string;
  declare name: string;
  declare mode: 'live' | 'test';
  declare display_prefix: string;
  declare key_hash: string;
  declare hash_version: number;
  declare scopes: string[];
  declare created_by: string | null;
  declare expires_at: Date | null;
  declare revoked_at: Date | null;
  declare last_used_at: Date | null;
}
