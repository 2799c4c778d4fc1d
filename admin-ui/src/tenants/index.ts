import BusinessIcon from '@mui/icons-material/Business';
import { createElement } from 'react';
import { Route } from 'react-router-dom';
import { ProvisionNumberPage } from './provision/ProvisionNumberPage';
import { TenantList } from './TenantList';
import { TenantShow } from './TenantShow';

/**
 * Tenants are created through onboarding (the public wizard or the list's quick add) and
 * moved by workflow actions; their settings are edited in place on the show page, so
 * there is no create or edit page. Choosing a number has a page of its own.
 */
export default {
  list: TenantList,
  show: TenantShow,
  icon: BusinessIcon,
  children: createElement(Route, { path: ':id/provision', element: createElement(ProvisionNumberPage) }),
};
