import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { Box, Button as MuiButton, Chip, Divider, MenuItem, Stack, TextField, Typography, useMediaQuery, type Theme } from '@mui/material';
import { useState } from 'react';
import { Button, Confirm, DataTable, List, TopToolbar, useListContext, useNotify, usePermissions, useTranslate, useUpdate } from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import type { OperatorRole } from '../catalogue';
import { ListLoadError } from '../feedback/LoadError';
import { formatDateTime } from '../format';
import { operatorRoleChoices } from './choices';
import { InviteOperatorDialog } from './InviteOperatorDialog';
import type { OperatorRecord } from './operatorRecord';

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

/** What a super_admin does to an operator's row; their own row has none of it (the API refuses it too). */
interface RowActions {
  busy: boolean;
  onRole: (operator: OperatorRecord, role: OperatorRole) => void;
  onAccess: (operator: OperatorRecord) => void;
}

function RoleSelect({ operator, you, actions }: { operator: OperatorRecord; you: boolean; actions: RowActions }) {
  const translate = useTranslate();
  return (
    <TextField
      select
      hiddenLabel
      size="small"
      value={operator.role}
      disabled={you || actions.busy}
      onChange={(e) => actions.onRole(operator, e.target.value as OperatorRole)}
      sx={{ minWidth: 150 }}
      slotProps={{ htmlInput: { 'data-testid': 'operator-role' }, select: { SelectDisplayProps: { 'aria-label': translate('kestrel.operators.role_of', { who: operator.name }) } as object } }}
    >
      {operatorRoleChoices.map((choice) => (
        <MenuItem key={choice.id} value={choice.id}>
          {translate(choice.name)}
        </MenuItem>
      ))}
    </TextField>
  );
}

function AccessButton({ operator, you, actions }: { operator: OperatorRecord; you: boolean; actions: RowActions }) {
  const translate = useTranslate();
  const label = translate(operator.disabled_at ? 'kestrel.operators.enable' : 'kestrel.operators.disable');
  return (
    <MuiButton
      size="small"
      variant="outlined"
      color={operator.disabled_at ? 'primary' : 'warning'}
      disabled={you || actions.busy}
      onClick={() => actions.onAccess(operator)}
      aria-label={`${label} ${operator.name}`}
      data-testid="operator-access"
    >
      {label}
    </MuiButton>
  );
}

function AccessCell({ operator, you, actions }: { operator: OperatorRecord; you: boolean; actions: RowActions }) {
  const translate = useTranslate();
  return (
    <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <StateChip operator={operator} />
        <AccessButton operator={operator} you={you} actions={actions} />
      </Stack>
      {you && (
        <Typography variant="caption" color="text.secondary" sx={{ maxWidth: 260 }} data-testid="operator-yourself">
          {translate('kestrel.operators.yourself')}
        </Typography>
      )}
    </Stack>
  );
}

