import { ApplicationFailure } from '@temporalio/common';
import type { Knex } from 'knex';
import { Contact, Message, MessageTemplate } from '../../db/models';
import { withTenant } from '../../db/tenant-context';
import { MESSAGE_ERRORS, messageErrorMeaning } from '../../domain/message-errors';
import {
  DEFAULT_QUIET_HOURS,
  DEFAULT_TEMPLATES,
  MESSAGE_STATUSES,
  channelAddress,
  isResponse,
  renderTemplate,
  sendableAt,
  smsSegments,
  statusFromTwilio,
  statusMovesForward,
  textRefusal,
  type MessageChannel,
  type MessageKind,
  type MessageStatus,
  type QuietHours,
} from '../../domain/messaging';
import { OUT_OF_SERVICE, type TenantStatus } from '../../domain/tenant-status';
import { publicBaseUrl, type Config } from '../../lib/config';
import { isUuid } from '../../lib/uuid';
import type { TwilioClient } from '../../providers/twilio';
import { classifyFailure } from '../failures';
import { takeSendSlot } from './send-rate';

export interface CustomerMessageRequest {
  tenantId: string;
  /** Unique per tenant: the same key never sends twice (messages.idempotency_key). */
  key: string;
  kind: MessageKind;
  /** The recipient, E.164 (or a contact id). */
  to: string;
  /** Template values beyond what the activity fills itself (company_name, company_phone, contact_name). */
  variables: Record<string, string>;
  appointmentId?: string;
  /** The channel to use; by default the contact's preferred one (WhatsApp only with their consent), else SMS. */
  channel?: MessageChannel;
  /** Who at the company wrote it (an audit actor, `tenant_user:<id>`), for a reply sent by hand. */
  sentBy?: string;
}

/**
 * What became of a message. `held`: written, and waiting for the end of quiet hours
 * (`sendAfter`): asked again with the same key from then on, it is sent. `failed` and
 * `suppressed` are final for the key, with the reason.
 */
export interface SendOutcome {
  messageId: string;
  status: 'held' | 'queued' | 'sent' | 'suppressed' | 'failed';
  reason: string | null;
  sendAfter?: string | null;
}

/** A company's messaging settings: its time zone and quiet hours, and its send rate. */
export interface MessagingSettings {
  companyName: string;
  /** The company's Kestrel number: texts are sent from it. */
  phoneNumber: string | null;
  /** The number customers are told to call. */
  companyPhone: string;
  timeZone: string;
  quietHours: QuietHours;
  ratePerMinute: number;
  status: TenantStatus;
}

export async function messagingSettings(trx: Knex.Transaction, tenantId: string): Promise<MessagingSettings> {
  const tenant = await trx('tenants')
    .where({ id: tenantId })
    .first('company_name', 'phone_number', 'forward_to_number', 'timezone', 'quiet_hours_start', 'quiet_hours_end', 'message_rate_per_minute', 'status');
  if (!tenant) throw ApplicationFailure.nonRetryable(`tenant ${tenantId} does not exist`, 'TenantNotFound');
  return {
    companyName: tenant.company_name,
    phoneNumber: tenant.phone_number,
    companyPhone: tenant.phone_number ?? tenant.forward_to_number ?? '',
    timeZone: tenant.timezone,
    quietHours: { start: tenant.quiet_hours_start ?? DEFAULT_QUIET_HOURS.start, end: tenant.quiet_hours_end ?? DEFAULT_QUIET_HOURS.end },
    ratePerMinute: tenant.message_rate_per_minute,
    status: tenant.status,
  };
}

/** Why a contact may not get a message on `channel` now, or undefined when they may. */
export async function suppression(trx: Knex.Transaction, phone: string, channel: MessageChannel, contact: Contact | undefined): Promise<string | undefined> {
  if (channel === 'sms') {
    const stopped = await trx('sms_opt_outs').where({ phone_number: phone }).first('opted_out_at');
    if (stopped || contact?.sms_opted_out_at) return 'The recipient opted out of text messages (STOP)';
    if (contact && !contact.sms_consent) return 'The recipient has not agreed to text messages';
  } else {
    if (contact?.whatsapp_opted_out_at) return 'The recipient opted out of WhatsApp messages (STOP)';
    if (!contact?.whatsapp_consent) return 'The recipient has not agreed to WhatsApp messages';
  }
  return undefined;
}

