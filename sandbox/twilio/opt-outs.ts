import { rfc2822 } from '../ids';
import type { SandboxState } from '../state';

/**
 * Twilio's default opt-out handling: a recipient who texted STOP to one of the account's
 * numbers cannot be texted from that number until they text START.
 */
export function isOptedOut(state: SandboxState, sender: string, recipient: string): boolean {
  return state.smsOptOuts.some((o) => o.sender === sender && o.recipient === recipient);
}

export function optOut(state: SandboxState, sender: string, recipient: string, now: Date): void {
  if (!isOptedOut(state, sender, recipient)) state.smsOptOuts.push({ sender, recipient, since: rfc2822(now) });
}

export function optIn(state: SandboxState, sender: string, recipient: string): void {
  state.smsOptOuts = state.smsOptOuts.filter((o) => !(o.sender === sender && o.recipient === recipient));
}
