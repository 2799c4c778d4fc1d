/**
 * The account vocabulary shared by the API, the database models and the console: who a
 * person is to a company or to Kestrel, which kind an API key is, what a password must be.
 */

/** A company's people: the owner (one per company), admins who manage users and keys, members who read. */
export const TENANT_ROLES = ['owner', 'admin', 'member'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/** Kestrel's own operators: a super_admin may do everything; support works through support sessions. */
export const OPERATOR_ROLES = ['super_admin', 'support'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** A live key reads and writes the company's real data; a test key its sandbox data only. */
export const API_KEY_MODES = ['live', 'test'] as const;
export type ApiKeyMode = (typeof API_KEY_MODES)[number];

/** What a new password must be: long enough, and not absurdly long (scrypt's input is hashed whole). */
export const PASSWORD_RULES = { minLength: 12, maxLength: 256 } as const;

/** One of a person's sessions, as they see it in their security settings (GET /api/auth/sessions). */
export interface SessionSummary {
  id: string;
  created_at: string;
  last_seen_at: string | null;
  user_agent: string | null;
  ip: string | null;
  /** The session the request came in on. */
  current: boolean;
}
