import type { RequestHandler } from 'express';
import twilio from 'twilio';
import { publicBaseUrl, type Config } from '../../lib/config';
import { twilioWebhookAuthToken } from '../../providers/twilio';
import { Problem } from '../http/problem';

/**
 * Refuses a webhook Twilio did not sign: no `X-Twilio-Signature` is a 400, a wrong one a
 * 403. The signature covers the URL Twilio was given (PUBLIC_BASE_URL + path and query)
 * and the form parameters, so the check does not depend on proxies in between.
 */
export function requireTwilioSignature(config: Config): RequestHandler {
  const token = twilioWebhookAuthToken(config);
  const base = publicBaseUrl(config);
  return (req, _res, next) => {
    const signature = req.header('x-twilio-signature');
    if (!signature) throw Problem.badRequest('The X-Twilio-Signature header is missing.');
    const params = req.method === 'POST' && req.body && typeof req.body === 'object' ? (req.body as Record<string, string>) : {};
    if (!twilio.validateRequest(token, signature, `${base}${req.originalUrl}`, params)) {
      throw new Problem(403, 'Forbidden', 'The X-Twilio-Signature does not match this request.');
    }
    next();
  };
}
