import { Resend } from 'resend';
import type { Config } from '../lib/config';
import { sandboxUrl } from './sandbox-url';

const SANDBOX_API_KEY = 're_kestrel_sandbox';

/**
 * Resend's SDK client. The base URL is passed explicitly (rather than left to the SDK's
 * own RESEND_BASE_URL lookup) so that Kestrel's validated configuration decides it.
 */
export function resendClient(config: Config): Resend {
  const baseUrl = config.RESEND_BASE_URL ?? (config.RESEND_API_KEY ? undefined : sandboxUrl(config));
  return new Resend(config.RESEND_API_KEY ?? SANDBOX_API_KEY, baseUrl ? { baseUrl } : undefined);
}
