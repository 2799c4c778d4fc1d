/**
 * The sandbox's one Twilio account. These values are deliberately public: the sandbox
 * listens on loopback unless told otherwise, and the API imports them to check the
 * signatures of webhooks the caller simulator sends while Twilio is sandboxed.
 */
export const SANDBOX_ACCOUNT_SID = 'ACc0ffee5a4db0c0ffee5a4db0c0ffee5a';
export const SANDBOX_AUTH_TOKEN = 'd0d0cafe5a4db0c0ffee5a4db0d0cafe';

export const TWILIO_API_VERSION = '2010-04-01';

export const accountPath = `/${TWILIO_API_VERSION}/Accounts/${SANDBOX_ACCOUNT_SID}`;

/**
 * Recipients whose messages meet a fixed fate, so tests and demos reach each of Twilio's
 * outcomes on purpose. The `+1500555000x` numbers are the magic `To` numbers of Twilio's
 * test credentials, refused when the message is created (HTTP 400, the error code given);
 * the two 555-01xx numbers are accepted and then fail the way a carrier reports it, through
 * the message's StatusCallback. They apply to SMS; WhatsApp messages to them are delivered.
 */
export const SMS_TEST_RECIPIENTS = {
  /** 21211: "Invalid 'To' Phone Number". */
  invalid: '+15005550001',
  /** 21612: Twilio cannot route to this number. */
  unroutable: '+15005550002',
  /** 21408: the account may not send to this number's region. */
  regionNotEnabled: '+15005550003',
  /** 21610: blocked for the account, as if it had replied STOP. */
  blocked: '+15005550004',
  /** 21614: a landline, which cannot receive text messages. */
  landline: '+15005550009',
  /** Accepted, sent, then `undelivered` with 30007 (message filtered by the carrier). */
  carrierFiltered: '+16175550107',
  /** Accepted, then `failed` with 30003 (unreachable destination handset). */
  unreachable: '+16175550103',
} as const;
