import { BaseModel } from './base';

/** One line of the append-only audit log (the application role may not update or delete). */
export class AuditEntry extends BaseModel {
  static override tableName = 'audit_log';
  static override jsonAttributes = ['details'];

  declare id: number;
  declare tenant_id: string | null;
  declare actor_type: 'operator' | 'tenant_user' | 'api_key' | 'system';
  declare actor_id: string | null;
  declare action: string;
  declare target_type: string | null;
  declare target_id: string | null;
  declare reason: string | null;
  declare support_session_id: string | null;
  declare request_id: string | null;
  declare details: Record<string, unknown>;
  declare idempotency_key: string | null;
  declare created_at: Date;
}
