import type { Logger } from 'pino';
import { rfc2822 } from '../ids';
import type { SandboxStore } from '../state';
import { SANDBOX_ACCOUNT_SID, TWILIO_API_VERSION } from './account';
import { deliveryPath } from './message-rules';
import type { MessageResource } from './resources';
import { sendWebhook, signedRequest } from './webhooks';

const FINAL_STATUSES = new Set<MessageResource['status']>(['delivered', 'undelivered', 'failed', 'received']);

/**
 * Moves each outbound message along its path (queued → sent → delivered, or to
 * `undelivered`/`failed` for the fixed test recipients), one step every `stepMs`, posting
 * the message's StatusCallback (signed) at each change as Twilio does, with `ErrorCode`
 * and `ErrorMessage` when it ends in failure.
 */
export class MessageDelivery {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly store: SandboxStore,
    private readonly logger: Logger,
    private readonly stepMs: number,
  ) {}

  /** Resumes messages a previous run left half-way. */
  resumeAll(): void {
    for (const m of this.store.state.messages) if (!FINAL_STATUSES.has(m.status)) this.schedule(m);
  }

  schedule(message: MessageResource): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.advance(message);
    }, this.stepMs);
    this.timers.add(timer);
  }

  private advance(message: MessageResource): void {
    const { statuses, failure } = deliveryPath(message);
    const next = statuses[statuses.indexOf(message.status) + 1];
    if (!next) return;
    const now = rfc2822(new Date());
    message.status = next;
    message.date_updated = now;
    if (next === 'sent') message.date_sent = now;
    const failed = failure && next === failure.status ? failure : undefined;
    if (failed) {
      message.error_code = failed.errorCode;
      message.error_message = failed.errorMessage;
    }
    this.store.changed();
    if (message.status_callback_url) {
      const request = signedRequest(message.status_callback_url, 'POST', {
        AccountSid: SANDBOX_ACCOUNT_SID,
        ApiVersion: TWILIO_API_VERSION,
        From: message.from,
        To: message.to,
        MessageSid: message.sid,
        SmsSid: message.sid,
        MessageStatus: next,
        SmsStatus: next,
        ...(failed ? { ErrorCode: String(failed.errorCode), ErrorMessage: failed.errorMessage } : {}),
      });
      const delivery = sendWebhook(request, 15_000).then((result) => {
        if (result.error) this.logger.warn({ messageSid: message.sid, error: result.error }, 'message status callback failed');
      });
      this.inFlight.add(delivery);
      void delivery.finally(() => this.inFlight.delete(delivery));
    }
    if (!FINAL_STATUSES.has(next)) this.schedule(message);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.inFlight);
  }
}
