import type { Response } from 'express';
import type { Logger } from 'pino';
import twilio from 'twilio';
import { z } from 'zod';
import { Tenant } from '../../db/models';
import { withOperatorAccess, withTenant } from '../../db/tenant-context';
import type { Config } from '../../lib/config';
import { ApiRouter } from '../http/endpoint';
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
 * Text messages to a tenant's number (Twilio messaging webhook). Each is logged once;
 * STOP and START keep the sender's opt-out for that company (anything that texts
 * callers must honour `sms_opt_outs`), HELP answers with how to reach the company.
 * Twilio itself confirms STOP and START to the sender, so those get no reply of ours.
 */
export function twilioSmsRoutes(deps: { config: Config; logger: Logger }): ApiRouter {
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
      const tenant = await withOperatorAccess({ type: 'system', id: 'sms-routing' }, () =>
        Tenant.query().findOne({ phone_number: body.To }).whereNull('deleted_at').select('id', 'company_name', 'phone_number', 'forward_to_number'),
      );
      const logger = (req.log ?? deps.logger).child({ messageSid: body.MessageSid, ...(tenant ? { tenantId: tenant.id } : {}) });
      if (!tenant) {
        logger.info('text to a number no tenant owns');
        return reply(res);
      }
      const keyword = smsKeyword(body.Body);
      const first = await withTenant(tenant.id, async (trx) => {
        const inserted = await trx('sms_messages')
          .insert({ tenant_id: tenant.id, message_sid: body.MessageSid, direction: 'inbound', from_number: body.From, to_number: body.To, body: body.Body, keyword })
          .onConflict('message_sid')
          .ignore()
          .returning('id');
        // A repeated delivery changes nothing twice.
        if (inserted.length === 0) return false;
        if (keyword === 'stop') {
          await trx('sms_opt_outs').insert({ tenant_id: tenant.id, phone_number: body.From }).onConflict(['tenant_id', 'phone_number']).ignore();
        } else if (keyword === 'start') {
          await trx('sms_opt_outs').where({ phone_number: body.From }).delete();
        }
        return true;
      });
      logger.info({ keyword, repeated: !first }, 'text message received');
      if (keyword !== 'help') return reply(res);
      const line = tenant.forward_to_number ?? tenant.phone_number;
      return reply(res, `${tenant.company_name}: for help, call us at ${line}. Reply STOP to stop messages. Msg & data rates may apply.`);
    },
  );
}
