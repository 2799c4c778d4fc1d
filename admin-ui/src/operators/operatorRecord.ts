import type { OperatorRole } from '../catalogue';

/** A row of `GET /api/admin/operators`. */
export interface OperatorRecord {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  last_login_at: string | null;
  disabled_at: string | null;
  created_at: string;
}
