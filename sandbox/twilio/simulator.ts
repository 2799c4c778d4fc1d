import type { Logger } from 'pino';
import { z } from 'zod';
import { rfc2822, twilioSid } from '../ids';
import type { SandboxStore } from '../state';
import { SANDBOX_ACCOUNT_SID, TWILIO_API_VERSION } from './account';
import { geoParams } from './area-codes';
import type { CallEvent, WebhookPurpose } from './call-events';
import { TwilioApiError } from './errors';
import { newCall, type CallResource, type CallStatus, type IncomingNumberResource } from './resources';
import { parseTwiml, TwimlParseError, type TwimlElement } from './twiml';
import { sendWebhook, signedRequest, type WebhookResult } from './webhooks';

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 phone number such as +16175550123');

export const placeCallInput = z.object({
  from: e164,
  to: e164,
  /** What the caller says at each `<Gather>`, in order. `""` is silence; digits alone answer a DTMF gather. */
  utterances: z.array(z.string()).default([]),
  /** Wait for `POST /sandbox/calls/:sid/speech` at each `<Gather>` instead of reading `utterances`. */
  interactive: z.boolean().default(false),
  confidence: z.number().min(0).max(1).default(0.92),
  /** How long a `<Dial>`ed party talks before hanging up. */
  dialAnswerSeconds: z.number().int().min(0).max(86_400).default(30),
  /** Zero-based indexes of webhooks to deliver twice, as Twilio does when an answer is late. */
  repeatWebhooks: z.array(z.number().int().min(0)).default([]),
  webhookTimeoutMs: z.number().int().min(1).max(60_000).default(15_000),
  maxWebhooks: z.number().int().min(1).max(1_000).default(50),
});

export type PlaceCallInput = z.input<typeof placeCallInput>;
type CallOptions = z.output<typeof placeCallInput>;

interface Fetch {
  url: string;
  method: string;
  purpose: WebhookPurpose;
  params?: Record<string, string>;
}

type Interrupt = { kind: 'redirect'; url: string; method: string } | { kind: 'complete' } | { kind: 'caller-hangup' };

/** Seconds a person takes to say something, for a call duration that reads like a real one. */
function speakingSeconds(text: string): number {
  return Math.max(1, Math.ceil(text.split(/\s+/).filter(Boolean).length / 2.5));
}

const TWIML_TYPES = /^(text|application)\/(xml|html)|^application\/[\w.+-]*\+xml/i;
const APPLICATION_ERROR = 'We are sorry, an application error has occurred. Goodbye.';

/**
 * One inbound call: it requests the number's VoiceUrl as Twilio does, follows the TwiML
 * that comes back, and records every step. In interactive mode it stops at each
 * `<Gather>` until someone types what the caller says.
 */
export class CallSession {
  readonly events: CallEvent[];
  state: 'running' | 'waiting' | 'ended' = 'running';
  private readonly utterances: string[];
  private readonly inbox: string[] = [];
  private seconds = 0;
  private webhookCount = 0;
  private answeredAt: Date | undefined;
  private endStatus: CallStatus = 'completed';
  private endReason = 'end of TwiML';
  private interrupt: Interrupt | undefined;
  private wake: (() => void) | undefined;
  private idleWaiters: Array<() => void> = [];
  private resolveEnded!: () => void;
  /** Resolves when the call has ended and its final status callback has been sent. */
  readonly ended = new Promise<void>((resolve) => (this.resolveEnded = resolve));

  constructor(
    readonly call: CallResource,
    private readonly number: IncomingNumberResource,
    private readonly options: CallOptions,
    private readonly store: SandboxStore,
    private readonly logger: Logger,
  ) {
    this.utterances = [...options.utterances];
    this.events = store.state.callEvents[call.sid] = [];
  }

  start(): void {
    this.run().catch((error: unknown) => {
      this.logger.error({ err: error, callSid: this.call.sid }, 'call simulation failed');
      this.events.push({ type: 'error', code: 0, message: String(error) });
      this.endStatus = 'failed';
      this.endReason = 'simulator error';
      this.setState('ended');
    });
  }

