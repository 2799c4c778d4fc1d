import twilio from 'twilio';
import { agentScript } from '../../domain/agent-script';
import type { AgentMove } from '../../workflows/call-messages';

type Say = Parameters<twilio.twiml.VoiceResponse['say']>[0];

/** Where the caller's words go after each `<Gather>` (relative: Twilio resolves it against the webhook's URL). */
export const TURN_PATH = '/webhooks/twilio/voice/turn';

const DEFAULT_VOICE = { voice: 'Polly.Joanna', language: 'en-US' };

/**
 * Every call put through to a person ends by DIAL_TIME_LIMIT at the latest: a caller who
 * keeps a transferred call open cannot run up the company's bill without end.
 */
export interface DialLimit {
  seconds: number;
}

/** The agent's move as TwiML: `<Say>` + `<Gather>`, `<Say>` + `<Dial>`, or `<Say>` + `<Hangup>`. */
export function renderMove(move: AgentMove, dialLimit: DialLimit): string {
  const response = new twilio.twiml.VoiceResponse();
  const say = { voice: move.voice, language: move.language } as Say;
  switch (move.kind) {
    case 'gather': {
      const gather = response.gather({
        input: ['speech'],
        action: TURN_PATH,
        method: 'POST',
        speechTimeout: 'auto',
        language: move.language as never,
        // Silence comes back to the workflow too, so the agent can ask again or say goodbye.
        actionOnEmptyResult: true,
      });
      gather.say(say, move.say);
      break;
    }
    case 'dial':
      response.say(say, move.say);
      response.dial({ timeLimit: dialLimit.seconds }, move.to);
      break;
    case 'hangup':
      response.say(say, move.say);
      response.hangup();
      break;
  }
  return response.toString();
}

/** A number that leads nowhere (unknown, or its tenant not live yet). */
export function notInService(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(DEFAULT_VOICE as Say, agentScript.notInService());
  response.hangup();
  return response.toString();
}

/** When not even the dialled number can be looked up. */
export function unavailable(): string {
  const response = new twilio.twiml.VoiceResponse();
  response.say(DEFAULT_VOICE as Say, agentScript.unavailable());
  response.hangup();
  return response.toString();
}

/** Straight to the company's own line, with a word first; a goodbye when it has none. */
export function forwardTo(companyName: string, number: string | null, reason: 'suspended' | 'fallback', dialLimit: DialLimit): string {
  const response = new twilio.twiml.VoiceResponse();
  const words = reason === 'suspended' ? agentScript.holdSuspended(companyName) : agentScript.holdFallback(companyName);
  if (!number) {
    response.say(DEFAULT_VOICE as Say, agentScript.noLine(companyName));
    response.hangup();
    return response.toString();
  }
  response.say(DEFAULT_VOICE as Say, words);
  response.dial({ timeLimit: dialLimit.seconds }, number);
  return response.toString();
}

/** An answer for Twilio's status callbacks, which expect no TwiML. */
export const EMPTY = new twilio.twiml.VoiceResponse().toString();
