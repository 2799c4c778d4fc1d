import { DataTable, SimpleList, useTranslate } from 'react-admin';
import { CompanyTimeColumn } from '../../fields/DateTimeField';
import { Parts } from '../../fields/Parts';
import { PhoneField, PhoneNumber } from '../../fields/PhoneField';
import type { ContactRecord } from '../../messaging/messageRecord';
import { OptOutField, OptOutState } from '../../messaging/OptOutState';
import { TenantRecordsTab } from '../TenantRecordsTab';

function ContactsTable() {
  const translate = useTranslate();
  return (
    <DataTable<ContactRecord> bulkActionButtons={false} rowClick={false} data-testid="tenant-contacts">
      <DataTable.Col source="name" />
      <DataTable.Col source="phone" field={PhoneField} />
      <DataTable.Col source="email" disableSort />
      <DataTable.Col source="opt_out" disableSort field={OptOutField} />
      <DataTable.Col source="source" render={(r) => translate(`kestrel.contact_sources.${r.source}`)} />
      <CompanyTimeColumn source="created_at" />
    </DataTable>
  );
}

function ContactsList() {
  const translate = useTranslate();
  return (
    <SimpleList<ContactRecord>
      linkType={false}
      primaryText={(r) => r.name ?? <PhoneNumber value={r.phone} />}
      secondaryText={(r) => <Parts>{[r.name ? <PhoneNumber value={r.phone} /> : null, r.email, translate(`kestrel.contact_sources.${r.source}`)]}</Parts>}
      tertiaryText={(r) => <OptOutState contact={r} />}
      data-testid="tenant-contacts"
    />
  );
}

/** The company's customers, newest first, with whether each may be texted on each channel. */
export function TenantContactsTab() {
  return <TenantRecordsTab reference="contacts" newestBy="created_at" empty="kestrel.tenants.no_contacts" table={<ContactsTable />} narrowList={<ContactsList />} />;
}