/** Marks `phone` opted out on `channel`: on its contact, and for SMS in the opt-out record every send checks. */
export async function optOut(trx: Knex.Transaction, tenantId: string, phone: string, channel: MessageChannel): Promise<void> {
  if (channel === 'sms') {
    await trx('sms_opt_outs').insert({ tenant_id: tenantId, phone_number: phone }).onConflict(['tenant_id', 'phone_number']).ignore();
  }
  const column = channel === 'sms' ? 'sms_opted_out_at' : 'whatsapp_opted_out_at';
  await trx('contacts').where({ phone }).whereNull(column).update({ [column]: trx.fn.now(), updated_at: trx.fn.now() });
}

/** Allows `phone` on `channel` again (START). */
export async function optIn(trx: Knex.Transaction, phone: string, channel: MessageChannel): Promise<void> {
  if (channel === 'sms') await trx('sms_opt_outs').where({ phone_number: phone }).delete();
  const column = channel === 'sms' ? 'sms_opted_out_at' : 'whatsapp_opted_out_at';
  await trx('contacts').where({ phone }).whereNotNull(column).update({ [column]: null, updated_at: trx.fn.now() });
}

/** A message's status as the sender reads it: delivered is sent, undelivered failed. */
const OUTCOME: Record<MessageStatus, SendOutcome['status']> = {
  held: 'held',
  queued: 'queued',
  sent: 'sent',
  delivered: 'sent',
  received: 'sent',
  undelivered: 'failed',
  failed: 'failed',
  suppressed: 'suppressed',
};

const outcomeOf = (m: Pick<Message, 'id' | 'status' | 'error_meaning' | 'send_after'>): SendOutcome => ({
  messageId: m.id,
  status: OUTCOME[m.status],
  reason: m.error_meaning,
  sendAfter: m.send_after ? new Date(m.send_after).toISOString() : null,
});

/** The message a request makes: its recipient, channel and text, or why it cannot go. */
async function compose(trx: Knex.Transaction, request: CustomerMessageRequest, settings: MessagingSettings) {
  const contactId = isUuid(request.to) ? request.to : undefined;
  const contact = contactId ? await Contact.query().findById(contactId) : await Contact.query().findOne({ phone: request.to.trim() });
  const phone = contactId ? (contact?.phone ?? '') : request.to.trim();
  const channel: MessageChannel = request.channel ?? (contact?.preferred_channel === 'whatsapp' && contact.whatsapp_consent ? 'whatsapp' : 'sms');
  const template = (await MessageTemplate.query().findOne({ kind: request.kind }))?.body ?? DEFAULT_TEMPLATES[request.kind];
  const body = renderTemplate(template, {
    company_name: settings.companyName,
    company_phone: settings.companyPhone,
    contact_name: contact?.name ?? '',
    ...request.variables,
  });

  const refused =
    contactId && !contact
      ? `No contact ${contactId}`
      : (textRefusal(phone) ??
        (OUT_OF_SERVICE.includes(settings.status) ? `The company is ${settings.status}: its messages are not sent` : undefined) ??
        (settings.phoneNumber ? undefined : 'The company has no phone number to send from yet') ??
        (body ? undefined : 'The message is empty'));
  const suppressed = refused ? undefined : await suppression(trx, phone, channel, contact);
  const now = new Date();
  const after = isResponse(request.kind) ? now : sendableAt(now, contact?.time_zone ?? settings.timeZone, settings.quietHours);
  const status: MessageStatus = refused ? 'failed' : suppressed ? 'suppressed' : 'held';
  return {
    tenant_id: request.tenantId,
    direction: 'outbound',
    channel,
    kind: request.kind,
    contact_id: contact?.id ?? null,
    from_number: settings.phoneNumber ?? '',
    to_number: phone || request.to,
    body,
    segments: smsSegments(body).segments,
    status,
    error_meaning: refused ?? suppressed ?? null,
    idempotency_key: request.key,
    send_after: status === 'held' && after > now ? after : null,
    appointment_id: request.appointmentId ?? null,
    sent_by: request.sentBy ?? null,
    status_changed_at: now,
  };
}

