import twilio from 'twilio';
import type { Config } from '../lib/config';
import { SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN } from '../sandbox/twilio/account';
import { sandboxUrl } from './sandbox-url';

type RequestOptions = Parameters<twilio.RequestClient['request']>[0];

/**
 * The SDK's own HTTP client with every `*.twilio.com` request sent to the sandbox
 * instead, path and query kept, so the SDK (paging included) works unchanged.
 */
export class SandboxRequestClient extends twilio.RequestClient {
  constructor(private readonly sandbox: string) {
    super({ keepAlive: false });
  }

  override request<TData>(opts: RequestOptions & { data?: TData }) {
    const uri = new URL(opts.uri);
    if (uri.hostname === 'twilio.com' || uri.hostname.endsWith('.twilio.com')) {
      opts = { ...opts, uri: `${this.sandbox}${uri.pathname}${uri.search}` };
    }
    return super.request(opts);
  }
}

export type TwilioClient = twilio.Twilio;

/** Twilio's SDK client: the real API with credentials, the sandbox without. */
export function twilioClient(config: Config): TwilioClient {
  if (config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN) {
    return twilio(config.TWILIO_ACCOUNT_SID, config.TWILIO_AUTH_TOKEN);
  }
  return twilio(SANDBOX_ACCOUNT_SID, SANDBOX_AUTH_TOKEN, { httpClient: new SandboxRequestClient(sandboxUrl(config)) });
}

/** The auth token Twilio signs webhooks with in this configuration. */
export function twilioWebhookAuthToken(config: Config): string {
  return config.TWILIO_ACCOUNT_SID && config.TWILIO_AUTH_TOKEN ? config.TWILIO_AUTH_TOKEN : SANDBOX_AUTH_TOKEN;
}
