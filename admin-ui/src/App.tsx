import { Admin, CustomRoutes, Resource } from 'react-admin';
import { BrowserRouter, Route } from 'react-router-dom';
import appointments from './appointments';
import { authProvider, type Permissions } from './auth/authProvider';
import { tenantOf } from './auth/session';
import { LoginPage } from './auth/LoginPage';
import calls from './calls';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './dataProvider';
import deadLetters from './deadLetters';
import emails from './emails';
import featureFlags from './featureFlags';
import { i18nProvider } from './i18n';
import { KestrelLayout } from './layout/Layout';
import { SignupPage } from './signup/SignupPage';
import { simulator } from './simulator';
import { portalResources, withPortalDashboard, withTenantPortal } from './tenantPortal';
import tenants from './tenants';
import { darkTheme, lightTheme } from './theme';

/**
 * The API serves the console under /admin and answers every path below it with the
 * index page, so the console uses real paths (/admin/signup is a link a customer can get)
 * rather than a hash router.
 */
const basename = import.meta.env.BASE_URL.replace(/\/+$/, '');

/** A tenant user, or an operator in a support session, gets the company's own pages (the tenant portal) instead of the operator's. */
const HomeDashboard = withPortalDashboard(Dashboard);
const consoleDataProvider = withTenantPortal(dataProvider);

export function App() {
  return (
    <BrowserRouter basename={basename}>
      <Admin
        title="Kestrel"
        dashboard={HomeDashboard}
        dataProvider={consoleDataProvider}
        authProvider={authProvider}
        loginPage={LoginPage}
        layout={KestrelLayout}
        i18nProvider={i18nProvider}
        lightTheme={lightTheme}
        darkTheme={darkTheme}
        disableTelemetry
      >
        {(permissions: Permissions | null) => (
          <>
            {tenantOf(permissions) ? (
              portalResources
            ) : (
              <>
                <Resource name="tenants" {...tenants} recordRepresentation="company_name" />
                <Resource name="calls" {...calls} />
                <Resource name="appointments" {...appointments} recordRepresentation="customer_name" />
                <Resource name="dead-letters" {...deadLetters} />
                <Resource name="emails" {...emails} />
                <Resource name="feature-flags" {...featureFlags} recordRepresentation="name" />
                <CustomRoutes>
                  <Route path={simulator.path} element={<simulator.page />} />
                </CustomRoutes>
              </>
            )}
            <CustomRoutes noLayout>
              <Route path="/signup" element={<SignupPage />} />
            </CustomRoutes>
          </>
        )}
      </Admin>
    </BrowserRouter>
  );
}