/** How far back, before the last attempt, a message found at Twilio counts as that attempt's. */
const ATTEMPT_SLACK_MS = 60_000;

/**
 * Where Twilio reports a message's status changes. The URL names the message, so a callback
 * that arrives before the send has recorded the message's SID still finds it; Twilio signs the
 * whole URL, query included, so the name cannot be changed on the way.
 */
export function messageStatusCallback(config: Config, messageId: string): string {
  return `${publicBaseUrl(config)}/webhooks/twilio/message-status?${new URLSearchParams({ message: messageId })}`;
}

/**
 * Sends one customer message at most once. The message is written under its key first,
 * already refused (an invalid or non-mobile number), suppressed (opted out, no consent) or
 * held (quiet hours); a retry finds it and does not send again. At send time, in one
 * transaction, the opt-out is checked again (for a message written earlier), the attempt is
 * marked and the company's send rate is taken (over it: a retryable failure, so Temporal
 * tries again later); then the message goes through Twilio from the company's number, its
 * status callback naming it. Twilio's refusals are recorded with their meaning: a permanent
 * one is the outcome (`failed`; 21610 also opts the recipient out), any other is thrown to
 * be retried.
 */
export async function sendCustomerMessage(config: Config, twilio: TwilioClient, request: CustomerMessageRequest): Promise<SendOutcome> {
  const { message, settings, written } = await withTenant(request.tenantId, async (trx) => {
    const found = await Message.query().findOne({ idempotency_key: request.key });
    if (found) return { message: found, settings: await messagingSettings(trx, request.tenantId), written: false };
    const settings = await messagingSettings(trx, request.tenantId);
    const inserted = await trx('messages')
      .insert(await compose(trx, request, settings))
      .onConflict(trx.raw('(tenant_id, idempotency_key)'))
      .ignore()
      .returning('id');
    return { message: (await Message.query().findOne({ idempotency_key: request.key }))!, settings, written: inserted.length > 0 };
  });
  if (message.status !== 'held') return outcomeOf(message);
  if (message.send_after && new Date(message.send_after) > new Date()) return outcomeOf(message);

  const to = channelAddress(message.channel, message.to_number);
  const from = channelAddress(message.channel, message.from_number);
  // An attempt that reached Twilio but not back here: the message is there already.
  if (message.attempted_at) {
    const since = new Date(new Date(message.attempted_at).getTime() - ATTEMPT_SLACK_MS);
    const sent = (await twilio.messages.list({ to, from, dateSentAfter: since, limit: 50 })).find(
      (m) => m.body === message.body && m.direction.startsWith('outbound') && (!m.dateCreated || m.dateCreated >= since),
    );
    if (sent) return recordAccepted(request.tenantId, message, sent);
  }

  const settled = await withTenant(request.tenantId, async (trx) => {
    const current = async () => (await trx('messages').where({ id: message.id }).first<Message>('id', 'status', 'error_meaning', 'send_after'))!;
    // The recipient may have said STOP since the message was written (written just now, it was checked then).
    if (!written) {
      const contact = message.contact_id ? await Contact.query().findById(message.contact_id) : undefined;
      const reason = await suppression(trx, message.to_number, message.channel, contact);
      if (reason) {
        await trx('messages')
          .where({ id: message.id, status: 'held' })
          .update({ status: 'suppressed', error_meaning: reason, status_changed_at: trx.fn.now(), updated_at: trx.fn.now() });
        return current();
      }
    }
    // Marked before Twilio is asked: a retry after this looks for the message there first. No
    // longer held, it reached Twilio on an earlier attempt (its status callback moved it on).
    const marked = await trx('messages').where({ id: message.id, status: 'held' }).update({ attempted_at: trx.fn.now(), updated_at: trx.fn.now() });
    if (!marked) return current();
    const slot = await takeSendSlot(request.tenantId, settings.ratePerMinute, trx);
    if (!slot.allowed) {
      // Thrown inside the transaction, so the mark is undone with it: this attempt sent nothing.
      throw ApplicationFailure.create({
        message: `over the company's send rate (${settings.ratePerMinute} messages a minute)`,
        type: 'MessageRateLimited',
        nonRetryable: false,
        nextRetryDelay: slot.retryAfterMs,
        details: [{ retryAfterMs: slot.retryAfterMs }],
      });
    }
    return undefined;
  });
  if (settled) return outcomeOf(settled);

  let created;
  try {
    created = await twilio.messages.create({ to, from, body: message.body, statusCallback: messageStatusCallback(config, message.id) });
  } catch (error) {
    return recordRefusal(request.tenantId, message, error);
  }
  return recordAccepted(request.tenantId, message, created);
}

