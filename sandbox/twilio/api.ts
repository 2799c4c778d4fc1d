import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Faults } from '../faults';
import { rfc2822 } from '../ids';
import type { SandboxStore } from '../state';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from './account';
import { TwilioApiError, twilioErrorBody, twilioFaultBody } from './errors';
import { isE164, magicRecipientRefusal, parseAddress, unsubscribedRecipient } from './message-rules';
import type { MessageDelivery } from './messaging';
import { isOptedOut } from './opt-outs';
import { inPool, searchPool } from './number-pool';
import { twilioPage } from './paging';
import { availableNumber, messageJson, newIncomingNumber, newMessage, type IncomingNumberResource } from './resources';
import type { CallSimulator } from './simulator';

type Params = Record<string, string | undefined>;

function param(body: Params, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

function booleanParam(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  throw new TwilioApiError(400, 20001, `Invalid boolean value: ${String(value)}`);
}

function checkUrl(name: string, value: string): string | null {
  if (value === '') return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new TwilioApiError(400, 21502, `${name} is not a valid URL: ${value}`);
}

function checkMethod(name: string, value: string): string {
  const method = value.toUpperCase();
  if (method !== 'GET' && method !== 'POST') throw new TwilioApiError(400, 21503, `${name} must be GET or POST`);
  return method;
}

/** The number settings `CreateIncomingPhoneNumber` and `UpdateIncomingPhoneNumber` accept. */
const numberSettings: Array<[param: string, field: keyof IncomingNumberResource, kind: 'url' | 'method' | 'text']> = [
  ['VoiceUrl', 'voice_url', 'url'],
  ['VoiceMethod', 'voice_method', 'method'],
  ['VoiceFallbackUrl', 'voice_fallback_url', 'url'],
  ['VoiceFallbackMethod', 'voice_fallback_method', 'method'],
  ['StatusCallback', 'status_callback', 'url'],
  ['StatusCallbackMethod', 'status_callback_method', 'method'],
  ['SmsUrl', 'sms_url', 'url'],
  ['SmsMethod', 'sms_method', 'method'],
  ['SmsFallbackUrl', 'sms_fallback_url', 'url'],
  ['SmsFallbackMethod', 'sms_fallback_method', 'method'],
  ['FriendlyName', 'friendly_name', 'text'],
];

function applySettings(number: IncomingNumberResource, body: Params): void {
  for (const [name, field, kind] of numberSettings) {
    const value = param(body, name);
    if (value === undefined) continue;
    number[field] = kind === 'url' ? checkUrl(name, value) : kind === 'method' ? checkMethod(name, value) : value.slice(0, 64);
  }
}

export interface TwilioApiDeps {
  store: SandboxStore;
  faults: Faults;
  delivery: MessageDelivery;
  simulator: CallSimulator;
}

/** The slice of Twilio's 2010-04-01 REST API that Kestrel uses, for the sandbox account only. */
export function twilioApi({ store, faults, delivery, simulator }: TwilioApiDeps): Router {
  const state = store.state;
  const router = Router();
  const base = '/2010-04-01/Accounts/:accountSid';
  const guard = (operation: string) => faults.guard('twilio', operation, twilioFaultBody);

  const notFound = (req: Request) =>
    new TwilioApiError(404, 20404, `The requested resource ${req.originalUrl.split('?')[0]} was not found`);
  /** The resource the path's `:sid` names in `list`, or Twilio's 404. */
  const bySid = <R extends { sid: string }>(list: R[], req: Request): R => {
    const found = list.find((r) => r.sid === req.params.sid);
    if (!found) throw notFound(req);
    return found;
  };

  router.use('/2010-04-01', express.urlencoded({ extended: false, limit: '1mb' }));
  router.use(base, (req: Request<{ accountSid: string }>, _res, next) => {
    const [scheme, encoded] = (req.headers.authorization ?? '').split(' ');
    const [user, password] = Buffer.from(encoded ?? '', 'base64').toString('utf8').split(':');
    if (scheme !== 'Basic' || user !== SANDBOX_ACCOUNT_SID || password !== SANDBOX_AUTH_TOKEN) {
      throw new TwilioApiError(401, 20003, 'Authenticate');
    }
    if (req.params.accountSid !== SANDBOX_ACCOUNT_SID) throw notFound(req);
    next();
  });

  const body = (req: Request): Params => (req.body ?? {}) as Params;
  const query = (req: Request): Params => req.query as Params;

  const takenNumbers = () => new Set(state.incomingNumbers.map((n) => n.phone_number));

  router.get(`${base}/AvailablePhoneNumbers/:country/Local.json`, guard('ListAvailablePhoneNumberLocal'), (req, res) => {
    const q = query(req);
    const country = req.params.country ?? '';
    const areaCode = q.AreaCode;
    if (areaCode !== undefined && !/^\d{3}$/.test(areaCode)) throw new TwilioApiError(400, 21452, `Invalid AreaCode: ${areaCode}`);
    const found =
      country === 'US'
        ? searchPool(
            {
              areaCode,
              contains: q.Contains,
              inRegion: q.InRegion,
              voiceEnabled: booleanParam(q.VoiceEnabled),
              smsEnabled: booleanParam(q.SmsEnabled),
            },
            takenNumbers(),
          )
        : [];
    res.json(twilioPage(req, found.map(availableNumber), 'available_phone_numbers'));
  });

  router.post(`${base}/IncomingPhoneNumbers.json`, guard('CreateIncomingPhoneNumber'), (req, res) => {
    const b = body(req);
    const taken = takenNumbers();
    const wanted = param(b, 'PhoneNumber');
    const areaCode = param(b, 'AreaCode');
    let number;
    if (wanted !== undefined) {
      if (!isE164(wanted)) throw new TwilioApiError(400, 21421, `PhoneNumber is invalid: ${wanted}`);
      number = taken.has(wanted) ? undefined : inPool(wanted);
    } else if (areaCode !== undefined) {
      number = searchPool({ areaCode }, taken)[0];
    } else {
      throw new TwilioApiError(400, 21450, 'A PhoneNumber or an AreaCode is required');
    }
    if (!number) throw new TwilioApiError(400, 21422, `PhoneNumber ${wanted ?? `in area code ${areaCode}`} is not available`);
    const resource = newIncomingNumber(number, new Date());
    applySettings(resource, b);
    state.incomingNumbers.push(resource);
    store.changed();
    res.status(201).json(resource);
  });

  router.get(`${base}/IncomingPhoneNumbers.json`, guard('ListIncomingPhoneNumber'), (req, res) => {
    const q = query(req);
    const digits = (s: string) => s.replace(/[^\d]/g, '');
    const found = state.incomingNumbers
      .filter((n) => !q.PhoneNumber || digits(n.phone_number).includes(digits(q.PhoneNumber)))
      .filter((n) => !q.FriendlyName || n.friendly_name === q.FriendlyName);
    res.json(twilioPage(req, found, 'incoming_phone_numbers'));
  });

  router.get(`${base}/IncomingPhoneNumbers/:sid.json`, guard('FetchIncomingPhoneNumber'), (req, res) => {
    res.json(bySid(state.incomingNumbers, req));
  });

  router.post(`${base}/IncomingPhoneNumbers/:sid.json`, guard('UpdateIncomingPhoneNumber'), (req, res) => {
    const number = bySid(state.incomingNumbers, req);
    const updated = { ...number };
    applySettings(updated, body(req));
    updated.date_updated = rfc2822(new Date());
    Object.assign(number, updated);
    store.changed();
    res.json(number);
  });

  router.delete(`${base}/IncomingPhoneNumbers/:sid.json`, guard('DeleteIncomingPhoneNumber'), (req, res) => {
    const number = bySid(state.incomingNumbers, req);
    state.incomingNumbers = state.incomingNumbers.filter((n) => n !== number);
    store.changed();
    res.status(204).end();
  });

  router.post(`${base}/Messages.json`, guard('CreateMessage'), (req, res) => {
    const b = body(req);
    const to = param(b, 'To');
    const from = param(b, 'From');
    const text = param(b, 'Body');
    if (!to) throw new TwilioApiError(400, 21604, "A 'To' phone number is required.");
    const recipient = parseAddress(to);
    if (!isE164(recipient.number)) throw new TwilioApiError(400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!from) throw new TwilioApiError(400, 21603, "A 'From' phone number is required.");
    if (!text) throw new TwilioApiError(400, 21602, 'Message body is required.');
    if (text.length > 1600) throw new TwilioApiError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    const origin = parseAddress(from);
    if (origin.channel !== recipient.channel) {
      throw new TwilioApiError(400, 21910, "Invalid 'From' and 'To' pair. 'From' and 'To' should be of the same channel");
    }
    // Every SMS-capable number bought in the sandbox counts as an approved WhatsApp sender.
    const sender = state.incomingNumbers.find((n) => n.phone_number === origin.number);
    if (!sender || !sender.capabilities.sms) {
      if (origin.channel === 'whatsapp') throw new TwilioApiError(400, 63007, 'Twilio could not find a Channel with the specified From address');
      throw new TwilioApiError(400, 21606, `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`);
    }
    if (recipient.channel === 'sms') {
      const refusal = magicRecipientRefusal(recipient.number);
      if (refusal) throw refusal;
      if (isOptedOut(state, origin.number, recipient.number)) throw unsubscribedRecipient();
    }
    const statusCallback = param(b, 'StatusCallback');
    const message = newMessage(
      { to, from, body: text, statusCallback: statusCallback ? (checkUrl('StatusCallback', statusCallback) ?? undefined) : undefined },
      new Date(),
    );
    state.messages.push(message);
    store.changed();
    delivery.schedule(message);
    res.status(201).json(messageJson(message));
  });

  router.get(`${base}/Messages.json`, guard('ListMessage'), (req, res) => {
    const q = query(req);
    const found = state.messages
      .filter((m) => (!q.To || m.to === q.To) && (!q.From || m.from === q.From))
      .reverse()
      .map(messageJson);
    res.json(twilioPage(req, found, 'messages'));
  });

  router.get(`${base}/Messages/:sid.json`, guard('FetchMessage'), (req, res) => {
    res.json(messageJson(bySid(state.messages, req)));
  });

  router.get(`${base}/Calls.json`, guard('ListCall'), (req, res) => {
    const q = query(req);
    const found = state.calls
      .filter((c) => (!q.To || c.to === q.To) && (!q.From || c.from === q.From) && (!q.Status || c.status === q.Status))
      .reverse();
    res.json(twilioPage(req, found, 'calls'));
  });

  router.get(`${base}/Calls/:sid.json`, guard('FetchCall'), (req, res) => {
    res.json(bySid(state.calls, req));
  });

  router.post(`${base}/Calls/:sid.json`, guard('UpdateCall'), async (req, res) => {
    const call = bySid(state.calls, req);
    const b = body(req);
    const session = simulator.live(call.sid);
    const status = param(b, 'Status');
    const url = param(b, 'Url');
    if (param(b, 'Twiml') !== undefined) throw new TwilioApiError(400, 20001, 'The sandbox does not take inline Twiml on call updates yet; pass Url');
    if (status !== undefined && status !== 'completed' && status !== 'canceled') {
      throw new TwilioApiError(400, 20001, `Invalid Status: ${status}`);
    }
    if (!session) {
      throw new TwilioApiError(400, 21220, 'Call is not in-progress. Cannot redirect.');
    }
    if (status) {
      session.complete();
      await session.ended;
    } else if (url) {
      session.redirect(checkUrl('Url', url) ?? url, checkMethod('Method', param(b, 'Method') ?? 'POST'));
    }
    res.json(call);
  });

  router.use('/2010-04-01', (req) => {
    throw notFound(req);
  });

  router.use('/2010-04-01', (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof TwilioApiError) {
      res.status(error.status).json(twilioErrorBody(error.status, error.code, error.message));
      return;
    }
    next(error);
  });
  return router;
}

