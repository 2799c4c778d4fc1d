import { TenantUsersPanel } from '../../tenantUsers/TenantUsersPanel';
import { TenantAccountsTab } from './TenantAccountsTab';

/** The tenant's people: operators whose role may change the tenant manage them. */
export function TenantUsersTab() {
  return <TenantAccountsTab panel={TenantUsersPanel} erased="kestrel.users.erased" intro="kestrel.users.intro_operator" />;
}
