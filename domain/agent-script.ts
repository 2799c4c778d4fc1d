/**
 * What Kestrel says on the phone in its own words, wherever the words are decided: the
 * call workflow (silences, emergencies, hand-overs), the agent activity (when the model
 * gives no words of its own) and the webhooks' TwiML (numbers out of service, outages).
 * The model's own sentences are not here; the ones it falls back to are.
 */
export const agentScript = {
  // The conversation (call workflow).
  didNotCatch: () => "Sorry, I didn't catch that. How can I help you?",
  cannotHear: (company: string) => `I'm sorry, I can't hear you. Please call ${company} back. Goodbye.`,
  emergency: (company: string) => `That sounds like an emergency. If you are in danger, leave the building and call 911. I'm connecting you with ${company} right now.`,
  tooManyTurns: () => 'Let me connect you with someone who can help you further.',
  agentTrouble: () => "I'm sorry, I'm having trouble right now. Let me connect you with someone who can help.",
  /** After a hand-over that found no number to dial. */
  callBackShortly: (said: string) => `${said} Please call us back shortly. Goodbye.`,
  afterTheCall: () => 'Goodbye.',

  // The agent's own words when the model gives none (agent activity).
  sayAgain: () => 'Sorry, could you say that again?',
  transferring: (company: string) => `I'm connecting you with someone from ${company} now. Please stay on the line.`,
  goodbye: (company: string) => `Thank you for calling ${company}. Goodbye!`,
  booked: (when: string, address: string) => `You're all set for ${when}, at ${address}. Is there anything else I can help you with?`,
  askAddress: () => "Before I book that, what's the address where you need the visit?",
  bookingFailed: () => "I'm sorry, I couldn't book that time. Is there another day or time that works for you?",

  // Before any workflow answers (voice webhook).
  notInService: () => 'We are sorry, the number you have called is not in service. Goodbye.',
  unavailable: () => 'We are sorry, we cannot take your call right now. Please try again in a few minutes. Goodbye.',
  holdSuspended: (company: string) => `Thank you for calling ${company}. Please hold while we connect you.`,
  holdFallback: (company: string) => `Thank you for calling ${company}. Please hold while we connect you with someone who can help.`,
  noLine: (company: string) => `Thank you for calling ${company}. We cannot take your call right now. Please try again later. Goodbye.`,
} as const;
