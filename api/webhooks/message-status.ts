import type { Logger } from 'pino';
import { z } from 'zod';
import { optOut } from '../../activities/messaging/send';
import { Message } from '../../db/models';
import { withOperatorAccess, withTenant } from '../../db/tenant-context';
import { MESSAGE_ERRORS, messageErrorMeaning } from '../../domain/message-errors';
import { fromChannelAddress, statusFromTwilio, statusMovesForward } from '../../domain/messaging';
import type { Config } from '../../lib/config';
import { ApiRouter } from '../http/endpoint';
import { requireTwilioSignature } from './twilio-signature';

const statusParams = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'expected a message SID'),
  MessageStatus: z.string().min(1).max(32),
  From: z.string().max(80).optional(),
  To: z.string().max(80).optional(),
  ErrorCode: z.string().regex(/^\d*$/, 'expected a numeric error code').optional(),
  ErrorMessage: z.string().max(1000).optional(),
});

/**
 * Twilio's status callbacks for the messages Kestrel sent (`StatusCallback` of each send):
 * the message's status moves forward only (a late `sent` does not undo `delivered`), with
 * the error code and its meaning when delivery failed. 21610 (the recipient unsubscribed)
 * opts them out.
 */
export function messageStatusRoutes(deps: { config: Config; logger: Logger }): ApiRouter {
  const api = new ApiRouter('/webhooks/twilio', { security: [{ twilioSignature: [] }] });
  api.router.use('/message-status', requireTwilioSignature(deps.config));

  return api.endpoint(
    {
      method: 'post',
      path: '/message-status',
      summary: "A sent message's delivery status (Twilio's message status callback): recorded, never moving back",
      tags: ['webhooks'],
      body: statusParams,
      responses: {
        204: { description: 'Recorded (or nothing to record: an unknown message, or a status it has passed already)' },
        400: { description: 'No signature' },
        403: { description: 'Wrong signature' },
      },
    },
    async ({ body }, req, res) => {
      const logger = (req.log ?? deps.logger).child({ messageSid: body.MessageSid });
      const status = statusFromTwilio(body.MessageStatus);
      // Whose message it is, by its sender: the company's number (whatsapp:… for WhatsApp).
      const sender = body.From ? fromChannelAddress(body.From).number : undefined;
      const tenantId = await withOperatorAccess({ type: 'system', id: 'message-status' }, async (trx) =>
        sender
          ? (await trx('tenants').where({ phone_number: sender }).first('id'))?.id
          : (await trx('messages').where({ twilio_sid: body.MessageSid }).first('tenant_id'))?.tenant_id,
      );
      if (!status || !tenantId) {
        logger.info({ status: body.MessageStatus, known: !!tenantId }, 'message status not recorded');
        return res.status(204).end();
      }
      const moved = await withTenant(tenantId as string, async (trx) => {
        const message = await Message.query().findOne({ twilio_sid: body.MessageSid }).forUpdate();
        if (!message || !statusMovesForward(message.status, status)) return false;
        const code = body.ErrorCode ? Number(body.ErrorCode) : null;
        await trx('messages')
          .where({ id: message.id })
          .update({
            status,
            status_changed_at: trx.fn.now(),
            updated_at: trx.fn.now(),
            ...(code !== null ? { error_code: code, error_meaning: messageErrorMeaning(code, body.ErrorMessage) } : {}),
          });
        if (code !== null && MESSAGE_ERRORS[code]?.optedOut) await optOut(trx, tenantId as string, message.to_number, message.channel);
        return true;
      });
      logger.info({ status, moved }, 'message status');
      res.status(204).end();
    },
  );
}
