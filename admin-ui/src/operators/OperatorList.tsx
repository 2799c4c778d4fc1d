import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { Box, Chip, Divider, MenuItem, Button as MuiButton, Stack, TextField, Typography, useMediaQuery, type Theme } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { createContext, useContext, useState } from 'react';
import { Button, Confirm, DataTable, List, TopToolbar, useDataProvider, useListContext, useNotify, usePermissions, useRefresh, useTranslate, useUpdate } from 'react-admin';
import {
  invitationRefusal,
  operatorChangeRefusal,
  OPERATOR_CHANGE_REFUSALS,
  type OperatorChangeRefusal,
  type OperatorStatus,
} from '../../../domain/operator-changes';
import type { Permissions } from '../auth/authProvider';
import type { OperatorRole } from '../catalogue';
import type { KestrelDataProvider } from '../dataProvider';
import { ValueChip, type ChipColour } from '../fields/ValueChip';
import { ListLoadError } from '../feedback/LoadError';
import { formatDateTime } from '../format';
import { operatorRoleChoices } from './choices';
import { InviteOperatorDialog } from './InviteOperatorDialog';
import { factsOf, type OperatorRecord } from './operatorRecord';

/** Invited: their link is not used yet. Disabled: signed out for good, until enabled. */
const STATUS_COLOURS: Record<OperatorStatus, ChipColour> = { active: 'success', invited: 'info', disabled: 'default' };

/** What a super_admin does to a row, shared by the table's cells and the phone's list. */
interface RowActions {
  busy: boolean;
  onRole: (operator: OperatorRecord, role: OperatorRole) => void;
  onAccess: (operator: OperatorRecord) => void;
  onResend: (operator: OperatorRecord) => void;
}

const RowActionsContext = createContext<RowActions>({ busy: true, onRole: () => undefined, onAccess: () => undefined, onResend: () => undefined });

/**
 * What the signed-in super_admin may do to a row, by the rule the API applies
 * (domain/operator-changes.ts), reckoned on the whole list: each refusal, or null.
 */
function useRowRules(operator: OperatorRecord) {
  const { permissions: me } = usePermissions<Permissions>();
  const { data } = useListContext<OperatorRecord>();
  const enabledSuperAdmins = (data ?? []).filter((o) => o.role === 'super_admin' && o.status !== 'disabled').map((o) => o.id);
  const facts = factsOf(operator);
  const actor = me?.id ?? '';
  const otherRole: OperatorRole = operator.role === 'super_admin' ? 'support' : 'super_admin';
  return {
    role: operatorChangeRefusal(actor, facts, { kind: 'role', role: otherRole }, enabledSuperAdmins),
    access: operatorChangeRefusal(actor, facts, facts.disabled ? { kind: 'enable' } : { kind: 'disable' }, enabledSuperAdmins),
    resend: invitationRefusal(facts),
  };
}

function useRefusalWords() {
  const translate = useTranslate();
  return (refusal: OperatorChangeRefusal) => translate(`kestrel.operators.refusals.${refusal}`, { _: OPERATOR_CHANGE_REFUSALS[refusal] });
}

