import type { Logger } from 'pino';
import { providerModes, type Config } from '../../lib/config';
import type { TwilioClient } from '../../providers/twilio';

/** A text the provider would not take, after the retries: the reason, for the problem the page shows. */
export class TextNotSent extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TextNotSent';
  }
}

/** Attempts per text, and the pause before each retry: a person is waiting for the answer. */
const RETRY_DELAYS_MS = [300, 1_000];
/** The name of the sandbox number bought for Kestrel's own texts, so a restart finds it again. */
const SANDBOX_SENDER_NAME = 'Kestrel verification codes';
/** Where that number is bought: an area code no test provisions tenants in. */
export const SANDBOX_SENDER_AREA_CODE = '201';

/**
 * Kestrel's own texts (one-time codes), sent from the API while the person waits: through
 * Twilio's SDK from SMS_FROM, or, with the sandbox and no SMS_FROM, from a sandbox number
 * bought for them once. A refusal that another try may get past (the provider down or busy,
 * the connection lost) is tried again twice; one that will not (an invalid number) is not.
 */
export class TextMessages {
  private sandboxSender: Promise<string> | undefined;

  constructor(
    private readonly config: Config,
    private readonly twilio: TwilioClient,
    private readonly logger: Logger,
  ) {}

  async send(to: string, body: string): Promise<{ sid: string }> {
    const from = await this.sender();
    for (let attempt = 0; ; attempt++) {
      try {
        const message = await this.twilio.messages.create({ to, body, ...from });
        return { sid: message.sid };
      } catch (error) {
        this.logger.warn({ err: error, attempt: attempt + 1 }, 'a text was refused by the provider');
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined || !worthRetrying(error)) throw new TextNotSent(describe(error));
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async sender(): Promise<{ from: string } | { messagingServiceSid: string }> {
    const configured = this.config.SMS_FROM;
    if (configured) return configured.startsWith('MG') ? { messagingServiceSid: configured } : { from: configured };
    if (providerModes(this.config).twilio !== 'sandbox') throw new TextNotSent('no sender is configured for text messages (SMS_FROM)');
    this.sandboxSender ??= this.sandboxNumber().catch((error: unknown) => {
      this.sandboxSender = undefined; // the next text tries again
      throw new TextNotSent(`no sandbox number to send from: ${describe(error)}`);
    });
    return { from: await this.sandboxSender };
  }

  private async sandboxNumber(): Promise<string> {
    const [found] = await this.twilio.incomingPhoneNumbers.list({ friendlyName: SANDBOX_SENDER_NAME, limit: 1 });
    if (found) return found.phoneNumber;
    const bought = await this.twilio.incomingPhoneNumbers.create({ areaCode: SANDBOX_SENDER_AREA_CODE, friendlyName: SANDBOX_SENDER_NAME });
    return bought.phoneNumber;
  }
}

/** Twilio's REST errors carry the HTTP status; without one the request never got an answer. */
function worthRetrying(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  return status === undefined || status === 429 || status >= 500;
}

function describe(error: unknown): string {
  const e = error as { status?: number; code?: number; message?: string };
  return [e.status && `HTTP ${e.status}`, e.code && `code ${e.code}`, e.message].filter(Boolean).join(', ') || String(error);
}
