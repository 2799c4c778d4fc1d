import type { OperatorRole } from '../catalogue';
import type { OperatorFacts, OperatorStatus } from '../../../domain/operator-changes';

/** A row of `GET /api/admin/operators`. */
export interface OperatorRecord {
  id: string;
  email: string;
  name: string;
  role: OperatorRole;
  /** Invited (no password chosen yet), active, or disabled. */
  status: OperatorStatus;
  password_set: boolean;
  invited_at: string | null;
  /** When the open invitation's link stops working (null once a password is chosen). */
  invite_expires_at: string | null;
  last_login_at: string | null;
  disabled_at: string | null;
  created_at: string;
}

/** What the rule of who may change whom (domain/operator-changes.ts) needs of a row. */
export const factsOf = (operator: OperatorRecord): OperatorFacts => ({
  id: operator.id,
  role: operator.role,
  disabled: operator.status === 'disabled',
  hasPassword: operator.password_set,
});