function StatusCell({ operator }: { operator: OperatorRecord }) {
  const translate = useTranslate();
  return (
    <Stack spacing={0.25} sx={{ alignItems: 'flex-start' }}>
      <ValueChip value={operator.status} prefix="kestrel.operators.status" colours={STATUS_COLOURS} outlined={['disabled']} testId="operator-status" />
      {operator.status === 'invited' && operator.invite_expires_at && (
        <Typography variant="caption" color="text.secondary">
          {translate('kestrel.operators.invited_until', { at: formatDateTime(operator.invite_expires_at) })}
        </Typography>
      )}
    </Stack>
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

function RoleSelect({ operator }: { operator: OperatorRecord }) {
  const translate = useTranslate();
  const actions = useContext(RowActionsContext);
  const rules = useRowRules(operator);
  return (
    <TextField
      select
      hiddenLabel
      size="small"
      value={operator.role}
      disabled={Boolean(rules.role) || actions.busy}
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

/** Disable or enable, and send an invitation again; what the rule refuses is disabled, and says why under the buttons. */
function ActionsCell({ operator }: { operator: OperatorRecord }) {
  const translate = useTranslate();
  const actions = useContext(RowActionsContext);
  const rules = useRowRules(operator);
  const words = useRefusalWords();
  const disabled = operator.status === 'disabled';
  const who = { who: operator.name };
  // Only one who never chose a password has an invitation to send again.
  const showResend = !operator.password_set;
  const reasons = [...new Set([rules.role, rules.access, showResend ? rules.resend : null].filter((r): r is OperatorChangeRefusal => r !== null))];
  return (
    <Stack spacing={0.5} sx={{ alignItems: 'flex-start' }}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <MuiButton
          size="small"
          variant="outlined"
          color={disabled ? 'primary' : 'warning'}
          disabled={Boolean(rules.access) || actions.busy}
          onClick={() => actions.onAccess(operator)}
          aria-label={translate(disabled ? 'kestrel.operators.enable_of' : 'kestrel.operators.disable_of', who)}
          data-testid="operator-access"
        >
          {translate(disabled ? 'kestrel.operators.enable' : 'kestrel.operators.disable')}
        </MuiButton>
        {showResend && (
          <MuiButton
            size="small"
            disabled={Boolean(rules.resend) || actions.busy}
            onClick={() => actions.onResend(operator)}
            aria-label={translate('kestrel.operators.resend_of', who)}
            sx={{ whiteSpace: 'nowrap' }}
            data-testid="operator-resend"
          >
            {translate('kestrel.operators.resend')}
          </MuiButton>
        )}
      </Stack>
      {reasons.map((reason) => (
        <Typography key={reason} variant="caption" color="text.secondary" sx={{ maxWidth: 300 }} data-testid="operator-refusal" data-refusal={reason}>
          {words(reason)}
        </Typography>
      ))}
    </Stack>
  );
}

const lastSignIn = (translate: (key: string, options?: object) => string, operator: OperatorRecord) =>
  operator.last_login_at ? translate('kestrel.users.last_sign_in', { at: formatDateTime(operator.last_login_at) }) : translate('kestrel.users.never_signed_in');

/** The operators one under the other, for a phone's width. */
function OperatorStack() {
  const translate = useTranslate();
  const { data } = useListContext<OperatorRecord>();
  return (
    <Stack divider={<Divider flexItem />} spacing={1.5} sx={{ p: 2 }} data-testid="operators">
      {(data ?? []).map((operator) => (
        <Stack key={operator.id} spacing={1} sx={{ opacity: operator.status === 'disabled' ? 0.7 : 1 }} data-testid="operator" data-email={operator.email}>
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="subtitle2" component="div">
              <NameField operator={operator} />
            </Typography>
            <StatusCell operator={operator} />
          </Stack>
          <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
            {[operator.email, lastSignIn(translate, operator)].join(' · ')}
          </Typography>
          <RoleSelect operator={operator} />
          <ActionsCell operator={operator} />
        </Stack>
      ))}
    </Stack>
  );
}

function ListActions({ onInvite }: { onInvite: () => void }) {
  return (
    <TopToolbar>
      <Button label="kestrel.operators.invite" onClick={onInvite} data-testid="invite-operator">
        <PersonAddIcon />
      </Button>
    </TopToolbar>
  );
}

/**
 * Kestrel's staff accounts, for super_admins (the only ones the API shows them to): who,
 * in which role, whether invited, active or disabled, and when they last signed in. A
 * super_admin invites an operator by e-mail, sends an invitation again (a fresh link),
 * changes a role, and disables an account (signed out everywhere at once) or enables it,
 * after a confirmation that says what happens. What the rule of domain/operator-changes.ts
 * refuses (one's own account, the last super admin) is disabled, with the reason; a refusal
 * the API still makes (the page was out of date) is shown in its words.
 */
export function OperatorList() {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const [inviting, setInviting] = useState(false);
  const [switching, setSwitching] = useState<OperatorRecord>();
  // A change sends `disabled` (true or false); the answer carries the status.
  const [update, { isPending }] = useUpdate<OperatorRecord & { disabled?: boolean }>();
  const failed = (e: unknown) => notify('kestrel.operators.failed', { type: 'error', messageArgs: { reason: (e as Error).message } });
  const roleName = (role: OperatorRole) => translate(`kestrel.operators.roles.${role}`, { _: role });
  const resend = useMutation({
    mutationFn: (operator: OperatorRecord) => dataProvider.resendOperatorInvitation(operator.id),
    onSuccess: (operator) => {
      notify('kestrel.operators.resent', { type: 'success', messageArgs: { email: operator.email } });
      refresh();
    },
    onError: failed,
  });

  const actions: RowActions = {
    busy: isPending || resend.isPending,
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
    onResend: (operator) => resend.mutate(operator),
  };
  const switchAccess = (operator: OperatorRecord) =>
    update(
      'operators',
      { id: operator.id, data: { disabled: operator.status !== 'disabled' }, previousData: operator },
      {
        mutationMode: 'pessimistic',
        onSuccess: (changed) =>
          notify(changed.status === 'disabled' ? 'kestrel.operators.disabled_done' : 'kestrel.operators.enabled_done', { type: 'success', messageArgs: { email: changed.email } }),
        onError: failed,
        onSettled: () => setSwitching(undefined),
      },
    );
  const enabling = switching?.status === 'disabled';

  return (
    <RowActionsContext.Provider value={actions}>
      <List actions={<ListActions onInvite={() => setInviting(true)} />} sort={{ field: 'created_at', order: 'ASC' }} perPage={1000} pagination={false} exporter={false} error={<ListLoadError />}>
        {narrow ? (
          <OperatorStack />
        ) : (
          <DataTable<OperatorRecord> bulkActionButtons={false} rowClick={false} data-testid="operators">
            <DataTable.Col source="name" render={(r) => <NameField operator={r as OperatorRecord} />} />
            <DataTable.Col source="email" />
            <DataTable.Col source="role" render={(r) => <RoleSelect operator={r as OperatorRecord} />} />
            <DataTable.Col source="status" render={(r) => <StatusCell operator={r as OperatorRecord} />} />
            <DataTable.Col
              source="last_login_at"
              render={(r) => (
                <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
                  {r.last_login_at ? formatDateTime(r.last_login_at) : translate('kestrel.users.never')}
                </Typography>
              )}
            />
            <DataTable.Col source="actions" label="kestrel.operators.actions" disableSort render={(r) => <ActionsCell operator={r as OperatorRecord} />} />
          </DataTable>
        )}
      </List>
      {inviting && <InviteOperatorDialog onClose={() => setInviting(false)} />}
      <Confirm
        isOpen={Boolean(switching)}
        loading={isPending}
        title={enabling ? 'kestrel.operators.enable_title' : 'kestrel.operators.disable_title'}
        content={enabling ? 'kestrel.operators.enable_confirm' : 'kestrel.operators.disable_confirm'}
        translateOptions={{ who: switching?.name ?? '', role: switching ? roleName(switching.role) : '' }}
        confirm={enabling ? 'kestrel.operators.enable' : 'kestrel.operators.disable'}
        confirmColor={enabling ? 'primary' : 'warning'}
        onConfirm={() => switching && switchAccess(switching)}
        onClose={() => setSwitching(undefined)}
      />
    </RowActionsContext.Provider>
  );
}
