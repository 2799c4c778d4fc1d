import { ApiKeysPanel } from '../../apiKeys/ApiKeysPanel';
import { TenantAccountsTab } from './TenantAccountsTab';

/** The tenant's API keys: operators whose role may change the tenant create and revoke them. */
export function TenantApiKeysTab() {
  return <TenantAccountsTab panel={ApiKeysPanel} erased="kestrel.api_keys.erased" intro="kestrel.api_keys.intro_operator" />;
}
