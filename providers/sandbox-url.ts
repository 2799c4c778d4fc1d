import type { Config } from '../lib/config';

/** Where the provider sandbox answers: `SANDBOX_URL`, or loopback on `SANDBOX_PORT`. */
export function sandboxUrl(config: Config): string {
  return (config.SANDBOX_URL ?? `http://127.0.0.1:${config.SANDBOX_PORT}`).replace(/\/+$/, '');
}
