import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { STATUS_PATH, TURN_PATH, VOICE_PATH } from './twilio-webhooks';

/**
 * The baseline the calls bench compares the webhooks with: an Express app with the API's
 * body parsers that answers Twilio's webhooks with fixed TwiML, checking nothing, keeping
 * nothing. What is left of a webhook is HTTP, parsing and Express itself.
 */
export async function startBareWebhooks(answers: { greeting: string; turn: string }, maxBodySize: string): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: maxBodySize }));
  app.use(express.urlencoded({ extended: false, limit: maxBodySize }));
  app.post(VOICE_PATH, (_req, res) => {
    res.status(200).type('text/xml').send(answers.greeting);
  });
  app.post(TURN_PATH, (_req, res) => {
    res.status(200).type('text/xml').send(answers.turn);
  });
  app.post(STATUS_PATH, (_req, res) => {
    res.status(204).end();
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
