import { SMS_TEST_RECIPIENTS } from './account';
import { TwilioApiError } from './errors';
import type { MessageResource } from './resources';

export type MessageChannel = 'sms' | 'whatsapp';

const E164 = /^\+[1-9]\d{6,14}$/;
const WHATSAPP_PREFIX = 'whatsapp:';

/** A message address as Twilio writes it: `+16175550123` for SMS, `whatsapp:+16175550123` for WhatsApp. */
export interface ChannelAddress {
  channel: MessageChannel;
  /** The phone number alone, in E.164 when the address is valid. */
  number: string;
}

export function parseAddress(address: string): ChannelAddress {
  return address.startsWith(WHATSAPP_PREFIX)
    ? { channel: 'whatsapp', number: address.slice(WHATSAPP_PREFIX.length) }
    : { channel: 'sms', number: address };
}

export function formatAddress(channel: MessageChannel, number: string): string {
  return channel === 'whatsapp' ? `${WHATSAPP_PREFIX}${number}` : number;
}

export function isE164(number: string): boolean {
  return E164.test(number);
}

/** Twilio's default opt-out keywords: the whole message, case aside, is one of these words. */
const KEYWORDS: Record<string, 'stop' | 'start' | 'help'> = {
  stop: 'stop',
  stopall: 'stop',
  unsubscribe: 'stop',
  cancel: 'stop',
  end: 'stop',
  quit: 'stop',
  start: 'start',
  yes: 'start',
  unstop: 'start',
  help: 'help',
  info: 'help',
};

export function optOutKeyword(body: string): 'stop' | 'start' | 'help' | undefined {
  return KEYWORDS[body.trim().toLowerCase()];
}

/** What Twilio texts back itself when its default opt-out handling sees STOP or START. */
export const OPT_OUT_CONFIRMATIONS = {
  stop: 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.',
  start: 'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.',
} as const;

/** The refusal Twilio's test credentials give for each magic `To` number, at create time. */
const MAGIC_RECIPIENT_ERRORS: Record<string, (to: string) => TwilioApiError> = {
  [SMS_TEST_RECIPIENTS.invalid]: (to) => new TwilioApiError(400, 21211, `Invalid 'To' Phone Number: ${to}`),
  [SMS_TEST_RECIPIENTS.unroutable]: (to) => new TwilioApiError(400, 21612, `The 'To' phone number: ${to}, is not currently reachable via SMS.`),
  [SMS_TEST_RECIPIENTS.regionNotEnabled]: (to) =>
    new TwilioApiError(400, 21408, `Permission to send an SMS has not been enabled for the region indicated by the 'To' number: ${to}.`),
  [SMS_TEST_RECIPIENTS.blocked]: () => unsubscribedRecipient(),
  [SMS_TEST_RECIPIENTS.landline]: (to) => new TwilioApiError(400, 21614, `'To' number ${to} is not a valid mobile number`),
};

export function unsubscribedRecipient(): TwilioApiError {
  return new TwilioApiError(400, 21610, 'Attempt to send to unsubscribed recipient');
}

/** Why Twilio would refuse to create an SMS to `to` before queuing it, if it would. */
export function magicRecipientRefusal(to: string): TwilioApiError | undefined {
  return MAGIC_RECIPIENT_ERRORS[to]?.(to);
}

export interface DeliveryFailure {
  status: 'failed' | 'undelivered';
  errorCode: number;
  errorMessage: string;
}

const DELIVERY_FAILURES: Record<string, DeliveryFailure> = {
  [SMS_TEST_RECIPIENTS.carrierFiltered]: { status: 'undelivered', errorCode: 30007, errorMessage: 'Message filtered' },
  [SMS_TEST_RECIPIENTS.unreachable]: { status: 'failed', errorCode: 30003, errorMessage: 'Unreachable destination handset' },
};

/**
 * The statuses an outbound message goes through. Delivered and undelivered messages were
 * sent first; a failed one never left Twilio, so it goes from queued straight to failed.
 */
export function deliveryPath(message: Pick<MessageResource, 'to'>): { statuses: Array<MessageResource['status']>; failure?: DeliveryFailure } {
  const { channel, number } = parseAddress(message.to);
  const failure = channel === 'sms' ? DELIVERY_FAILURES[number] : undefined;
  if (!failure) return { statuses: ['queued', 'sent', 'delivered'] };
  return { statuses: failure.status === 'failed' ? ['queued', 'failed'] : ['queued', 'sent', 'undelivered'], failure };
}

/** GSM 03.38's basic characters; `GSM_EXTENDED` ones take two of a segment's septets. */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/**
 * How many SMS segments a body takes: 160 GSM-7 septets alone or 153 a part when
 * concatenated; with any other character, 70 UTF-16 units alone or 67 a part.
 */
export function smsSegments(body: string): number {
  let septets = 0;
  let gsm = true;
  for (const ch of body) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
}
