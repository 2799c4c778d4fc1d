import { accountPath, SANDBOX_ACCOUNT_SID, TWILIO_API_VERSION } from './account';
import type { PoolNumber } from './number-pool';
import { rfc2822, twilioSid } from '../ids';
import { parseAddress, smsSegments } from './message-rules';

/* Resources are stored in the JSON shape the 2010-04-01 API serves, so a fetch is a copy. */

export interface IncomingNumberResource {
  sid: string;
  account_sid: string;
  friendly_name: string;
  phone_number: string;
  voice_url: string | null;
  voice_method: string;
  voice_fallback_url: string | null;
  voice_fallback_method: string;
  status_callback: string | null;
  status_callback_method: string;
  sms_url: string | null;
  sms_method: string;
  sms_fallback_url: string | null;
  sms_fallback_method: string;
  capabilities: { voice: boolean; sms: boolean; mms: boolean; fax: boolean };
  date_created: string;
  date_updated: string;
  [key: string]: unknown;
}

export type MessageDirection = 'inbound' | 'outbound-api' | 'outbound-reply';

export interface MessageResource {
  sid: string;
  to: string;
  from: string;
  body: string;
  direction: MessageDirection;
  status: 'queued' | 'sent' | 'delivered' | 'failed' | 'undelivered' | 'received';
  error_code: number | null;
  error_message: string | null;
  status_callback_url?: string;
  date_created: string;
  date_updated: string;
  date_sent: string | null;
  [key: string]: unknown;
}

/** A recipient who opted out of one sender's texts, by keyword. */
export interface SmsOptOut {
  /** The account's number the STOP was sent to. */
  sender: string;
  recipient: string;
  since: string;
}

export type CallStatus = 'queued' | 'ringing' | 'in-progress' | 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';

export interface CallResource {
  sid: string;
  to: string;
  from: string;
  status: CallStatus;
  duration: string | null;
  start_time: string | null;
  end_time: string | null;
  date_updated: string;
  [key: string]: unknown;
}

export function formatNational(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : e164;
}

export function availableNumber(n: PoolNumber) {
  return {
    friendly_name: formatNational(n.phoneNumber),
    phone_number: n.phoneNumber,
    lata: n.area?.lata ?? null,
    locality: n.area?.locality ?? null,
    rate_center: n.area?.rateCenter ?? null,
    latitude: n.area?.latitude ?? null,
    longitude: n.area?.longitude ?? null,
    region: n.area?.region ?? null,
    postal_code: n.area?.postalCode ?? null,
    iso_country: 'US',
    address_requirements: 'none',
    beta: false,
    capabilities: { ...n.capabilities },
  };
}

/** The fields every resource of the API has: a new sid (starting `prefix`), its account and dates, and its URI in `list`. */
function newResource(prefix: string, list: string, now: Date) {
  const sid = twilioSid(prefix);
  const date = rfc2822(now);
  return { sid, account_sid: SANDBOX_ACCOUNT_SID, api_version: TWILIO_API_VERSION, date_created: date, date_updated: date, uri: `${accountPath}/${list}/${sid}.json` };
}

/** The URI of a resource's subresource, e.g. a call's `Recordings.json`. */
const subresource = (resource: { uri: string }, name: string) => resource.uri.replace(/\.json$/, `/${name}.json`);

export function newIncomingNumber(n: PoolNumber, now: Date): IncomingNumberResource {
  const resource = newResource('PN', 'IncomingPhoneNumbers', now);
  return {
    ...resource,
    address_sid: null,
    address_requirements: 'none',
    beta: false,
    capabilities: { ...n.capabilities },
    emergency_status: 'Inactive',
    emergency_address_sid: null,
    emergency_address_status: 'unregistered',
    friendly_name: formatNational(n.phoneNumber),
    identity_sid: null,
    origin: 'twilio',
    phone_number: n.phoneNumber,
    sms_application_sid: null,
    sms_fallback_method: 'POST',
    sms_fallback_url: null,
    sms_method: 'POST',
    sms_url: null,
    status_callback: null,
    status_callback_method: 'POST',
    trunk_sid: null,
    voice_application_sid: null,
    voice_caller_id_lookup: false,
    voice_fallback_method: 'POST',
    voice_fallback_url: null,
    voice_method: 'POST',
    voice_receive_mode: 'voice',
    voice_url: null,
    bundle_sid: null,
    status: 'in-use',
    subresource_uris: { assigned_add_ons: subresource(resource, 'AssignedAddOns') },
  };
}

export interface NewMessage {
  to: string;
  from: string;
  body: string;
  /** Outbound by default (`outbound-api`); an inbound message is stored already `received`. */
  direction?: MessageDirection;
  statusCallback?: string;
}

export function newMessage(input: NewMessage, now: Date): MessageResource {
  const resource = newResource('SM', 'Messages', now);
  const direction = input.direction ?? 'outbound-api';
  const inbound = direction === 'inbound';
  return {
    ...resource,
    body: input.body,
    date_sent: inbound ? resource.date_created : null,
    direction,
    error_code: null,
    error_message: null,
    from: input.from,
    messaging_service_sid: null,
    num_media: '0',
    // WhatsApp has no segments: a message is one message.
    num_segments: String(parseAddress(input.to).channel === 'whatsapp' ? 1 : smsSegments(input.body)),
    price: null,
    price_unit: 'USD',
    status: inbound ? 'received' : 'queued',
    // Not part of Twilio's resource: where the status changes are reported. Stripped on output.
    status_callback_url: input.statusCallback,
    subresource_uris: { media: subresource(resource, 'Media'), feedback: subresource(resource, 'Feedback') },
    to: input.to,
  };
}

export function messageJson(m: MessageResource) {
  const { status_callback_url: _hidden, ...rest } = m;
  return rest;
}

export function newCall(input: { from: string; to: string; phoneNumberSid: string }, now: Date): CallResource {
  const resource = newResource('CA', 'Calls', now);
  return {
    ...resource,
    annotation: null,
    answered_by: null,
    caller_name: null,
    direction: 'inbound',
    duration: null,
    end_time: null,
    forwarded_from: input.to,
    from: input.from,
    from_formatted: formatNational(input.from),
    group_sid: null,
    parent_call_sid: null,
    phone_number_sid: input.phoneNumberSid,
    price: null,
    price_unit: 'USD',
    queue_time: '0',
    start_time: null,
    status: 'ringing',
    subresource_uris: {
      notifications: subresource(resource, 'Notifications'),
      recordings: subresource(resource, 'Recordings'),
      events: subresource(resource, 'Events'),
    },
    to: input.to,
    to_formatted: formatNational(input.to),
    trunk_sid: null,
  };
}
