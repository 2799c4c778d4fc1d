import type { Client } from '@temporalio/client';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { FINAL_CALL_STATUSES } from '../../domain/call-end';
import type { Config } from '../../lib/config';
import { ApiRouter } from '../http/endpoint';
import { CallIntake } from './call-intake';
import { EMPTY } from './twiml';
import { requireTwilioSignature } from './twilio-signature';

const callSid = z.string().regex(/^CA[0-9a-fA-F]{32}$/, 'expected a call SID');
const number = z.string().max(64);
const callParams = z.object({ CallSid: callSid, From: number.default(''), To: number, CallStatus: z.string().max(32).optional() });
const turnParams = callParams.extend({ SpeechResult: z.string().max(5000).optional(), Confidence: z.coerce.number().min(0).max(1).optional() });
const statusParams = callParams.extend({ CallStatus: z.string().max(32), CallDuration: z.coerce.number().int().min(0).optional() });

const twimlResponse = { description: 'TwiML for the call', contentType: 'text/xml', schema: z.string() };
const signatureRefusals = { 400: { description: 'No signature' }, 403: { description: 'Wrong signature' } };

/**
 * Twilio's voice webhooks, signed by Twilio: each parses what Twilio sent and hands it to
 * the call intake (call-intake.ts), which answers with TwiML whatever fails.
 */
export function twilioVoiceRoutes(deps: { config: Config; temporal: Client; logger: Logger }): ApiRouter {
  const intake = new CallIntake(deps);
  const api = new ApiRouter('/webhooks/twilio', { security: [{ twilioSignature: [] }], tags: ['webhooks'] });
  api.router.use(requireTwilioSignature(deps.config));

  const sendTwiml = (res: Response, twiml: string) => res.status(200).type('text/xml').send(twiml);
  const logFor = (req: Request, callSid: string) => (req.log ?? deps.logger).child({ callSid });

  return api
    .endpoint(
      {
        method: 'post',
        path: '/voice',
        summary: 'An incoming call (Twilio voice webhook): the greeting and a speech gather',
        body: callParams,
        responses: { 200: twimlResponse, ...signatureRefusals },
      },
      async function incomingCall({ body }, req, res) {
        sendTwiml(res, await intake.answer(body, req, logFor(req, body.CallSid)));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/voice/turn',
        summary: "The caller's words (Twilio gather action): the agent's next move",
        body: turnParams,
        responses: { 200: twimlResponse, ...signatureRefusals },
      },
      async function callerTurn({ body }, req, res) {
        sendTwiml(res, await intake.takeTurn(body, req.header('i-twilio-idempotency-token'), logFor(req, body.CallSid)));
      },
    )
    .endpoint(
      {
        method: 'post',
        path: '/status',
        summary: "The call's status (Twilio status callback): the final one finishes the call",
        body: statusParams,
        responses: { 204: { description: 'Noted' }, ...signatureRefusals },
      },
      async function callStatus({ body }, req, res) {
        if (FINAL_CALL_STATUSES.has(body.CallStatus)) {
          await intake.end(body, { status: body.CallStatus, durationSeconds: body.CallDuration ?? null }, req, logFor(req, body.CallSid));
        }
        res.status(204).type('text/xml').send(EMPTY);
      },
    );
}
