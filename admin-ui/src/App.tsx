import { Admin, CustomRoutes, Resource } from 'react-admin';
import { BrowserRouter, Route } from 'react-router-dom';
import appointments from './appointments';
import { authProvider, type Permissions } from './auth/authProvider';
import { LoginPage } from './auth/LoginPage';
import { CONSOLE_BASE } from './auth/PublicPage';
import { ResetPasswordPage } from './auth/ResetPasswordPage';
import { operatorHolds, tenantOf } from './auth/session';
import { SetPasswordPage } from './auth/SetPasswordPage';
import { VerifyPhonePage } from './auth/VerifyPhonePage';
import calls from './calls';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './dataProvider';
import deadLetters from './deadLetters';
import emails from './emails';
import featureFlags from './featureFlags';
import messages from './messages';
import { operatorCampaigns, operatorCustomerInvoices, operatorJobs } from './operatorMessaging';
import { i18nProvider } from './i18n';
import { KestrelLayout } from './layout/Layout';
import operators from './operators';
import { SignupPage } from './signup/SignupPage';
import { simulator } from './simulator';
import { SupportSessionNotFound } from './support/SupportSessionNotFound';
import { portalResources, withPortalDashboard, withTenantPortal } from './tenantPortal';
import tenants from './tenants';
import { darkTheme, lightTheme } from './theme';

/**
 * The API serves the console under /admin and answers every path below it with the
 * index page, so the console uses real paths (/admin/signup is a link a customer can get)
 * rather than a hash router. The sign-up wizard also has a public address of its own,
 * /signup, outside the console: there the router starts at the site's root, where the
 * wizard is the one page it knows (its links to the console's pages load them).
 */
const inConsole = (path: string) => path === CONSOLE_BASE || path.startsWith(`${CONSOLE_BASE}/`);
const basename = inConsole(window.location.pathname) ? CONSOLE_BASE : '';

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
        catchAll={SupportSessionNotFound}
        i18nProvider={i18nProvider}
        lightTheme={lightTheme}
        darkTheme={darkTheme}
        disableTelemetry
      >
        {(permissions: Permissions | null) => (
          <>
            {tenantOf(permissions) ? (
              portalResources(permissions)
            ) : (
              <>
                <Resource name="tenants" {...tenants} recordRepresentation="company_name" />
                <Resource name="calls" {...calls} />
                <Resource name="appointments" {...appointments} recordRepresentation="customer_name" />
                <Resource name="messages" {...messages} />
                <Resource name="jobs" {...operatorJobs} />
                <Resource name="customer-invoices" {...operatorCustomerInvoices} recordRepresentation="number" />
                <Resource name="campaigns" {...operatorCampaigns} recordRepresentation="name" />
                <Resource name="dead-letters" {...deadLetters} />
                <Resource name="emails" {...emails} />
                <Resource name="feature-flags" {...featureFlags} recordRepresentation="name" />
                {operatorHolds(permissions, 'operators:manage') && <Resource name="operators" {...operators} recordRepresentation="name" />}
                <CustomRoutes>
                  <Route path={simulator.path} element={<simulator.page />} />
                </CustomRoutes>
              </>
            )}
            {/* Pages without a session: sign-up, and where the e-mails' links lead. */}
            <CustomRoutes noLayout>
              <Route path="/signup" element={<SignupPage />} />
              <Route path="/set-password" element={<SetPasswordPage />} />
              {/* Invitations sent before /set-password existed. */}
              <Route path="/accept-invite" element={<SetPasswordPage />} />
              <Route path="/reset-password" element={<ResetPasswordPage />} />
              <Route path="/verify-phone" element={<VerifyPhonePage />} />
            </CustomRoutes>
          </>
        )}
      </Admin>
    </BrowserRouter>
  );
}
