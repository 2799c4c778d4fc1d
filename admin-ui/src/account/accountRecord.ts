import type { SessionSummary } from '../catalogue';

/** A signed-in session of one's own (`GET /api/auth/sessions`); `current`: the one this page is using. */
export type AuthSession = SessionSummary;

/** What a one-time code is for: verifying the phone, or the second step of signing in. */
export type CodePurpose = 'verify_phone' | 'sign_in';

/** A code texted: until when it works, and where it went (masked: `•••• 0142`). */
export interface CodeSent {
  expires_at: string;
  destination: string;
}