/** The operators one under the other, for a phone's width. */
function OperatorStack({ me, actions }: { me: string | undefined; actions: RowActions }) {
  const translate = useTranslate();
  const { data } = useListContext<OperatorRecord>();
  return (
    <Stack divider={<Divider flexItem />} spacing={1.5} sx={{ p: 2 }} data-testid="operators">
      {(data ?? []).map((operator) => (
        <Stack key={operator.id} spacing={1} sx={{ opacity: operator.disabled_at ? 0.7 : 1 }} data-testid="operator" data-email={operator.email}>
          <Typography variant="subtitle2" component="div">
            <NameField operator={operator} />
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
            {[operator.email, operator.last_login_at ? translate('kestrel.users.last_sign_in', { at: formatDateTime(operator.last_login_at) }) : translate('kestrel.users.never_signed_in')].join(' · ')}
          </Typography>
          <RoleSelect operator={operator} you={operator.id === me} actions={actions} />
          <AccessCell operator={operator} you={operator.id === me} actions={actions} />
        </Stack>
      ))}
    </Stack>
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
 * in which role, when they last signed in; a new account; a role changed, and an account
 * disabled (signed out everywhere) or enabled again, after a confirmation. Nobody changes
 * their own role or account here, and the API's refusals are shown in its words.
 */
export function OperatorList() {
  const translate = useTranslate();
  const notify = useNotify();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const { permissions: me } = usePermissions<Permissions>();
  const [adding, setAdding] = useState(false);
  const [switching, setSwitching] = useState<OperatorRecord>();
  // A change sends `disabled` (true or false); the answer carries `disabled_at`.
  const [update, { isPending }] = useUpdate<OperatorRecord & { disabled?: boolean }>();
  const failed = (e: unknown) => notify('kestrel.operators.failed', { type: 'error', messageArgs: { reason: (e as Error).message } });
  const roleName = (role: OperatorRole) => translate(`kestrel.operators.roles.${role}`, { _: role });

  const actions: RowActions = {
    busy: isPending,
    onRole: (operator, role) =>
      update(
        'operators',
        { id: operator.id, data: { role }, previousData: operator },
        {
          mutationMode: 'pessimistic',
          onSuccess: (changed) => notify('kestrel.operators.role_changed', { type: 'success', messageArgs: { who: changed.name, role: roleName(changed.role) } }),
          onError: failed,
        },
      ),
    onAccess: setSwitching,
  };
  const switchAccess = (operator: OperatorRecord) =>
    update(
      'operators',
      { id: operator.id, data: { disabled: !operator.disabled_at }, previousData: operator },
      {
        mutationMode: 'pessimistic',
        onSuccess: (changed) => notify(changed.disabled_at ? 'kestrel.operators.disabled_done' : 'kestrel.operators.enabled_done', { type: 'success', messageArgs: { email: changed.email } }),
        onError: failed,
        onSettled: () => setSwitching(undefined),
      },
    );

  return (
    <>
      <List actions={<ListActions onAdd={() => setAdding(true)} />} sort={{ field: 'created_at', order: 'ASC' }} perPage={100} pagination={false} exporter={false} error={<ListLoadError />}>
        {narrow ? (
          <OperatorStack me={me?.id} actions={actions} />
        ) : (
          <DataTable<OperatorRecord> bulkActionButtons={false} rowClick={false} data-testid="operators">
            <DataTable.Col source="name" render={(r) => <NameField operator={r as OperatorRecord} />} />
            <DataTable.Col source="email" />
            <DataTable.Col source="role" render={(r) => <RoleSelect operator={r as OperatorRecord} you={r.id === me?.id} actions={actions} />} />
            <DataTable.Col source="last_login_at" render={(r) => <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>{r.last_login_at ? formatDateTime(r.last_login_at) : translate('kestrel.users.never')}</Typography>} />
            <DataTable.Col source="disabled_at" disableSort render={(r) => <AccessCell operator={r as OperatorRecord} you={r.id === me?.id} actions={actions} />} />
          </DataTable>
        )}
      </List>
      {adding && <InviteOperatorDialog onClose={() => setAdding(false)} />}
      <Confirm
        isOpen={Boolean(switching)}
        loading={isPending}
        title={switching?.disabled_at ? 'kestrel.operators.enable_title' : 'kestrel.operators.disable_title'}
        content={switching?.disabled_at ? 'kestrel.operators.enable_confirm' : 'kestrel.operators.disable_confirm'}
        translateOptions={{ who: switching?.name ?? '', role: switching ? roleName(switching.role) : '' }}
        confirm={switching?.disabled_at ? 'kestrel.operators.enable' : 'kestrel.operators.disable'}
        confirmColor={switching?.disabled_at ? 'primary' : 'warning'}
        onConfirm={() => switching && switchAccess(switching)}
        onClose={() => setSwitching(undefined)}
      />
    </>
  );
}
