/** What the provider sandbox's caller simulator lived through so far, as `/api/admin/simulator/calls` returns it. */
export interface SimulatedCall {
  sid: string;
  /** `waiting`: the agent has spoken and listens for the caller. */
  state: 'running' | 'waiting' | 'ended';
  transcript: Array<{ speaker: 'agent' | 'caller'; text: string }>;
  /** Every step of the call (TwiML verbs, webhooks); the page reads transfers and the end. */
  events: SimulatorEvent[];
  /** The index of the first of `events` in the whole call, when they are only what happened since the previous stop. */
  since?: number;
}

export interface SimulatorEvent {
  type: string;
  /** `transfer`: where the call was put through. */
  to?: string;
  /** `hangup`: who hung up. */
  by?: string;
  /** `end`: the final call status and its length. */
  status?: string;
  duration?: number;
  /** `say`, `speech`: the words; `digits`: the keys pressed; `error`: what went wrong. */
  text?: string;
  digits?: string;
  message?: string;
}
