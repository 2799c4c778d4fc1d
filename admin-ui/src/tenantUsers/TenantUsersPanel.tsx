import MoreVertIcon from '@mui/icons-material/MoreVert';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import { Alert, Button, Chip, Divider, IconButton, LinearProgress, Menu, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Confirm, useDataProvider, useGetList, useNotify, usePermissions, useTranslate, useUpdate } from 'react-admin';
import type { Permissions } from '../auth/authProvider';
import type { TenantRole } from '../catalogue';
import type { KestrelDataProvider } from '../dataProvider';
import { LoadErrorAlert } from '../feedback/LoadError';
import { formatDateTime } from '../format';
import { tenantRoleChoices } from './choices';
import { InviteUserDialog } from './InviteUserDialog';
import { TENANT_USERS, type TenantUserRecord } from './tenantUserRecord';
import { UserStatusChip } from './UserStatusChip';

/** The people who still hold the owner's role: a company keeps at least one. */
const activeOwners = (users: TenantUserRecord[]) => users.filter((u) => u.role === 'owner' && u.status !== 'disabled').length;

function RoleSelect({ user, disabled, onChange }: { user: TenantUserRecord; disabled: boolean; onChange: (role: TenantRole) => void }) {
  const translate = useTranslate();
  return (
    <TextField
      select
      size="small"
      label={translate('resources.tenant-users.fields.role')}
      value={user.role}
      disabled={disabled}
      onChange={(e) => onChange(e.target.value as TenantRole)}
      sx={{ minWidth: 140 }}
      slotProps={{ htmlInput: { 'data-testid': 'role-select' }, select: { SelectDisplayProps: { 'aria-label': translate('kestrel.users.role_of', { who: user.name ?? user.email }) } as object } }}
    >
      {tenantRoleChoices.map((choice) => (
        <MenuItem key={choice.id} value={choice.id}>
          {translate(choice.name)}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** What else can be done to someone: send their invitation again, or disable them. */
function UserMenu({ user, you, lastOwner, busy, onResend, onDisable }: { user: TenantUserRecord; you: boolean; lastOwner: boolean; busy: boolean; onResend: () => void; onDisable: () => void }) {
  const translate = useTranslate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const pick = (action: () => void) => () => {
    setAnchor(null);
    action();
  };
  return (
    <>
      <IconButton aria-label={translate('kestrel.users.more_for', { who: user.name ?? user.email })} onClick={(e) => setAnchor(e.currentTarget)} disabled={busy} data-testid="user-menu">
        <MoreVertIcon />
      </IconButton>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        {user.status === 'invited' && <MenuItem onClick={pick(onResend)}>{translate('kestrel.users.resend')}</MenuItem>}
        {/* Signing oneself out for good is not done from here. */}
        <MenuItem onClick={pick(onDisable)} disabled={lastOwner || you} sx={{ color: 'error.main' }}>
          {translate('kestrel.users.disable')}
        </MenuItem>
      </Menu>
    </>
  );
}

function UserRow({
  user,
  you,
  canManage,
  lastOwner,
  busy,
  onRole,
  onResend,
  onDisable,
}: {
  user: TenantUserRecord;
  you: boolean;
  canManage: boolean;
  lastOwner: boolean;
  busy: boolean;
  onRole: (role: TenantRole) => void;
  onResend: () => void;
  onDisable: () => void;
}) {
  const translate = useTranslate();
  const disabled = user.status === 'disabled';
  const when =
    user.status === 'invited'
      ? user.invited_at && translate('kestrel.users.invited_at', { at: formatDateTime(user.invited_at) })
      : user.last_login_at
        ? translate('kestrel.users.last_sign_in', { at: formatDateTime(user.last_login_at) })
        : translate('kestrel.users.never_signed_in');
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={{ xs: 1, sm: 2 }} sx={{ alignItems: { sm: 'center' }, opacity: disabled ? 0.6 : 1 }} data-testid="tenant-user" data-email={user.email}>
      <Stack spacing={0.25} sx={{ flex: 1, minWidth: 0 }}>
        <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography variant="subtitle2" sx={{ overflowWrap: 'anywhere' }}>
            {user.name ?? user.email}
          </Typography>
          {you && <Chip size="small" variant="outlined" label={translate('kestrel.users.you')} />}
          <UserStatusChip status={user.status} />
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
          {[user.name ? user.email : null, when].filter(Boolean).join(' · ')}
        </Typography>
        {canManage && lastOwner && (
          <Typography variant="caption" color="text.secondary" data-testid="last-owner">
            {translate('kestrel.users.keeps_one_owner')}
          </Typography>
        )}
      </Stack>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        {canManage && !disabled ? (
          <>
            <RoleSelect user={user} disabled={busy || lastOwner} onChange={onRole} />
            <UserMenu user={user} you={you} lastOwner={lastOwner} busy={busy} onResend={onResend} onDisable={onDisable} />
          </>
        ) : (
          <Chip size="small" label={translate(`kestrel.users.roles.${user.role}`, { _: user.role })} data-testid="user-role" />
        )}
      </Stack>
    </Stack>
  );
}

/**
 * A company's people: invite with a role, change a role, send an invitation again, and
 * disable someone (their sessions end at once). A company keeps one owner: the last
 * one's role and account cannot be taken away. The same panel on the operator's tenant
 * page and on the portal's Users page; `canManage` false shows it read-only (with
 * `readOnlyReason`, its invite button disabled and the reason why).
 */
export function TenantUsersPanel({ tenantId, canManage, readOnlyReason, intro = 'kestrel.users.intro' }: { tenantId: string; canManage: boolean; readOnlyReason?: string; intro?: string }) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const { permissions: me } = usePermissions<Permissions>();
  const [inviting, setInviting] = useState(false);
  const [disabling, setDisabling] = useState<TenantUserRecord>();
  const { data: users, error, isPending, refetch } = useGetList<TenantUserRecord>(TENANT_USERS, {
    filter: { tenant_id: tenantId },
    sort: { field: 'created_at', order: 'ASC' },
    pagination: { page: 1, perPage: 500 },
  });
  const [update, { isPending: changingRole }] = useUpdate<TenantUserRecord>();
  const resend = useMutation({
    mutationFn: (user: TenantUserRecord) => dataProvider.resendInvitation(user),
    onSuccess: (_done, user) => notify('kestrel.users.resent', { type: 'success', messageArgs: { email: user.email } }),
    onError: (e: Error) => notify('kestrel.users.failed', { type: 'error', messageArgs: { reason: e.message } }),
  });
  const disable = useMutation({
    mutationFn: (user: TenantUserRecord) => dataProvider.disableTenantUser(user),
    onSuccess: (user) => {
      notify('kestrel.users.disabled', { type: 'success', messageArgs: { email: user.email } });
      void refetch();
    },
    onError: (e: Error) => notify('kestrel.users.failed', { type: 'error', messageArgs: { reason: e.message } }),
    onSettled: () => setDisabling(undefined),
  });

  const changeRole = (user: TenantUserRecord, role: TenantRole) =>
    update(
      TENANT_USERS,
      { id: user.id, data: { role }, previousData: user },
      {
        mutationMode: 'pessimistic',
        onSuccess: (changed) => notify('kestrel.users.role_changed', { type: 'success', messageArgs: { who: changed.name ?? changed.email, role: translate(`kestrel.users.roles.${changed.role}`) } }),
        onError: (e) => notify('kestrel.users.failed', { type: 'error', messageArgs: { reason: (e as Error).message } }),
      },
    );

  if (error) return <LoadErrorAlert error={error} retry={() => void refetch()} />;
  const owners = activeOwners(users ?? []);
  const busy = changingRole || disable.isPending;
  return (
    <Stack spacing={2} data-testid="tenant-users">
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' } }}>
        <Typography variant="body2" color="text.secondary">
          {translate(intro)}
        </Typography>
        {(canManage || readOnlyReason) && (
          <Button variant="contained" size="small" startIcon={<PersonAddIcon />} onClick={() => setInviting(true)} sx={{ alignSelf: { xs: 'flex-start', sm: 'auto' }, flexShrink: 0 }} disabled={!canManage} data-testid="invite-user">
            {translate('kestrel.users.invite')}
          </Button>
        )}
      </Stack>
      {!canManage && (
        <Alert severity="info" data-testid="users-read-only">
          {readOnlyReason ?? translate(me?.kind === 'operator' ? 'kestrel.users.read_only_operator' : 'kestrel.users.read_only')}
        </Alert>
      )}
      {isPending ? (
        <LinearProgress />
      ) : !users?.length ? (
        <Typography color="text.secondary">{translate('kestrel.users.none')}</Typography>
      ) : (
        <Stack divider={<Divider flexItem />} spacing={1.5}>
          {users.map((user) => (
            <UserRow
              key={user.id}
              user={user}
              you={user.id === me?.id}
              canManage={canManage}
              lastOwner={user.role === 'owner' && user.status !== 'disabled' && owners <= 1}
              busy={busy}
              onRole={(role) => changeRole(user, role)}
              onResend={() => resend.mutate(user)}
              onDisable={() => setDisabling(user)}
            />
          ))}
        </Stack>
      )}
      {inviting && <InviteUserDialog tenantId={tenantId} onClose={() => setInviting(false)} onInvited={() => void refetch()} />}
      <Confirm
        isOpen={Boolean(disabling)}
        loading={disable.isPending}
        title="kestrel.users.disable_title"
        content="kestrel.users.disable_confirm"
        translateOptions={{ who: disabling?.name ?? disabling?.email ?? '' }}
        confirm="kestrel.users.disable"
        confirmColor="warning"
        onConfirm={() => disabling && disable.mutate(disabling)}
        onClose={() => setDisabling(undefined)}
      />
    </Stack>
  );
}
