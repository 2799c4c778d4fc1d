import { TenantUsersPanel } from '../../tenantUsers/TenantUsersPanel';
import { PortalAccountsPage } from '../PortalAccountsPage';

/** The company's people, as its owners manage them. */
export function PortalUsers() {
  return <PortalAccountsPage title="kestrel.portal.users" panel={TenantUsersPanel} />;
}