  /** Resolves once the call waits for the caller or has ended. */
  idle(): Promise<void> {
    if (this.state !== 'running') return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  speak(text: string): void {
    this.inbox.push(text);
    this.wakeUp();
  }

  hangUp(): void {
    this.interrupt ??= { kind: 'caller-hangup' };
    this.wakeUp();
  }

  /** What `POST Calls/{Sid}.json` does to a live call. */
  redirect(url: string, method: string): void {
    this.interrupt = { kind: 'redirect', url, method };
    this.wakeUp();
  }

  complete(): void {
    this.interrupt = { kind: 'complete' };
    this.wakeUp();
  }

  private wakeUp(): void {
    const wake = this.wake;
    if (!wake) return;
    this.wake = undefined;
    // Running again from now, so that a caller awaiting idle() sees the next stop, not this one.
    this.state = 'running';
    wake();
  }

  private setState(state: CallSession['state']): void {
    this.state = state;
    if (state === 'ended') this.resolveEnded();
    if (state === 'running') return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private baseParams(): Record<string, string> {
    const { from, to } = this.call;
    return {
      AccountSid: SANDBOX_ACCOUNT_SID,
      ApiVersion: TWILIO_API_VERSION,
      CallSid: this.call.sid,
      CallStatus: this.call.status,
      Called: to,
      Caller: from,
      Direction: 'inbound',
      From: from,
      To: to,
      ...geoParams('Called', to),
      ...geoParams('Caller', from),
      ...geoParams('From', from),
      ...geoParams('To', to),
    };
  }

  private async run(): Promise<void> {
    let next: Fetch | null = { url: this.number.voice_url ?? '', method: this.number.voice_method, purpose: 'voice' };
    while (next) {
      const document = await this.fetchTwiml(next);
      if (!document) break;
      if (!this.answeredAt) this.answer();
      next = await this.execute(document.root, document.url);
    }
    await this.finish();
  }

  private answer(): void {
    this.answeredAt = new Date();
    this.call.status = 'in-progress';
    this.call.start_time = rfc2822(this.answeredAt);
    this.call.date_updated = rfc2822(this.answeredAt);
    this.store.changed();
  }

  /** Turns a pending interrupt into what happens next: a new document, or the end (null). */
  private takeInterrupt(): Fetch | null | undefined {
    const interrupt = this.interrupt;
    if (!interrupt) return undefined;
    this.interrupt = undefined;
    if (interrupt.kind === 'redirect') {
      this.events.push({ type: 'redirect', url: interrupt.url, method: interrupt.method, by: 'api' });
      return { url: interrupt.url, method: interrupt.method, purpose: 'redirect' };
    }
    this.events.push({ type: 'hangup', by: interrupt.kind === 'complete' ? 'api' : 'caller' });
    this.endReason = interrupt.kind === 'complete' ? 'completed through the REST API' : 'caller hung up';
    return null;
  }

  private async fetchTwiml(target: Fetch): Promise<{ root: TwimlElement; url: string } | null> {
    if (this.webhookCount >= this.options.maxWebhooks) {
      this.endReason = `stopped after ${this.options.maxWebhooks} webhooks`;
      return null;
    }
    const index = this.webhookCount++;
    const request = signedRequest(target.url, target.method, { ...this.baseParams(), ...target.params });
    const event: Extract<CallEvent, { type: 'webhook' }> = {
      type: 'webhook',
      purpose: target.purpose,
      request: { method: request.method, url: request.url, params: request.params, signature: request.signature },
    };
    let result = await sendWebhook(request, this.options.webhookTimeoutMs);
    if (this.options.repeatWebhooks.includes(index)) {
      this.events.push({ ...event, superseded: true, ...responseOf(result) });
      result = await sendWebhook(request, this.options.webhookTimeoutMs);
      event.repeated = true;
    }
    this.events.push({ ...event, ...responseOf(result) });
    this.store.changed();

    const read = readTwiml(result);
    if ('root' in read) return { root: read.root, url: target.url };
    const failure = read.failure;

    this.events.push({ type: 'error', ...failure });
    if (target.purpose === 'voice' && this.number.voice_fallback_url) {
      return this.fetchTwiml({
        url: this.number.voice_fallback_url,
        method: this.number.voice_fallback_method,
        purpose: 'fallback',
        params: { ErrorCode: String(failure.code), ErrorUrl: target.url },
      });
    }
    if (!this.answeredAt) this.answer();
    this.events.push({ type: 'say', text: APPLICATION_ERROR });
    this.seconds += speakingSeconds(APPLICATION_ERROR);
    this.endReason = 'application error';
    return null;
  }

  private async execute(root: TwimlElement, documentUrl: string): Promise<Fetch | null> {
    for (const verb of root.children) {
      const interrupted = this.takeInterrupt();
      if (interrupted !== undefined) return interrupted;
      switch (verb.name) {
        case 'Say':
        case 'Play':
        case 'Pause':
          this.present(verb);
          break;
        case 'Gather': {
          const next = await this.gather(verb, documentUrl);
          if (next !== 'continue') return next;
          break;
        }
        case 'Dial': {
          const next = this.dial(verb, documentUrl);
          if (next) return next;
          break;
        }
        case 'Redirect': {
          const url = new URL(verb.text || documentUrl, documentUrl).toString();
          const method = verb.attrs.method ?? 'POST';
          this.events.push({ type: 'redirect', url, method, by: 'twiml' });
          return { url, method, purpose: 'redirect' };
        }
        case 'Hangup':
          this.events.push({ type: 'hangup', by: 'agent' });
          this.endReason = 'agent hung up';
          return null;
        case 'Reject':
          this.endStatus = 'busy';
          this.endReason = `rejected (${verb.attrs.reason ?? 'rejected'})`;
          return null;
        default:
          this.events.push({ type: 'unsupported', verb: verb.name });
      }
    }
    return null;
  }

  /** What the caller hears: `<Say>`, `<Play>` and `<Pause>`, on their own or inside `<Gather>`. */
  private present(verb: TwimlElement): void {
    const loops = Math.max(1, Number(verb.attrs.loop ?? 1) || 1);
    if (verb.name === 'Say') {
      this.events.push({ type: 'say', text: verb.text, voice: verb.attrs.voice, language: verb.attrs.language });
      this.seconds += speakingSeconds(verb.text) * loops;
    } else if (verb.name === 'Play') {
      this.events.push({ type: 'play', url: verb.text });
      this.seconds += 5 * loops;
    } else if (verb.name === 'Pause') {
      const seconds = Number(verb.attrs.length ?? 1) || 1;
      this.events.push({ type: 'pause', seconds });
      this.seconds += seconds;
    }
  }

  private async gather(verb: TwimlElement, documentUrl: string): Promise<Fetch | null | 'continue'> {
    const input = verb.attrs.input ?? 'dtmf';
    const action = new URL(verb.attrs.action ?? documentUrl, documentUrl).toString();
    const method = verb.attrs.method ?? 'POST';
    for (const child of verb.children) this.present(child);
    this.events.push({ type: 'gather', input, action, method });

    const utterance = await this.nextUtterance();
    const interrupted = this.takeInterrupt();
    if (interrupted !== undefined) return interrupted;
    if (utterance === null) {
      this.events.push({ type: 'hangup', by: 'caller' });
      this.endReason = 'caller had nothing more to say';
      return null;
    }
    const words = utterance.trim();
    const digitsOnly = /^[\d*#]+$/.test(words);
    let params: Record<string, string> | undefined;
    if (words && input.includes('dtmf') && digitsOnly) {
      this.events.push({ type: 'digits', digits: words });
      params = { Digits: words };
    } else if (words && input.includes('speech')) {
      this.events.push({ type: 'speech', text: words, confidence: this.options.confidence });
      params = { SpeechResult: words, Confidence: String(this.options.confidence) };
    }
    if (!params) {
      this.events.push({ type: 'silence' });
      this.seconds += Number(verb.attrs.timeout ?? 5) || 5;
      return verb.attrs.actionOnEmptyResult === 'true' ? { url: action, method, purpose: 'gather' } : 'continue';
    }
    this.seconds += speakingSeconds(words);
    return { url: action, method, purpose: 'gather', params };
  }

  /** The next thing the caller says; null when they hang up instead. */
  private async nextUtterance(): Promise<string | null> {
    if (!this.options.interactive) return this.utterances.shift() ?? null;
    if (this.inbox.length === 0 && !this.interrupt) {
      this.setState('waiting');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.inbox.shift() ?? null;
  }

  private dial(verb: TwimlElement, documentUrl: string): Fetch | null {
    const target = verb.children.find((c) => ['Number', 'Client', 'Sip', 'Conference', 'Queue'].includes(c.name));
    const to = target?.text ?? verb.text;
    const duration = this.options.dialAnswerSeconds;
    this.events.push({ type: 'transfer', to, callerId: verb.attrs.callerId, dialCallStatus: 'completed', dialCallDuration: duration });
    this.seconds += duration;
    if (!verb.attrs.action) return null;
    return {
      url: new URL(verb.attrs.action, documentUrl).toString(),
      method: verb.attrs.method ?? 'POST',
      purpose: 'dial-action',
      params: { DialCallStatus: 'completed', DialCallSid: twilioSid('CA'), DialCallDuration: String(duration) },
    };
  }

  private async finish(): Promise<void> {
    const duration = this.answeredAt ? Math.ceil(this.seconds) : 0;
    const start = this.answeredAt ?? new Date();
    this.call.status = this.endStatus;
    this.call.duration = String(duration);
    this.call.end_time = rfc2822(new Date(start.getTime() + duration * 1000));
    this.call.date_updated = rfc2822(new Date());
    this.events.push({ type: 'end', status: this.endStatus, duration, reason: this.endReason });
    this.store.changed();

    if (this.number.status_callback) {
      const request = signedRequest(this.number.status_callback, this.number.status_callback_method, {
        ...this.baseParams(),
        CallDuration: String(duration),
        Duration: String(Math.ceil(duration / 60)),
        Timestamp: this.call.end_time,
        CallbackSource: 'call-progress-events',
        SequenceNumber: '0',
      });
      const result = await sendWebhook(request, this.options.webhookTimeoutMs);
      this.events.push({
        type: 'webhook',
        purpose: 'status-callback',
        request: { method: request.method, url: request.url, params: request.params, signature: request.signature },
        ...responseOf(result),
      });
      this.store.changed();
    }
    this.setState('ended');
  }
}

/** The TwiML in a webhook's answer, or the Twilio error a caller (or texter) would get instead. */
export function readTwiml(result: WebhookResult): { root: TwimlElement } | { failure: { code: number; message: string } } {
  if (result.error !== undefined || result.status === undefined) {
    return { failure: { code: 11200, message: `HTTP retrieval failure: ${result.error ?? 'no response'}` } };
  }
  if (result.status < 200 || result.status >= 300) return { failure: { code: 11200, message: `HTTP retrieval failure: status ${result.status}` } };
  if (!TWIML_TYPES.test(result.contentType ?? '')) return { failure: { code: 12300, message: `Invalid Content-Type: ${result.contentType || 'none'}` } };
  try {
    const root = parseTwiml(result.body ?? '');
    if (root.name !== 'Response') return { failure: { code: 12100, message: `Document parse failure: root element is <${root.name}>` } };
    return { root };
  } catch (error) {
    if (!(error instanceof TwimlParseError)) throw error;
    return { failure: { code: 12100, message: `Document parse failure: ${error.message}` } };
  }
}

/** A webhook's answer as the exchange records show it: the response, or why there was none. */
export function responseOf(result: WebhookResult) {
  return result.error !== undefined || result.status === undefined
    ? { error: result.error ?? 'no response' }
    : { response: { status: result.status, contentType: result.contentType ?? '', body: result.body ?? '' } };
}

/** The live calls, by SID, and the way new ones are placed. */
export class CallSimulator {
  private readonly sessions = new Map<string, CallSession>();

  constructor(
    private readonly store: SandboxStore,
    private readonly logger: Logger,
  ) {}

  place(input: PlaceCallInput): CallSession {
    const options = placeCallInput.parse(input);
    const number = this.store.state.incomingNumbers.find((n) => n.phone_number === options.to);
    if (!number) throw new TwilioApiError(404, 21217, `${options.to} is not a number bought in the sandbox`);
    if (!number.voice_url) throw new TwilioApiError(409, 21201, `${options.to} has no VoiceUrl to call`);
    const call = newCall({ from: options.from, to: options.to, phoneNumberSid: number.sid }, new Date());
    this.store.state.calls.push(call);
    const session = new CallSession(call, { ...number }, options, this.store, this.logger);
    this.sessions.set(call.sid, session);
    session.start();
    void session.ended.then(() => this.sessions.delete(call.sid));
    return session;
  }

  live(sid: string): CallSession | undefined {
    return this.sessions.get(sid);
  }

  /** Hangs up every live call and waits for their final callbacks. */
  async close(): Promise<void> {
    const live = [...this.sessions.values()];
    for (const s of live) s.hangUp();
    await Promise.all(live.map((s) => s.ended));
  }
}
