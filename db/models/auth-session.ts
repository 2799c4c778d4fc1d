import { BaseModel } from './base';

/** A signed-in person's session; only hashes of its tokens are kept. */
export class AuthSession extends BaseModel {
  static override tableName = 'auth_sessions';

  declare id: string;
  declare tenant_id: string | null;
  declare subject_type: 'operator' | 'tenant_user';
  declare subject_id: string;
  declare access_hash: string;
  declare access_expires_at: Date;
  declare refresh_hash: string;
  declare refresh_expires_at: Date;
  declare previous_refresh_hash: string | null;
  declare support_session_id: string | null;
  declare user_agent: string | null;
  declare ip: string | null;
  declare created_at: Date;
  declare last_seen_at: Date | null;
  declare revoked_at: Date | null;
}
