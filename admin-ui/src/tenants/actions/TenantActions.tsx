import AddIcCallIcon from '@mui/icons-material/AddIcCall';
import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import BlockIcon from '@mui/icons-material/Block';
import CancelIcon from '@mui/icons-material/Cancel';
import CreditScoreIcon from '@mui/icons-material/CreditScore';
import DeleteIcon from '@mui/icons-material/Delete';
import EventBusyIcon from '@mui/icons-material/EventBusy';
import MoreTimeIcon from '@mui/icons-material/MoreTime';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import RestartAltIcon from '@mui/icons-material/RestartAlt';
import SwapVertIcon from '@mui/icons-material/SwapVert';
import { Divider, ListItemIcon, ListItemText, Menu, MenuItem, Button as MuiButton, Stack, Tooltip, useMediaQuery, type Theme } from '@mui/material';
import { useId, useState, type ReactElement } from 'react';
import { Button, TopToolbar, useRecordContext, useTranslate } from 'react-admin';
import { LIFECYCLE_ACTIONS } from '../../../../domain/lifecycle';
import type { LifecycleAction } from '../../catalogue';
import { StartSupportButton } from '../../support/StartSupportButton';
import { EraseDataButton } from '../erasure/EraseDataButton';
import { ErasedChip } from '../erasure/ErasedChip';
import type { TenantRecord } from '../tenantRecord';
import { useTenantWorkflow } from '../workflow/useTenantWorkflow';
import { ACTION_FORMS } from './actionFields';
import { ActionDialog } from './ActionDialog';

const ICONS: Record<LifecycleAction, ReactElement> = {
  provisionNumber: <AddIcCallIcon />,
  activate: <PlayArrowIcon />,
  confirmBilling: <CreditScoreIcon />,
  changePlan: <SwapVertIcon />,
  extendTrial: <MoreTimeIcon />,
  endTrial: <EventBusyIcon />,
  suspend: <BlockIcon />,
  reactivate: <RestartAltIcon />,
  cancel: <CancelIcon />,
  delete: <DeleteIcon />,
};

/** The actions that keep the tenant in service first; those that end it (red) apart, after them. */
const EVERYDAY = LIFECYCLE_ACTIONS.filter((action) => !ACTION_FORMS[action].destructive);
const DESTRUCTIVE = LIFECYCLE_ACTIONS.filter((action) => ACTION_FORMS[action].destructive);

/** Each action, and why the workflow would refuse it now (undefined: allowed). */
type Offer = { action: LifecycleAction; refused?: string };

function ActionButton({ offer, onOpen }: { offer: Offer; onOpen: (action: LifecycleAction) => void }) {
  const { action, refused } = offer;
  const button = (
    <Button
      label={`kestrel.actions.${action}.label`}
      onClick={() => onOpen(action)}
      color={ACTION_FORMS[action].destructive ? 'error' : 'primary'}
      disabled={refused !== undefined}
      data-action={action}
    >
      {ICONS[action]}
    </Button>
  );
  if (refused === undefined) return button;
  // A disabled button takes no pointer events: its wrapper holds the tooltip.
  return (
    <Tooltip title={refused} describeChild>
      <span data-refused={action}>{button}</span>
    </Tooltip>
  );
}

function ActionItem({ offer, onOpen }: { offer: Offer; onOpen: (action: LifecycleAction) => void }) {
  const translate = useTranslate();
  const { action, refused } = offer;
  const destructive = ACTION_FORMS[action].destructive;
  return (
    <MenuItem onClick={() => onOpen(action)} disabled={refused !== undefined} data-action={action} sx={destructive ? { color: 'error.main' } : undefined}>
      <ListItemIcon sx={destructive ? { color: 'error.main' } : undefined}>{ICONS[action]}</ListItemIcon>
      {/* A phone has no hover: the reason an action is refused is written under it. */}
      <ListItemText
        primary={translate(`kestrel.actions.${action}.label`)}
        secondary={refused}
        slotProps={{ secondary: { sx: { whiteSpace: 'normal' }, 'data-testid': `refused-${action}` } as object }}
      />
    </MenuItem>
  );
}

