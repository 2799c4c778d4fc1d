import { toolbarClasses } from '@mui/material';
import type { ReactNode } from 'react';
import { Layout as AdminLayout, AppBar, DataTableClasses, LayoutClasses, ListClasses, Menu, usePermissions, type AppBarProps } from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import { PhoneVerificationBanner } from '../auth/PhoneVerificationBanner';
import { tenantOf } from '../auth/session';
import { simulator } from '../simulator';
import { SupportBanner } from '../support/SupportBanner';
import { useSupportSession } from '../support/useSupportSession';
import { PaymentBanner } from '../tenantPortal';
import { SUPPORT_SESSION_APP_BAR } from '../theme';

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

/** In a support session the app bar takes the session's colour, so a company's pages never pass for the operator's own console. */
function SupportSessionAppBar(props: AppBarProps) {
  const { readOnly } = useSupportSession();
  return <AppBar {...props} color={readOnly ? SUPPORT_SESSION_APP_BAR.readOnly : SUPPORT_SESSION_APP_BAR.write} data-testid="support-session-app-bar" />;
}

export function KestrelLayout({ children }: { children: ReactNode }) {
  const { session } = useSupportSession();
  return (
    // In a session the app bar stays put, and the session's banner sticks beneath it.
    <AdminLayout menu={KestrelMenu} sx={FITS_THE_SCREEN} {...(session ? { appBar: SupportSessionAppBar, appBarAlwaysOn: true } : {})}>
      <SupportBanner />
      <PhoneVerificationBanner />
      <PaymentBanner />
      {children}
    </AdminLayout>
  );
}
