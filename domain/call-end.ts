/** Twilio's final word on a call, as its status callback gives it. */
export interface CallEnded {
  status: string;
  durationSeconds: number | null;
}

/** Statuses after which a call is over (Twilio also reports ringing, in-progress… when asked to). */
export const FINAL_CALL_STATUSES: ReadonlySet<string> = new Set(['completed', 'busy', 'failed', 'no-answer', 'canceled']);
