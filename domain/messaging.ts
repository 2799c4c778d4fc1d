import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { clock, localParts, zonedTime } from './local-time';

/**
 * Texts to a company's customers: the kinds of message, their templates and variables,
 * how long a text is in SMS segments, which numbers can take one, quiet hours, and the
 * order of a message's statuses. Pure: the sending activity, the API, the workflows and
 * the console share these rules.
 */

export const MESSAGE_KINDS = ['appointment_confirmation', 'appointment_reminder', 'missed_call', 'job_update', 'customer_invoice_reminder', 'campaign', 'reply'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const MESSAGE_CHANNELS = ['sms', 'whatsapp'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/**
 * A message's statuses: `held` (written, not yet with Twilio: waiting for quiet hours to
 * end, or about to be sent), Twilio's `queued → sent → delivered | undelivered | failed`,
 * `suppressed` (never sent: the recipient opted out or gave no consent), and `received`
 * for a text the customer sent.
 */
export const MESSAGE_STATUSES = ['held', 'queued', 'sent', 'delivered', 'undelivered', 'failed', 'suppressed', 'received'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const CONTACT_SOURCES = ['call', 'sms', 'appointment', 'import', 'api', 'portal'] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

/** Whether the contact just did something (their call, their booking) — those go at once, the rest respect quiet hours. */
export function isResponse(kind: MessageKind): boolean {
  return kind === 'appointment_confirmation' || kind === 'missed_call' || kind === 'reply';
}

/** Filled in by the sending activity for every kind, from the company's record and the contact's. */
export const COMMON_VARIABLES = ['company_name', 'company_phone', 'contact_name'] as const;

/** The variables each kind's template may use, and the default template text of each kind. */
export const TEMPLATE_VARIABLES: Record<MessageKind, readonly string[]> = {
  appointment_confirmation: [...COMMON_VARIABLES, 'appointment_time', 'service_type', 'service_address'],
  appointment_reminder: [...COMMON_VARIABLES, 'appointment_time', 'service_type', 'service_address'],
  missed_call: [...COMMON_VARIABLES],
  job_update: [...COMMON_VARIABLES, 'job_status', 'technician_name', 'eta', 'items'],
  customer_invoice_reminder: [...COMMON_VARIABLES, 'invoice_number', 'amount', 'due_date', 'pay_link'],
  campaign: [...COMMON_VARIABLES, 'message'],
  reply: [...COMMON_VARIABLES, 'message'],
};

export const DEFAULT_TEMPLATES: Record<MessageKind, string> = {
  appointment_confirmation: '{company_name}: your visit is booked for {appointment_time} at {service_address}. Reply C to confirm or R to reschedule. Reply STOP to opt out.',
  appointment_reminder: '{company_name}: a reminder of your visit on {appointment_time} at {service_address}. Reply C to confirm or R to reschedule.',
  missed_call: 'Sorry we missed your call! This is {company_name}. Reply here and we will get back to you, or call us at {company_phone}.',
  job_update: '{company_name}: {job_status}',
  customer_invoice_reminder: '{company_name}: invoice {invoice_number} for {amount} is due {due_date}. Pay here: {pay_link}',
  campaign: '{message} Reply STOP to opt out.',
  reply: '{message}',
};

/** `{name}`: a template variable; anything else in braces is text. */
const VARIABLE = /\{([a-z][a-z0-9_]*)\}/g;

/** The variables a template names, each once, in order. */
export function templateVariables(template: string): string[] {
  return [...new Set([...template.matchAll(VARIABLE)].map((m) => m[1]!))];
}

/** The template with each variable replaced by its value (a variable without one: nothing). */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(VARIABLE, (_, name: string) => values[name] ?? '').replace(/[ \t]{2,}/g, ' ').trim();
}

/** The variables `template` uses that its kind does not fill. */
export function unknownVariables(template: string, kind: MessageKind): string[] {
  const known = new Set(TEMPLATE_VARIABLES[kind]);
  return templateVariables(template).filter((name) => !known.has(name));
}

/** Sample values for a template's preview. */
export const PREVIEW_VALUES: Record<string, string> = {
  company_name: 'Acme Heating',
  company_phone: '+16175550100',
  contact_name: 'Jane Smith',
  appointment_time: 'Tuesday, March 4 at 10:00 AM',
  service_type: 'furnace repair',
  service_address: '12 Oak Street, Boston',
  job_status: 'Your technician is on the way',
  technician_name: 'Sam',
  eta: '10:30 AM',
  items: 'blower motor (arrived)',
  invoice_number: 'INV-1042',
  amount: '$240.00',
  due_date: 'March 15',
  pay_link: 'https://pay.example.com/inv-1042',
  message: 'Thanks for your message, we will call you back shortly.',
};

/** GSM 03.38's basic set: one septet each. */
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** Its extension table: an escape and the character, two septets each. */
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/**
 * How a text travels as SMS: GSM-7 when every character is in the GSM set (160 septets in
 * one message, 153 per part of a longer one), else UCS-2 (70 UTF-16 units, 67 per part).
 */
export function smsSegments(text: string): { encoding: 'GSM-7' | 'UCS-2'; segments: number } {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'GSM-7', segments: septets === 0 ? 0 : septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = text.length;
  return { encoding: 'UCS-2', segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

/** Number types that cannot take a text. A US number is "fixed line or mobile": it may. */
const NOT_TEXTABLE: Record<string, string> = {
  FIXED_LINE: 'a landline',
  TOLL_FREE: 'a toll-free number',
  PREMIUM_RATE: 'a premium-rate number',
  SHARED_COST: 'a shared-cost number',
  UAN: 'a company switchboard number',
  VOICEMAIL: 'a voicemail access number',
  PAGER: 'a pager',
};

/** Why `to` cannot be texted (not a valid number, or not a mobile one), or undefined when it can. */
export function textRefusal(to: string): string | undefined {
  const parsed = parsePhoneNumberFromString(to);
  if (!parsed || !parsed.isValid() || parsed.number !== to) return 'expected a valid phone number in E.164, e.g. +18575550123';
  const type = parsed.getType();
  const what = type ? NOT_TEXTABLE[type] : undefined;
  return what ? `${to} is ${what}, which cannot receive text messages` : undefined;
}

export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '08:00' };

/** `HH:MM`, 00:00–23:59: the bounds of quiet hours. */
export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** How many texts a minute a company may set its number to send: at least one, at most ten a second. */
export const MESSAGE_RATE_LIMITS = { min: 1, max: 600 } as const;

/**
 * When a message initiated by Kestrel may go: `at` itself, or the end of quiet hours in
 * `timeZone` (default 21:00–08:00). Quiet hours may run past midnight (start after end)
 * or within a day; equal bounds mean none. The end is the local clock time on the day it
 * falls: across a change of the clocks it is still 08:00 there.
 */
export function sendableAt(at: Date, timeZone: string, quiet: QuietHours = DEFAULT_QUIET_HOURS): Date {
  if (quiet.start === quiet.end) return at;
  const local = localParts(at, timeZone);
  const now = clock(local);
  const overnight = quiet.start > quiet.end;
  const inQuiet = overnight ? now >= quiet.start || now < quiet.end : now >= quiet.start && now < quiet.end;
  if (!inQuiet) return at;
  // Past the start of overnight quiet hours, they end tomorrow; otherwise today.
  const dayAhead = overnight && now >= quiet.start ? 1 : 0;
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + dayAhead));
  const [hour, minute] = quiet.end.split(':').map(Number) as [number, number];
  return zonedTime(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), hour, minute, timeZone);
}

