import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import type { Logger } from 'pino';
import twilio from 'twilio';
import { z } from 'zod';
import { optIn, optOut } from '../../activities/messaging/send';
import { matchOrCreateContact, Tenant } from '../../db/models';
import { withOperatorAccess, withTenant } from '../../db/tenant-context';
import { fromChannelAddress, smsSegments } from '../../domain/messaging';
import { isE164 } from '../../domain/phone';
import type { Config } from '../../lib/config';
import { ApiRouter } from '../http/endpoint';
import { onInboundMessage } from './inbound-routing';
import { requireTwilioSignature } from './twilio-signature';

/** The carrier keywords (Twilio's own list for opt-out handling), matched on the whole message. */
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

export function smsKeyword(body: string): 'stop' | 'start' | 'help' | null {
  return KEYWORDS[body.trim().toLowerCase().replace(/[.!]+$/, '')] ?? null;
}

const messageParams = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'expected a message SID'),
  From: z.string().min(1).max(64),
  To: z.string().min(1).max(64),
  Body: z.string().max(1600).default(''),
});

/**
 * Text messages to a tenant's number (Twilio messaging webhook, SMS and WhatsApp). Each is
 * logged once in the message log as a reply from its contact (made from the sender's
 * number if the company had none); STOP and START keep the sender's opt-out for that
 * company and channel (every send checks it), HELP answers with how to reach the company.
 * Twilio itself confirms STOP and START to the sender, so those get no reply of ours. A
 * new text is then handed to `onInboundMessage`, which routes replies.
 */
export function twilioSmsRoutes(deps: { config: Config; logger: Logger; temporal: Client }): ApiRouter {
  const api = new ApiRouter('/webhooks/twilio', { security: [{ twilioSignature: [] }] });
  api.router.use('/sms', requireTwilioSignature(deps.config));
  const reply = (res: Response, text?: string) => {
    const response = new twilio.twiml.MessagingResponse();
    if (text) response.message(text);
    res.status(200).type('text/xml').send(response.toString());
  };

  return api.endpoint(
    {
      method: 'post',
      path: '/sms',
      summary: 'An incoming text message (Twilio messaging webhook): logged; STOP, START and HELP handled',
      tags: ['webhooks'],
      body: messageParams,
      responses: {
        200: { description: 'TwiML: a reply, or none', contentType: 'text/xml', schema: z.string() },
        400: { description: 'No signature' },
        403: { description: 'Wrong signature' },
      },
    },
    async ({ body }, req, res) => {
      const to = fromChannelAddress(body.To);
      const sender = fromChannelAddress(body.From);
      const tenant = await withOperatorAccess({ type: 'system', id: 'sms-routing' }, () =>
        Tenant.query().findOne({ phone_number: to.number }).whereNull('deleted_at').select('id', 'company_name', 'phone_number', 'forward_to_number'),
      );
      const logger = (req.log ?? deps.logger).child({ messageSid: body.MessageSid, ...(tenant ? { tenantId: tenant.id } : {}) });
      if (!tenant) {
        logger.info('text to a number no tenant owns');
        return reply(res);
      }
      const keyword = smsKeyword(body.Body);
      const logged = await withTenant(tenant.id, async (trx) => {
        // A sender without a usable number (a short code, an alphanumeric id) is logged without a contact.
        const contactId = isE164(sender.number) ? await matchOrCreateContact(trx, { tenantId: tenant.id, phone: sender.number, source: 'sms' }) : null;
        const [inserted] = await trx('messages')
          .insert({
            tenant_id: tenant.id,
            twilio_sid: body.MessageSid,
            direction: 'inbound',
            channel: sender.channel,
            kind: 'reply',
            status: 'received',
            contact_id: contactId,
            from_number: sender.number,
            to_number: to.number,
            body: body.Body,
            keyword,
            segments: smsSegments(body.Body).segments,
          })
          .onConflict('twilio_sid')
          .ignore()
          .returning<Array<{ id: string }>>('id');
        // A repeated delivery changes nothing twice.
        if (!inserted) return undefined;
        if (keyword === 'stop') await optOut(trx, tenant.id, sender.number, sender.channel);
        else if (keyword === 'start') await optIn(trx, sender.number, sender.channel);
        return { messageId: inserted.id, contactId };
      });
      logger.info({ keyword, repeated: !logged }, 'text message received');
      if (logged?.contactId) {
        try {
          await onInboundMessage(
            { tenantId: tenant.id, contactId: logged.contactId, from: sender.number, body: body.Body, keyword, channel: sender.channel, messageId: logged.messageId },
            { temporal: deps.temporal, logger },
          );
        } catch (error) {
          // The text is logged; a reply that could not be routed is the routing's to report, not Twilio's to retry.
          logger.error({ err: error }, 'a reply could not be routed');
        }
      }
      if (keyword !== 'help') return reply(res);
      const line = tenant.forward_to_number ?? tenant.phone_number;
      return reply(res, `${tenant.company_name}: for help, call us at ${line}. Reply STOP to stop messages. Msg & data rates may apply.`);
    },
  );
}