/** On a phone, one labelled menu: the everyday actions, then the destructive ones set apart. */
function ActionsMenu({ offers, onOpen }: { offers: Offer[]; onOpen: (action: LifecycleAction) => void }) {
  const translate = useTranslate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const choose = (action: LifecycleAction) => {
    setAnchor(null);
    onOpen(action);
  };
  const items = (actions: readonly LifecycleAction[]) =>
    offers.filter((offer) => actions.includes(offer.action)).map((offer) => <ActionItem key={offer.action} offer={offer} onOpen={choose} />);
  return (
    <>
      {/* react-admin's Button drops its label on a phone; this one must keep it. */}
      <MuiButton
        onClick={(event) => setAnchor(event.currentTarget)}
        aria-haspopup="menu"
        aria-expanded={anchor ? 'true' : undefined}
        aria-controls={anchor ? menuId : undefined}
        endIcon={<ArrowDropDownIcon />}
        variant="outlined"
        size="small"
        data-testid="actions-menu-button"
      >
        {translate('kestrel.actions.menu')}
      </MuiButton>
      <Menu id={menuId} anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)} slotProps={{ paper: { sx: { maxWidth: 360 } } }}>
        {items(EVERYDAY)}
        <Divider />
        {items(DESTRUCTIVE)}
      </Menu>
    </>
  );
}

/**
 * Every lifecycle action, enabled when the workflow's query allows it now and otherwise
 * disabled with the workflow's reason, so the console never offers what the workflow would
 * refuse and never hides what the operator is looking for. Erasing is not the workflow's:
 * it is offered for a tenant that has left.
 */
export function TenantActions() {
  const tenant = useRecordContext<TenantRecord>();
  // An erased tenant is a tombstone: its workflow is over and nothing is left to act on.
  const { data: state } = useTenantWorkflow(tenant && !tenant.erased_at ? tenant.id : undefined);
  const [open, setOpen] = useState<LifecycleAction | null>(null);
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('md'));
  if (tenant?.erased_at) {
    return (
      <TopToolbar data-testid="tenant-actions">
        <ErasedChip erasedAt={tenant.erased_at} />
      </TopToolbar>
    );
  }
  if (!tenant) return <TopToolbar />;
  const offers: Offer[] = state
    ? LIFECYCLE_ACTIONS.map((action) => ({
        action,
        refused: state.allowedActions.includes(action) ? undefined : (state.refusedActions?.[action] ?? ''),
      }))
    : [];
  const buttons = (actions: readonly LifecycleAction[]) =>
    offers.filter((offer) => actions.includes(offer.action)).map((offer) => <ActionButton key={offer.action} offer={offer} onOpen={setOpen} />);
  return (
    <TopToolbar data-testid="tenant-actions" sx={{ flexWrap: 'wrap', alignItems: 'center', rowGap: 0.5 }}>
      {state && phone && <ActionsMenu offers={offers} onOpen={setOpen} />}
      {/* Each group wraps as a whole: the destructive ones stay together, apart from the rest. */}
      {state && !phone && (
        <Stack direction="row" sx={{ flexWrap: 'wrap', alignItems: 'center' }} data-testid="everyday-actions">
          {buttons(EVERYDAY)}
        </Stack>
      )}
      {state && <StartSupportButton />}
      {state && !phone && (
        <Stack direction="row" sx={{ alignItems: 'center' }} data-testid="destructive-actions">
          <Divider orientation="vertical" flexItem sx={{ mr: 1 }} />
          {buttons(DESTRUCTIVE)}
        </Stack>
      )}
      <EraseDataButton />
      {open && <ActionDialog key={open} action={open} tenant={tenant} state={state} onClose={() => setOpen(null)} />}
    </TopToolbar>
  );
}
