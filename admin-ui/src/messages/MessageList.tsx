import { useMediaQuery, type Theme } from '@mui/material';
import { DataTable, List, SearchInput, SelectInput, SimpleList, useTranslate } from 'react-admin';
import { EmptyList } from '../feedback/EmptyList';
import { ListLoadError } from '../feedback/LoadError';
import { ClampedText } from '../fields/ClampedText';
import { useCompanyDateTime } from '../fields/companyTimeZone';
import { CompanyTimeNote } from '../fields/CompanyTimeNote';
import { CompanyTimeColumn } from '../fields/DateTimeField';
import { Parts } from '../fields/Parts';
import { PhoneNumber } from '../fields/PhoneField';
import { CHIP_ON_THE_RIGHT } from '../fields/ValueChip';
import { TenantFilter } from '../inputs/TenantFilter';
import { directionChoices, kindChoices, statusChoices } from '../messaging/choices';
import { counterpartOf, type MessageRecord } from '../messaging/messageRecord';
import { MessageKindField, MessageStatusChip, MessageStatusField } from '../messaging/MessageStatusChip';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TenantFilter key="tenant_id" source="tenant_id" alwaysOn />,
  <SelectInput key="status" source="status" choices={statusChoices} alwaysOn />,
  <SelectInput key="kind" source="kind" choices={kindChoices} />,
  <SelectInput key="direction" source="direction" choices={directionChoices} />,
];

/** The customer's side of the text: to whom it went, or who wrote it. */
function Counterpart({ message }: { message: MessageRecord }) {
  const translate = useTranslate();
  return (
    <span>
      {translate(`kestrel.message_directions.${message.direction}_short`)} <PhoneNumber value={counterpartOf(message)} />
    </span>
  );
}

/**
 * Every company's texts to and from its customers, newest first, each at its company's
 * time: what Kestrel sent for them, what their people wrote, what customers answered,
 * and why a text did not arrive.
 */
export function MessageList() {
  const companyTime = useCompanyDateTime();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List
      filters={filters}
      sort={{ field: 'created_at', order: 'DESC' }}
      perPage={25}
      empty={<EmptyList title="kestrel.messages.empty" hint="kestrel.messages.empty_hint" testId="no-messages" />}
      error={<ListLoadError />}
    >
      {isSmall ? (
        <>
          <CompanyTimeNote />
          <SimpleList<MessageRecord>
            primaryText={(r) => r.company_name}
            secondaryText={(r) => <Parts>{[companyTime(r.created_at, r), <Counterpart key="to" message={r} />, r.body]}</Parts>}
            rightIcon={(r) => <MessageStatusChip status={r.status} />}
            linkType={false}
            sx={CHIP_ON_THE_RIGHT}
          />
        </>
      ) : (
        <DataTable<MessageRecord> bulkActionButtons={false} rowClick={false} data-testid="messages">
          <CompanyTimeColumn source="created_at" label="kestrel.messages.written_company" />
          <DataTable.Col source="company_name" disableSort />
          <DataTable.Col source="counterpart" disableSort render={(r) => <Counterpart message={r as MessageRecord} />} />
          <DataTable.Col source="kind" field={MessageKindField} />
          <DataTable.Col source="body" disableSort render={(r) => <ClampedText text={r.body} minWidth={200} maxWidth={420} />} />
          <DataTable.Col source="status" field={MessageStatusField} />
        </DataTable>
      )}
    </List>
  );
}
