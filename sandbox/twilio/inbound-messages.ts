import type { Logger } from 'pino';
import { z } from 'zod';
import type { SandboxStore } from '../state';
import { SANDBOX_ACCOUNT_SID, TWILIO_API_VERSION } from './account';
import { geoParams } from './area-codes';
import { TwilioApiError } from './errors';
import { formatAddress, OPT_OUT_CONFIRMATIONS, optOutKeyword, parseAddress, unsubscribedRecipient, type MessageChannel } from './message-rules';
import type { MessageDelivery } from './messaging';
import { isOptedOut, optIn, optOut } from './opt-outs';
import { newMessage, type IncomingNumberResource, type MessageResource } from './resources';
import { readTwiml, responseOf } from './simulator';
import type { TwimlElement } from './twiml';
import { sendWebhook, signedRequest } from './webhooks';

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone number such as +16175550123');

export const receiveMessageInput = z.object({
  /** The person texting, in E.164 (without `whatsapp:`; `channel` says which app). */
  from: e164,
  /** A number bought in the sandbox. */
  to: e164,
  body: z.string().max(1600),
  channel: z.enum(['sms', 'whatsapp']).default('sms'),
  /** The sender's WhatsApp profile name, posted as `ProfileName`. */
  profileName: z.string().min(1).max(100).optional(),
  webhookTimeoutMs: z.number().int().min(1).max(60_000).default(15_000),
});

export type ReceiveMessageInput = z.input<typeof receiveMessageInput>;

export interface MessagingWebhook {
  purpose: 'sms' | 'fallback' | 'redirect';
  request: { method: string; url: string; params: Record<string, string>; signature: string };
  response?: { status: number; contentType: string; body: string };
  error?: string;
  /** Twilio's error for an answer it could not use (11200, 12100, 12300). */
  failure?: { code: number; message: string };
}

export interface ReceivedMessage {
  sid: string;
  message: MessageResource;
  /** The bodies texted back to the person, in order: Twilio's STOP/START confirmation, then the webhook's `<Message>`s. */
  reply: string[];
  replies: MessageResource[];
  webhooks: MessagingWebhook[];
  /** `<Message>`s of the answer that Twilio would not send: 21610 (the person opted out), 14103 (no body). */
  notSent: Array<{ body: string; code: number; message: string }>;
}

/** TwiML documents one inbound message may go through (`<Redirect>` hops included). */
const MAX_DOCUMENTS = 10;

/**
 * A person texting one of the account's numbers: the message is stored as Twilio stores
 * it (inbound, received), Twilio's opt-out keywords are applied, the number's SmsUrl gets
 * the messaging webhook (its SmsFallbackUrl when that fails), and each `<Message>` of the
 * answer is texted back to the person.
 */
export class InboundMessages {
  constructor(
    private readonly store: SandboxStore,
    private readonly delivery: MessageDelivery,
    private readonly logger: Logger,
  ) {}

  async receive(input: ReceiveMessageInput): Promise<ReceivedMessage> {
    const options = receiveMessageInput.parse(input);
    const state = this.store.state;
    const number = state.incomingNumbers.find((n) => n.phone_number === options.to);
    if (!number) throw new TwilioApiError(404, 21217, `${options.to} is not a number bought in the sandbox`);
    if (!number.capabilities.sms) throw new TwilioApiError(409, 21606, `${options.to} cannot receive text messages`);

    const person = formatAddress(options.channel, options.from);
    const ours = formatAddress(options.channel, options.to);
    const message = newMessage({ from: person, to: ours, body: options.body, direction: 'inbound' }, new Date());
    state.messages.push(message);
    const received: ReceivedMessage = { sid: message.sid, message, reply: [], replies: [], webhooks: [], notSent: [] };

    // Twilio's default opt-out handling is for SMS; WhatsApp users block a sender in the app.
    const keyword = options.channel === 'sms' ? optOutKeyword(options.body) : undefined;
    if (keyword === 'stop' || keyword === 'start') {
      if (keyword === 'stop') optOut(state, options.to, options.from, new Date());
      else optIn(state, options.to, options.from);
      this.textBack(received, { from: ours, to: person, body: OPT_OUT_CONFIRMATIONS[keyword] });
    }
    this.store.changed();

    if (number.sms_url) await this.deliverWebhook(received, { ...number }, options, this.webhookParams(message, options));
    return received;
  }

