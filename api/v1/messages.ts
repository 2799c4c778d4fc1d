import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { sendCustomerMessage } from '../../activities/messaging/send';
import { recordAudit } from '../../db/audit';
import { withTenant } from '../../db/tenant-context';
import { textRefusal } from '../../domain/messaging';
import { toE164 } from '../../domain/phone';
import type { Config } from '../../lib/config';
import { isUuid } from '../../lib/uuid';
import type { TwilioClient } from '../../providers/twilio';
import { messageChannel } from '../contact-records';
import { actorOf, requestIdOf } from '../http/audit-actor';
import { Problem, rateLimited } from '../http/problem';
import { filteredMessages, findMessage, MESSAGE_COLUMNS, messageDirection, messageKind, messageSchema, messageStatus } from '../message-records';
import { isoDateTime } from '../admin/list-query';
import { text } from '../storable-fields';
import { TenantApiRouter, liveKeyRequired, page, pageAfterCursor, pageOf, pageQuery, type Keyset } from './router';

const listQuery = z.object({
  ...pageQuery,
  contact_id: z.uuid({ message: 'expected a contact id' }).optional(),
  kind: z.union([messageKind, z.array(messageKind).max(7)]).optional(),
  direction: messageDirection.optional(),
  status: z.union([messageStatus, z.array(messageStatus).max(8)]).optional(),
  created_after: isoDateTime.optional(),
});

/** A contact's id, or a number that can take a text: E.164 (as people write it), not a landline or a toll-free line. */
const recipient = z.string({ message: 'expected a contact id, or a mobile number such as +18575550123' }).transform((value, ctx) => {
  if (isUuid(value)) return value;
  const number = toE164(value);
  const refusal = number ? textRefusal(number) : 'expected a contact id, or a mobile number such as +18575550123';
  if (refusal) {
    ctx.addIssue({ code: 'custom', message: refusal });
    return z.NEVER;
  }
  return number!;
});

const sendBody = z.object({
  to: recipient,
  body: text(1600)
    .transform((value) => value.trim())
    .pipe(z.string().min(1, 'expected the text of the message')),
  channel: messageChannel.optional(),
});

const idParams = z.object({ id: z.uuid() });
const idempotencyKey = z.string().regex(/^[\w.:-]{1,200}$/, 'expected at most 200 letters, digits, and . _ : -');

const NEWEST_FIRST: Keyset = { table: 'messages', alias: 'm', column: 'created_at', order: 'desc' };

/**
 * The company's message log (texts to and from its contacts, every kind), and texts its
 * people write to a contact by hand: a reply, sent at once (quiet hours are for what
 * Kestrel starts), from the company's number, once per `Idempotency-Key`. Live data only.
 */
export function tenantApiMessageRoutes(deps: { config: Config; twilio: TwilioClient }): TenantApiRouter {
  return new TenantApiRouter()
    .route(
      'messages:read',
      {
        method: 'get',
        path: '/messages',
        summary: 'List messages, newest first (paging: limit, cursor; filters: contact_id, kind, direction, status, created_after)',
        query: listQuery,
        responses: { 200: { description: 'A page of messages, and the cursor of the next page (null on the last)', schema: pageOf(messageSchema) } },
      },
      async ({ query }, key, _req, res) => {
        liveKeyRequired(key, 'messages', 'read');
        const rows = await withTenant(key.tenantId, (trx) =>
          pageAfterCursor(
            filteredMessages(trx, { tenant_id: key.tenantId, contact_id: query.contact_id, kind: query.kind, direction: query.direction, status: query.status, created_after: query.created_after }).select(MESSAGE_COLUMNS),
            NEWEST_FIRST,
            query,
          ),
        );
        res.json(page(rows, query.limit));
      },
    )
    .route(
      'messages:read',
      {
        method: 'get',
        path: '/messages/:id',
        summary: 'One message, with its delivery status',
        params: idParams,
        responses: { 200: { description: 'The message', schema: messageSchema }, 404: { description: 'No such message in this company' } },
      },
      async ({ params }, key, _req, res) => {
        liveKeyRequired(key, 'messages', 'read');
        const row = await withTenant(key.tenantId, (trx) => findMessage(trx, params.id));
        if (!row) throw Problem.notFound(`No message ${params.id}`);
        res.json(row);
      },
    )
    .route(
      'messages:write',
      {
        method: 'post',
        path: '/messages',
        summary:
          "Text a contact now, from the company's number (to: a contact id or a mobile number; an Idempotency-Key header makes a retried request send once)",
        body: sendBody,
        responses: {
          201: { description: 'The message, queued with Twilio', schema: messageSchema },
          409: { description: 'Not sent: the recipient opted out or gave no consent (the message is logged as suppressed, its id in `message_id`)' },
          422: { description: 'An invalid or non-mobile number, an empty text; or Twilio refused the message (the reason in detail, its id in `message_id`)' },
          503: { description: 'Twilio could not be reached; the same request (same Idempotency-Key) tries again' },
        },
      },
      async ({ body }, key, req, res) => {
        liveKeyRequired(key, 'messages');
        const header = req.header('idempotency-key');
        if (header !== undefined && !idempotencyKey.safeParse(header).success) {
          throw Problem.validation({ 'Idempotency-Key': 'expected at most 200 letters, digits, and . _ : -' });
        }
        const actor = actorOf(key);
        let outcome;
        try {
          outcome = await sendCustomerMessage(deps.config, deps.twilio, {
            tenantId: key.tenantId,
            key: `api:${header ?? randomUUID()}`,
            kind: 'reply',
            to: body.to,
            variables: { message: body.body },
            channel: body.channel,
            sentBy: `${actor.type}:${actor.id}`,
          });
        } catch (error) {
          if (error instanceof ApplicationFailure && error.type === 'MessageRateLimited') {
            const retryAfterMs = (error.details?.[0] as { retryAfterMs?: number } | undefined)?.retryAfterMs ?? 60_000;
            throw rateLimited(res, Math.ceil(retryAfterMs / 1000), `Over the company's send rate: ${error.message}.`);
          }
          if (error instanceof ApplicationFailure && error.nonRetryable) throw new Problem(422, 'Unprocessable Content', error.message);
          req.log?.warn({ err: error }, 'a text to a contact could not be handed to Twilio');
          throw Problem.unavailable('Twilio could not be reached; send the same request again (with the same Idempotency-Key) to retry.');
        }
        if (outcome.status === 'suppressed') throw Problem.conflict(outcome.reason ?? 'The recipient opted out.', { message_id: outcome.messageId });
        if (outcome.status === 'failed') throw new Problem(422, 'Unprocessable Content', outcome.reason ?? 'The message could not be sent.', { message_id: outcome.messageId });
        const row = await withTenant(key.tenantId, async (trx) => {
          const message = await findMessage(trx, outcome.messageId);
          await recordAudit(
            {
              tenantId: key.tenantId,
              actor,
              action: 'message.sent',
              target: { type: 'message', id: outcome.messageId },
              requestId: requestIdOf(req),
              idempotencyKey: `message.sent:${outcome.messageId}`,
              details: { to: message.to_number, contact_id: message.contact_id, channel: message.channel },
            },
            { ifNew: true },
          );
          return message;
        });
        res.status(201).location(`/api/v1/messages/${row.id}`).json(row);
      },
    );
}
