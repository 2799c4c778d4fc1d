import { BaseModel } from './base';

export class SupportSession extends BaseModel {
  static override tableName = 'support_sessions';

  declare id: string;
  declare tenant_id: string;
  declare operator_id: string;
  declare reason: string;
  declare ticket_ref: string | null;
  declare can_write: boolean;
  declare granted_by: string | null;
  declare started_at: Date;
  declare expires_at: Date;
  declare ended_at: Date | null;
  declare write_granted_at: Date | null;
  /** Tenant API paths read in the session, with how often (see api/auth/api-key-auth.ts). */
  declare pages_viewed: Record<string, number>;
}
