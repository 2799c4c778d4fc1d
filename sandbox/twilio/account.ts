/**
 * The sandbox's one Twilio account. These values are deliberately public: the sandbox
 * listens on loopback unless told otherwise, and the API imports them to check the
 * signatures of webhooks the caller simulator sends while Twilio is sandboxed.
 */
export const SANDBOX_ACCOUNT_SID = 'ACc0ffee5a4db0c0ffee5a4db0c0ffee5a';
export const SANDBOX_AUTH_TOKEN = 'd0d0cafe5a4db0c0ffee5a4db0d0cafe';

export const TWILIO_API_VERSION = '2010-04-01';

export const accountPath = `/${TWILIO_API_VERSION}/Accounts/${SANDBOX_ACCOUNT_SID}`;
