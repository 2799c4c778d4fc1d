import { Box, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, List, SearchInput, SelectInput, SimpleList, useTranslate } from 'react-admin';
import { ListLoadError } from '../feedback/LoadError';
import { ClampedText } from '../fields/ClampedText';
import { CHIP_ON_THE_RIGHT } from '../fields/ValueChip';
import { formatDateTime } from '../format';
import { TenantFilter } from '../inputs/TenantFilter';
import { emailStatusChoices, templateChoices, type EmailRecord } from './emailRecord';
import { EmailStatusField, TemplateField } from './EmailStatusChip';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="template" source="template" choices={templateChoices} alwaysOn />,
  <SelectInput key="status" source="status" choices={emailStatusChoices} alwaysOn />,
  <TenantFilter key="tenant_id" source="tenant_id" />,
];

/** Every email (and text) the platform sent or tried to send, newest first. */
export function EmailList() {
  const translate = useTranslate();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List filters={filters} sort={{ field: 'created_at', order: 'DESC' }} perPage={25} error={<ListLoadError />} exporter={false}>
      {isSmall ? (
        <SimpleList<EmailRecord>
          primaryText={(r) => r.subject ?? translate(`kestrel.email_templates.${r.template}`, { _: r.template })}
          secondaryText={(r) => `${formatDateTime(r.sent_at ?? r.created_at)} · ${r.recipient}`}
          rightIcon={() => <EmailStatusField />}
          linkType="show"
          sx={CHIP_ON_THE_RIGHT}
        />
      ) : (
        <DataTable<EmailRecord> rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="template" disableSort field={TemplateField} />
          <DataTable.Col source="recipient" disableSort />
          <DataTable.Col source="subject" disableSort render={(r) => <ClampedText text={r.subject} minWidth={180} maxWidth={320} />} />
          <DataTable.Col source="company_name" disableSort render={(r) => r.company_name ?? '—'} />
          <DataTable.Col source="status" field={EmailStatusField} />
          <DataTable.Col source="sent_at" render={(r) => <Box component="span" sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.sent_at) || '—'}</Box>} />
          <DataTable.Col source="error" disableSort render={(r) => <ClampedText text={r.error} maxWidth={320} mono />} />
        </DataTable>
      )}
    </List>
  );
}
