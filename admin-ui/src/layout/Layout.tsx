import { toolbarClasses } from '@mui/material';
import type { ReactNode } from 'react';
import { Layout as AdminLayout, DataTableClasses, LayoutClasses, ListClasses, Menu, usePermissions } from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import { PhoneVerificationBanner } from '../auth/PhoneVerificationBanner';
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

/**
 * react-admin lets the page grow to its widest table (`min-width: fit-content` down the
 * layout): a list's table wider than a phone held sideways or a small tablet widened the
 * whole page, its filters and pagination with it, and the page scrolled sideways. The page
 * keeps the screen's width instead, and a table wider than that scrolls in its own box; a
 * list's buttons, labelled from 600 px up, go onto a second line rather than off the screen.
 */
const FITS_THE_SCREEN = {
  minWidth: 0,
  [`& .${LayoutClasses.content}, & .${ListClasses.main}`]: { minWidth: 0 },
  [`& .${DataTableClasses.tableWrapper}`]: { overflowX: 'auto' },
  // From md up the buttons share a line with the filters, which give way to them instead.
  [`& .${ListClasses.actions} .${toolbarClasses.root}`]: { flexWrap: { xs: 'wrap', md: 'nowrap' } },
};

export function KestrelLayout({ children }: { children: ReactNode }) {
  return (
    <AdminLayout menu={KestrelMenu} sx={FITS_THE_SCREEN}>
      <SupportBanner />
      <PhoneVerificationBanner />
      {children}
    </AdminLayout>
  );
}
