import type { ReactNode } from 'react';
import { Layout as AdminLayout, Menu, usePermissions } from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import { tenantOf } from '../auth/session';
import { simulator } from '../simulator';
import { SupportBanner } from '../support/SupportBanner';

const SimulatorIcon = simulator.icon;

/**
 * The resources, then the pages that are not resources (a custom route is not listed by
 * itself); the call simulator is an operator's tool, not part of a company's own pages.
 */
function KestrelMenu() {
  const { permissions } = usePermissions<Permissions>();
  return (
    <Menu>
      <Menu.DashboardItem />
      <Menu.ResourceItems />
      {permissions && !tenantOf(permissions) && <Menu.Item to={simulator.path} primaryText={simulator.label} leftIcon={<SimulatorIcon />} />}
    </Menu>
  );
}

export function KestrelLayout({ children }: { children: ReactNode }) {
  return (
    <AdminLayout menu={KestrelMenu}>
      <SupportBanner />
      {children}
    </AdminLayout>
  );
}
