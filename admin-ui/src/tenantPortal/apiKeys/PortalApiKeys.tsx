import { ApiKeysPanel } from '../../apiKeys/ApiKeysPanel';
import { PortalAccountsPage } from '../PortalAccountsPage';

/** The company's API keys, as its owners manage them. */
export function PortalApiKeys() {
  return <PortalAccountsPage title="kestrel.portal.api_keys" panel={ApiKeysPanel} />;
}
