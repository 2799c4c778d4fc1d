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

const statusQuery = z.object({
  message: z
    .uuid('expected a message id')
    .optional()
    .describe('The message the callback is about, named in the StatusCallback URL of its send (Twilio signs it with the rest of the URL); absent for messages sent before the URL named them'),
});

/**
 * Twilio's status callbacks for the messages Kestrel sent (`StatusCallback` of each send,
 * `?message=<id>`): the message is found by that id, so a callback that comes before the
 * send has recorded the SID records it; callbacks to the URL without the id (messages sent
 * before it named them) find the message by SID. The status moves forward only (a late
 * `sent` does not undo `delivered`), with the error code and its meaning when delivery
 * failed. 21610 (the recipient unsubscribed) opts them out.
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
      query: statusQuery,
      body: statusParams,
      responses: {
        204: { description: 'Recorded (or nothing to record: an unknown message, or a status it has passed already)' },
        400: { description: 'No signature' },
        403: { description: 'Wrong signature' },
        422: { description: 'A parameter Twilio would not send: not a message SID, or `message` not a message id' },
      },
    },
    async ({ query, body }, req, res) => {
      const logger = (req.log ?? deps.logger).child({ messageSid: body.MessageSid, messageId: query.message });
      const status = statusFromTwilio(body.MessageStatus);
      // Whose message it is: the message's own company, else its sender's (the company's number, whatsapp:… for WhatsApp).
      const sender = body.From ? fromChannelAddress(body.From).number : undefined;
      const tenantId = await withOperatorAccess({ type: 'system', id: 'message-status' }, async (trx) =>
        query.message
          ? (await trx('messages').where({ id: query.message }).first('tenant_id'))?.tenant_id
          : sender
            ? (await trx('tenants').where({ phone_number: sender }).first('id'))?.id
            : (await trx('messages').where({ twilio_sid: body.MessageSid }).first('tenant_id'))?.tenant_id,
      );
      if (!status || !tenantId) {
        logger.info({ status: body.MessageStatus, known: !!tenantId }, 'message status not recorded');
        return res.status(204).end();
      }
      const moved = await withTenant(tenantId as string, async (trx) => {
        const message = query.message
          ? await Message.query().findById(query.message).forUpdate()
          : await Message.query().findOne({ twilio_sid: body.MessageSid }).forUpdate();
        // A SID other than the one recorded is not this message's send.
        if (!message || (message.twilio_sid && message.twilio_sid !== body.MessageSid)) return false;
        const recordsSid = !message.twilio_sid;
        const movesForward = statusMovesForward(message.status, status);
        if (!recordsSid && !movesForward) return false;
        const code = body.ErrorCode ? Number(body.ErrorCode) : null;
        await trx('messages')
          .where({ id: message.id })
          .update({
            // Ahead of the send activity, which records the same SID when Twilio's answer reaches it.
            ...(recordsSid ? { twilio_sid: body.MessageSid, sent_at: trx.raw('coalesce(sent_at, now())') } : {}),
            ...(movesForward ? { status, status_changed_at: trx.fn.now() } : {}),
            ...(movesForward && code !== null
              ? { error_code: code, error_meaning: messageErrorMeaning(code, body.ErrorMessage) }
              : // Twilio has the message: a refusal recorded when its answer was lost does not stand.
                recordsSid
                ? { error_code: null, error_meaning: null }
                : {}),
            updated_at: trx.fn.now(),
          });
        if (movesForward && code !== null && MESSAGE_ERRORS[code]?.optedOut) await optOut(trx, tenantId as string, message.to_number, message.channel);
        return movesForward;
      });
      logger.info({ status, moved }, 'message status');
      res.status(204).end();
    },
  );
}
