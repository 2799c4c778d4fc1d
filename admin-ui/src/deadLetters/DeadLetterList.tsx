import { Box, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, List, SelectInput, SimpleList, TextInput, useTranslate } from 'react-admin';
import { ListLoadError } from '../feedback/LoadError';
import { ClampedText } from '../fields/ClampedText';
import { CHIP_ON_THE_RIGHT } from '../fields/ValueChip';
import { formatDateTime } from '../format';
import { TenantFilter } from '../inputs/TenantFilter';
import { deadLetterStateChoices, type DeadLetterRecord } from './deadLetterRecord';
import { DeadLetterStateField } from './DeadLetterStateChip';

const filters = [
  <SelectInput key="state" source="state" choices={deadLetterStateChoices} alwaysOn />,
  <TextInput key="step" source="step" alwaysOn />,
  <TenantFilter key="tenant_id" source="tenant_id" />,
];

export function DeadLetterList() {
  const translate = useTranslate();
  const isSmall = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <List filters={filters} sort={{ field: 'created_at', order: 'DESC' }} perPage={25} error={<ListLoadError />} exporter={false}>
      {isSmall ? (
        <SimpleList<DeadLetterRecord>
          primaryText={(r) => `${r.step} · ${r.company_name ?? translate('kestrel.dead_letters.no_tenant')}`}
          secondaryText={(r) => `${formatDateTime(r.created_at)} · ${r.error}`}
          rightIcon={() => <DeadLetterStateField />}
          linkType="show"
          sx={CHIP_ON_THE_RIGHT}
        />
      ) : (
        <DataTable<DeadLetterRecord> rowClick="show" bulkActionButtons={false}>
          <DataTable.Col source="created_at" render={(r) => <Box component="span" sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.created_at)}</Box>} />
          <DataTable.Col source="company_name" disableSort render={(r) => r.company_name ?? translate('kestrel.dead_letters.no_tenant')} />
          <DataTable.Col source="step" render={(r) => <Box component="span" sx={{ fontFamily: 'monospace' }}>{r.step}</Box>} />
          <DataTable.Col source="error" disableSort render={(r) => <ClampedText text={r.error} maxWidth={480} mono />} />
          <DataTable.Col source="attempts" align="right" />
          <DataTable.Col source="state" disableSort field={DeadLetterStateField} />
        </DataTable>
      )}
    </List>
  );
}
