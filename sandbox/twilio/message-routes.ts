import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { SandboxStore } from '../state';
import { TwilioApiError } from './errors';
import { receiveMessageInput, type InboundMessages } from './inbound-messages';
import { parseAddress } from './message-rules';
import { messageJson, type MessageResource } from './resources';

/**
 * Whether a message's address is the one asked for: `whatsapp:+1…` only on WhatsApp, a bare
 * number on either channel (a person's phone shows both their texts and their WhatsApp).
 */
function addressMatches(address: string, wanted: string): boolean {
  return wanted.startsWith('whatsapp:') ? address === wanted : parseAddress(address).number === wanted;
}

const listQuery = z.object({
  to: z.string().min(1).optional(),
  from: z.string().min(1).optional(),
  /** Either side: a person's whole conversation. */
  number: z.string().min(1).optional(),
});

/**
 * The other end of text messages (`/sandbox/messages`): a person texting one of the
 * account's numbers, and every message a number sent or received, as a phone would show it.
 */
export function messageRoutes(store: SandboxStore, inbound: InboundMessages): Router {
  const router = Router();

  router.post('/sandbox/messages', async (req, res) => {
    const parsed = receiveMessageInput.safeParse(req.body ?? {});
    if (!parsed.success) throw new TwilioApiError(400, 20001, z.prettifyError(parsed.error));
    const received = await inbound.receive(parsed.data);
    res.status(201).json({ ...received, message: messageJson(received.message), replies: received.replies.map(messageJson) });
  });

  router.get('/sandbox/messages', (req, res) => {
    const parsed = listQuery.safeParse(req.query);
    if (!parsed.success) throw new TwilioApiError(400, 20001, z.prettifyError(parsed.error));
    const { to, from, number } = parsed.data;
    const wanted = (m: MessageResource) =>
      (!to || addressMatches(m.to, to)) &&
      (!from || addressMatches(m.from, from)) &&
      (!number || addressMatches(m.to, number) || addressMatches(m.from, number));
    res.json({ messages: store.state.messages.filter(wanted).reverse().map(messageJson) });
  });

  router.use('/sandbox/messages', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof TwilioApiError) {
      res.status(error.status).json({ error: error.message, code: error.code });
      return;
    }
    next(error);
  });
  return router;
}
