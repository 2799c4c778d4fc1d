/**
 * What a call log says about a finished call: the summariser's answer, which the call
 * list, the dashboard's chart and the tenant API read.
 */
export const CALL_OUTCOMES = ['appointment_booked', 'emergency_transferred', 'information', 'voicemail', 'spam', 'abandoned', 'other'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** The structured summary of a finished call. */
export interface CallSummary {
  summary: string;
  outcome: CallOutcome;
  customer_name: string | null;
  callback_number: string | null;
  service_type: string | null;
  sentiment: Sentiment;
}