  private webhookParams(message: MessageResource, options: z.output<typeof receiveMessageInput>): Record<string, string> {
    const common = {
      AccountSid: SANDBOX_ACCOUNT_SID,
      ApiVersion: TWILIO_API_VERSION,
      MessageSid: message.sid,
      SmsSid: message.sid,
      SmsMessageSid: message.sid,
      SmsStatus: 'received',
      From: message.from,
      To: message.to,
      Body: message.body,
      NumMedia: '0',
      NumSegments: String(message.num_segments),
    };
    if (options.channel === 'whatsapp') {
      return {
        ...common,
        MessageType: 'text',
        WaId: options.from.slice(1),
        ReferralNumMedia: '0',
        ...(options.profileName ? { ProfileName: options.profileName } : {}),
      };
    }
    return { ...common, ...geoParams('From', options.from), ...geoParams('To', options.to) };
  }

  private async deliverWebhook(
    received: ReceivedMessage,
    number: IncomingNumberResource,
    options: z.output<typeof receiveMessageInput>,
    params: Record<string, string>,
  ): Promise<void> {
    let target: { url: string; method: string; purpose: MessagingWebhook['purpose']; params: Record<string, string> } | undefined = {
      url: number.sms_url ?? '',
      method: number.sms_method,
      purpose: 'sms',
      params,
    };
    for (let documents = 0; target && documents < MAX_DOCUMENTS; documents++) {
      const request = signedRequest(target.url, target.method, target.params);
      const result = await sendWebhook(request, options.webhookTimeoutMs);
      const webhook: MessagingWebhook = {
        purpose: target.purpose,
        request: { method: request.method, url: request.url, params: request.params, signature: request.signature },
        ...responseOf(result),
      };
      received.webhooks.push(webhook);
      // An empty 2xx answer is how an application says "no reply".
      if (!result.error && result.status !== undefined && result.status >= 200 && result.status < 300 && !result.body?.trim()) return;
      const read = readTwiml(result);
      if ('failure' in read) {
        webhook.failure = read.failure;
        this.logger.info({ messageSid: received.sid, url: target.url, failure: read.failure }, 'messaging webhook failed');
        target =
          target.purpose === 'sms' && number.sms_fallback_url
            ? {
                url: number.sms_fallback_url,
                method: number.sms_fallback_method,
                purpose: 'fallback',
                params: { ...params, ErrorCode: String(read.failure.code), ErrorUrl: target.url },
              }
            : undefined;
        continue;
      }
      target = this.followTwiml(received, read.root, target.url, options.channel);
      if (target) target.params = params;
    }
  }

  /** Sends each `<Message>` of a messaging TwiML document; a `<Redirect>` names the next document. */
  private followTwiml(received: ReceivedMessage, root: TwimlElement, documentUrl: string, channel: MessageChannel) {
    const inbound = received.message;
    for (const verb of root.children) {
      if (verb.name === 'Message') {
        const body = verb.children.find((c) => c.name === 'Body')?.text ?? verb.text;
        const callback = verb.attrs.action ?? verb.attrs.statusCallback;
        this.textBack(
          received,
          {
            from: verb.attrs.from ? formatAddress(channel, parseAddress(verb.attrs.from).number) : inbound.to,
            to: verb.attrs.to ? formatAddress(channel, parseAddress(verb.attrs.to).number) : inbound.from,
            body,
            statusCallback: callback ? new URL(callback, documentUrl).toString() : undefined,
          },
          true,
        );
      } else if (verb.name === 'Redirect') {
        return { url: new URL(verb.text || documentUrl, documentUrl).toString(), method: verb.attrs.method ?? 'POST', purpose: 'redirect' as const, params: {} };
      }
    }
    return undefined;
  }

  private textBack(received: ReceivedMessage, reply: { from: string; to: string; body: string; statusCallback?: string }, checkOptOut = false): void {
    const recipient = parseAddress(reply.to);
    if (!reply.body) {
      received.notSent.push({ body: reply.body, code: 14103, message: 'Invalid Body' });
      return;
    }
    if (checkOptOut && recipient.channel === 'sms' && isOptedOut(this.store.state, parseAddress(reply.from).number, recipient.number)) {
      const refusal = unsubscribedRecipient();
      received.notSent.push({ body: reply.body, code: refusal.code, message: refusal.message });
      return;
    }
    const message = newMessage({ ...reply, direction: 'outbound-reply' }, new Date());
    this.store.state.messages.push(message);
    this.store.changed();
    this.delivery.schedule(message);
    received.reply.push(message.body);
    received.replies.push(message);
  }
}