/** How far along a message is: a status callback never moves it back (a late `sent` does not undo `delivered`). */
const STATUS_RANK: Record<MessageStatus, number> = {
  held: 0,
  queued: 1,
  sent: 2,
  delivered: 3,
  undelivered: 3,
  failed: 3,
  suppressed: 3,
  received: 3,
};

/** Whether a message in status `from` may move to `to`. */
export function statusMovesForward(from: MessageStatus, to: MessageStatus): boolean {
  return STATUS_RANK[to] > STATUS_RANK[from];
}

/** Twilio's statuses of an outbound message, as the log keeps them. */
export function statusFromTwilio(status: string): MessageStatus | undefined {
  switch (status) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
      return 'queued';
    case 'sending':
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return undefined;
  }
}

/** Twilio's address of a number on a channel: `whatsapp:+1…` for WhatsApp. */
export const channelAddress = (channel: MessageChannel, e164: string) => (channel === 'whatsapp' ? `whatsapp:${e164}` : e164);

/** A Twilio address without its channel: the number, and the channel it came on. */
export function fromChannelAddress(address: string): { number: string; channel: MessageChannel } {
  return address.startsWith('whatsapp:') ? { number: address.slice('whatsapp:'.length), channel: 'whatsapp' } : { number: address, channel: 'sms' };
}
