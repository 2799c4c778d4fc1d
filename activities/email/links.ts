import { accountToken } from '../../lib/account-tokens';
import { apiKeyHmacSecret } from '../../lib/api-key-secret';
import { publicBaseUrl, type Config } from '../../lib/config';

/**
 * Where Kestrel's emails lead, from PUBLIC_BASE_URL: the console's pages (served under
 * /admin). Set-password and reset links carry their token in the URL fragment, which
 * browsers never send: no server or proxy log can record it. The token is derived here
 * again from the account's expiry (see lib/account-tokens.ts); only its hash is stored.
 */
export function emailLinks(config: Config) {
  const console = `${publicBaseUrl(config)}/admin`;
  const secret = () => apiKeyHmacSecret(config);
  return {
    /** The company's dashboard (the console's home page for its people). */
    dashboard: `${console}/`,
    /** The company's plan, its usage and billing. */
    billing: `${console}/my-billing`,
    /** The same page, opened at the plans to move up to. */
    upgrade: `${console}/my-billing#upgrade`,
    /** An operator's page of a tenant, at one of its tabs. */
    tenant: (tenantId: string, tab?: string) => `${console}/tenants/${tenantId}/show${tab ? `/${tab}` : ''}`,
    /** An invitation's (or a new owner's) link: it sets the first password and proves the address. */
    setPassword: (userId: string, expiresAt: Date) => `${console}/set-password#token=${accountToken(secret(), 'invite', userId, expiresAt)}`,
    resetPassword: (userId: string, expiresAt: Date) => `${console}/reset-password#token=${accountToken(secret(), 'password_reset', userId, expiresAt)}`,
  };
}

export type EmailLinks = ReturnType<typeof emailLinks>;
