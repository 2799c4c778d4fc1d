import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { Box, Chip, Typography, useMediaQuery, type Theme } from '@mui/material';
import { useState } from 'react';
import { Button, DataTable, List, SimpleList, TopToolbar, usePermissions, useTranslate } from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import { ListLoadError } from '../feedback/LoadError';
import { formatDateTime } from '../format';
import { InviteOperatorDialog } from './InviteOperatorDialog';
import type { OperatorRecord } from './operatorRecord';

function RoleChip({ operator }: { operator: OperatorRecord }) {
  const translate = useTranslate();
  return <Chip size="small" color={operator.role === 'super_admin' ? 'primary' : 'default'} label={translate(`kestrel.operators.roles.${operator.role}`, { _: operator.role })} data-testid="operator-role" />;
}

function StateChip({ operator }: { operator: OperatorRecord }) {
  const translate = useTranslate();
  return operator.disabled_at ? (
    <Chip size="small" variant="outlined" label={translate('kestrel.operators.disabled')} />
  ) : (
    <Chip size="small" color="success" label={translate('kestrel.operators.active')} />
  );
}

function NameField({ operator }: { operator: OperatorRecord }) {
  const translate = useTranslate();
  const { permissions: me } = usePermissions<Permissions>();
  return (
    <Box component="span" sx={{ display: 'inline-flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
      {operator.name}
      {operator.id === me?.id && <Chip size="small" variant="outlined" label={translate('kestrel.users.you')} />}
    </Box>
  );
}

function ListActions({ onAdd }: { onAdd: () => void }) {
  return (
    <TopToolbar>
      <Button label="kestrel.operators.add" onClick={onAdd} data-testid="add-operator">
        <PersonAddIcon />
      </Button>
    </TopToolbar>
  );
}

/**
 * Kestrel's staff accounts, for super_admins (the only ones the API shows them to): who,
 * in which role, when they last signed in; and a new account. The API has no route to
 * change an operator's role or disable one yet, so the list shows them as they are.
 */
export function OperatorList() {
  const translate = useTranslate();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const [adding, setAdding] = useState(false);
  return (
    <>
      <List actions={<ListActions onAdd={() => setAdding(true)} />} sort={{ field: 'created_at', order: 'ASC' }} perPage={100} pagination={false} exporter={false} error={<ListLoadError />}>
        {narrow ? (
          <SimpleList<OperatorRecord>
            linkType={false}
            primaryText={(r) => <NameField operator={r as OperatorRecord} />}
            secondaryText={(r: OperatorRecord) => [r.email, r.last_login_at ? translate('kestrel.users.last_sign_in', { at: formatDateTime(r.last_login_at) }) : translate('kestrel.users.never_signed_in')].join(' · ')}
            tertiaryText={(r) => <RoleChip operator={r as OperatorRecord} />}
            data-testid="operators"
          />
        ) : (
          <DataTable<OperatorRecord> bulkActionButtons={false} rowClick={false} data-testid="operators">
            <DataTable.Col source="name" render={(r) => <NameField operator={r as OperatorRecord} />} />
            <DataTable.Col source="email" />
            <DataTable.Col source="role" render={(r) => <RoleChip operator={r as OperatorRecord} />} />
            <DataTable.Col source="last_login_at" render={(r) => <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>{r.last_login_at ? formatDateTime(r.last_login_at) : translate('kestrel.users.never')}</Typography>} />
            <DataTable.Col source="disabled_at" disableSort render={(r) => <StateChip operator={r as OperatorRecord} />} />
          </DataTable>
        )}
      </List>
      {adding && <InviteOperatorDialog onClose={() => setAdding(false)} />}
    </>
  );
}
