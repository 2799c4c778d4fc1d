import { Admin } from 'react-admin';
import { Dashboard } from './dashboard/Dashboard';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n';

export function App() {
  return <Admin title="Kestrel" dashboard={Dashboard} dataProvider={dataProvider} i18nProvider={i18nProvider} />;
}
