/** An error the Twilio REST API would answer with; the SDK turns it into a RestException. */
export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export function twilioErrorBody(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** Twilio's code for a generic failure of the given HTTP status, used by injected faults. */
export function twilioFaultBody(status: number, message: string) {
  const code = status === 429 ? 20429 : status === 401 ? 20003 : status === 404 ? 20404 : status >= 500 ? 20500 : 20001;
  return twilioErrorBody(status, code, message);
}
