import { Admin, CustomRoutes, Resource } from 'react-admin';
import { BrowserRouter, Route } from 'react-router-dom';
import { authProvider } from './auth/authProvider';
import { LoginPage } from './auth/LoginPage';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n';
import { SignupPage } from './signup/SignupPage';
import tenants from './tenants';

/**
 * The API serves the console under /admin and answers every path below it with the
 * index page, so the console uses real paths (/admin/signup is a link a customer can get)
 * rather than a hash router.
 */
const basename = import.meta.env.BASE_URL.replace(/\/+$/, '');

export function App() {
  return (
    <BrowserRouter basename={basename}>
      <Admin
        title="Kestrel"
        dashboard={Dashboard}
        dataProvider={dataProvider}
        authProvider={authProvider}
        loginPage={LoginPage}
        i18nProvider={i18nProvider}
        disableTelemetry
      >
        <Resource name="tenants" {...tenants} recordRepresentation="company_name" />
        <CustomRoutes noLayout>
          <Route path="/signup" element={<SignupPage />} />
        </CustomRoutes>
      </Admin>
    </BrowserRouter>
  );
}
