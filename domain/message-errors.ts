/**
 * Twilio's error codes for messages, in the words a company reads on its message log, and
 * what each means for the send: `permanent` errors will not change however often the
 * message is sent again (the number is wrong, the recipient unsubscribed), the others may
 * pass later. A code Twilio reports on a status callback (30003…) tells why a message
 * accepted earlier was not delivered.
 */
export interface MessageError {
  meaning: string;
  permanent: boolean;
  /** The recipient said STOP: they are opted out, and no message is sent to them again. */
  optedOut?: boolean;
}

export const MESSAGE_ERRORS: Record<number, MessageError> = {
  20429: { meaning: 'Twilio asked for fewer requests at a time', permanent: false },
  21211: { meaning: "The recipient's number is not a valid phone number", permanent: true },
  21408: { meaning: "Texting this number's country or region is not enabled for the company's account", permanent: true },
  21602: { meaning: 'The message was empty', permanent: true },
  21606: { meaning: "The company's number cannot send text messages", permanent: true },
  21610: { meaning: 'The recipient unsubscribed (replied STOP) and cannot be texted until they reply START', permanent: true, optedOut: true },
  21612: { meaning: "The recipient's number cannot be reached from the company's number", permanent: true },
  21614: { meaning: "The recipient's number is not a mobile number", permanent: true },
  21617: { meaning: 'The message is longer than 1,600 characters', permanent: true },
  30001: { meaning: 'Twilio had too many messages queued; the message was not sent', permanent: false },
  30002: { meaning: "The company's Twilio account is suspended", permanent: true },
  30003: { meaning: "The recipient's phone is switched off or out of reach", permanent: true },
  30004: { meaning: 'The recipient or their carrier blocks messages from this number', permanent: true },
  30005: { meaning: "The recipient's number is unknown to their carrier or no longer in service", permanent: true },
  30006: { meaning: "The recipient's number is a landline or its carrier does not take texts", permanent: true },
  30007: { meaning: "The recipient's carrier filtered the message (as spam or unregistered traffic)", permanent: true },
  30008: { meaning: 'The carrier could not deliver the message, for a reason it did not give', permanent: false },
  63003: { meaning: 'The recipient has no WhatsApp account on this number', permanent: true },
  63016: { meaning: 'WhatsApp allows free-form messages only within 24 hours of the customer writing; this one needs an approved template', permanent: true },
};

/** What a code means, or a general line naming the code when it is not one of the table's. */
export function messageErrorMeaning(code: number | null | undefined, fallback?: string | null): string {
  if (code === null || code === undefined) return fallback ?? 'The message could not be sent';
  return MESSAGE_ERRORS[code]?.meaning ?? (fallback ? `${fallback} (Twilio error ${code})` : `Twilio error ${code}`);
}
