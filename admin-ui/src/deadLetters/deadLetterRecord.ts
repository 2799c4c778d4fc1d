/** A row of `GET /api/admin/dead-letters`; one letter adds its step's input. */
export interface DeadLetterRecord {
  id: string;
  tenant_id: string | null;
  company_name: string | null;
  workflow_id: string;
  run_id: string | null;
  step: string;
  error: string;
  attempts: number;
  replayed_at: string | null;
  resolved_at: string | null;
  /** Why the last replay failed; the letter is open again then. */
  replay_error?: string | null;
  created_at: string;
  input?: unknown;
}

export const DEAD_LETTER_STATES = ['open', 'replayed', 'resolved'] as const;
export type DeadLetterState = (typeof DEAD_LETTER_STATES)[number];

export const deadLetterStateChoices = DEAD_LETTER_STATES.map((id) => ({ id, name: `kestrel.dead_letter_state.${id}` }));

/** Open until an operator replays it; replayed while the replay runs; resolved once the step succeeded. */
export const stateOf = (letter: Pick<DeadLetterRecord, 'replayed_at' | 'resolved_at'>): DeadLetterState =>
  letter.resolved_at ? 'resolved' : letter.replayed_at ? 'replayed' : 'open';
