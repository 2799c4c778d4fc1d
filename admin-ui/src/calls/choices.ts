/**
 * What a call log can say about a call. The summariser's schema declares them
 * (activities/calls.ts, CALL_OUTCOMES), a module that pulls the database along: they are
 * copied here and must follow it.
 */
export const CALL_OUTCOMES = ['appointment_booked', 'emergency_transferred', 'information', 'voicemail', 'spam', 'abandoned', 'other'] as const;
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

export const outcomeChoices = CALL_OUTCOMES.map((id) => ({ id, name: `kestrel.outcomes.${id}` }));
