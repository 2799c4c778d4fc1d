import type { CallStatus } from './resources';

export type WebhookPurpose = 'voice' | 'fallback' | 'gather' | 'redirect' | 'dial-action' | 'status-callback';

/** One step of a simulated call, in the order the caller would live it. */
export type CallEvent =
  | {
      type: 'webhook';
      purpose: WebhookPurpose;
      request: { method: string; url: string; params: Record<string, string>; signature: string };
      /** True for the second delivery of a webhook repeated as after a timeout; the first is then `superseded`. */
      repeated?: boolean;
      superseded?: boolean;
      response?: { status: number; contentType: string; body: string };
      error?: string;
    }
  | { type: 'say'; text: string; voice?: string; language?: string }
  | { type: 'play'; url: string }
  | { type: 'pause'; seconds: number }
  | { type: 'gather'; input: string; action: string; method: string }
  | { type: 'speech'; text: string; confidence: number }
  | { type: 'digits'; digits: string }
  | { type: 'silence' }
  | { type: 'transfer'; to: string; callerId?: string; dialCallStatus: 'completed'; dialCallDuration: number }
  | { type: 'redirect'; url: string; method: string; by: 'twiml' | 'api' }
  | { type: 'hangup'; by: 'agent' | 'caller' | 'api' }
  | { type: 'unsupported'; verb: string }
  | { type: 'error'; code: number; message: string }
  | { type: 'end'; status: CallStatus; duration: number; reason: string };

/** Who said what, for people reading an exchange. */
export function transcriptOf(events: CallEvent[]): Array<{ speaker: 'agent' | 'caller'; text: string }> {
  const lines: Array<{ speaker: 'agent' | 'caller'; text: string }> = [];
  for (const e of events) {
    if (e.type === 'say') lines.push({ speaker: 'agent', text: e.text });
    if (e.type === 'speech') lines.push({ speaker: 'caller', text: e.text });
    if (e.type === 'digits') lines.push({ speaker: 'caller', text: `[pressed ${e.digits}]` });
  }
  return lines;
}
