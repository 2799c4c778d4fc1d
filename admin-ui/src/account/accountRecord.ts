/** A signed-in session of one's own (`GET /api/auth/sessions`). */
export interface AuthSession {
  id: string;
  created_at: string;
  last_seen_at: string | null;
  user_agent: string | null;
  ip: string | null;
  /** The session this page is using. */
  current: boolean;
}

/** What a one-time code is for: verifying the phone, or the second step of signing in. */
export type CodePurpose = 'verify_phone' | 'sign_in';

/** A code texted: until when it works, and where it went (masked: `•••• 0142`). */
export interface CodeSent {
  expires_at: string;
  destination: string;
}