/** The statuses a message may move on from to `status`: a write guarded by them never moves it back. */
const statusesBehind = (status: MessageStatus) => MESSAGE_STATUSES.filter((from) => statusMovesForward(from, status));

/** The statuses that end a message undelivered: their error code and meaning are its own. */
const FAILED_STATUSES = MESSAGE_STATUSES.filter((status) => OUTCOME[status] === 'failed');

/**
 * Records Twilio's acceptance: the SID, and the status Twilio gave if it is further along.
 * A status callback may have come first and moved the message on (to `delivered`, say); the
 * status is compared inside the update, on the row as Postgres has it, so that write stands.
 */
async function recordAccepted(tenantId: string, message: Message, created: { sid: string; status: string; numSegments?: string | null }): Promise<SendOutcome> {
  return withTenant(tenantId, async (trx) => {
    const reported = statusFromTwilio(created.status) ?? 'queued';
    const behind = statusesBehind(reported);
    const segments = Number(created.numSegments);
    const [row] = await trx('messages')
      .where({ id: message.id })
      .update({
        twilio_sid: created.sid,
        status: trx.raw('case when status = any(?::text[]) then ? else status end', [behind, reported]),
        status_changed_at: trx.raw('case when status = any(?::text[]) then now() else status_changed_at end', [behind]),
        segments: Number.isFinite(segments) && segments > 0 ? segments : message.segments,
        // An earlier attempt's temporary refusal is over; a failure a callback reported stays.
        error_code: trx.raw('case when status = any(?::text[]) then error_code end', [FAILED_STATUSES]),
        error_meaning: trx.raw('case when status = any(?::text[]) then error_meaning end', [FAILED_STATUSES]),
        sent_at: trx.raw('coalesce(sent_at, now())'),
        updated_at: trx.fn.now(),
      })
      .returning<Message[]>(['id', 'status', 'error_meaning', 'send_after']);
    return outcomeOf(row!);
  });
}

async function recordRefusal(tenantId: string, message: Message, error: unknown): Promise<SendOutcome> {
  const e = error as { code?: unknown; message?: string };
  const code = typeof e.code === 'number' ? e.code : undefined;
  const known = code !== undefined ? MESSAGE_ERRORS[code] : undefined;
  const permanent = known ? known.permanent : classifyFailure(error) !== undefined;
  const meaning = messageErrorMeaning(code, e.message ?? null);
  await withTenant(tenantId, async (trx) => {
    // A message a status callback has moved on reached Twilio after all (only the answer was lost).
    await trx('messages')
      .where({ id: message.id, status: 'held' })
      .update({
        error_code: code ?? null,
        error_meaning: meaning,
        ...(permanent ? { status: 'failed', status_changed_at: trx.fn.now() } : {}),
        updated_at: trx.fn.now(),
      });
    if (known?.optedOut) await optOut(trx, tenantId, message.to_number, message.channel);
  });
  if (!permanent) {
    // A refusal Twilio means to be temporary, whatever its HTTP status says, is retried.
    if (known) throw ApplicationFailure.create({ message: meaning, type: 'MessageSendFailed', nonRetryable: false, details: [{ code }] });
    throw error;
  }
  return { messageId: message.id, status: 'failed', reason: meaning, sendAfter: null };
}
