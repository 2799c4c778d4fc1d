import AddIcCallIcon from '@mui/icons-material/AddIcCall';
import BlockIcon from '@mui/icons-material/Block';
import CancelIcon from '@mui/icons-material/Cancel';
import CreditScoreIcon from '@mui/icons-material/CreditScore';
import DeleteIcon from '@mui/icons-material/Delete';
import MoreTimeIcon from '@mui/icons-material/MoreTime';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import RestartAltIcon from '@mui/icons-material/RestartAlt';
import SwapVertIcon from '@mui/icons-material/SwapVert';
import { useState, type ReactElement } from 'react';
import { Button, TopToolbar, useRecordContext } from 'react-admin';
import type { LifecycleAction } from '../../catalogue';
import { StartSupportButton } from '../../support/StartSupportButton';
import { EraseDataButton } from '../erasure/EraseDataButton';
import { ErasedChip } from '../erasure/ErasedChip';
import { useTenantWorkflow } from '../workflow/useTenantWorkflow';
import { ACTION_FORMS } from './actionFields';
import { ActionDialog, type ActionTenant } from './ActionDialog';

const ICONS: Record<LifecycleAction, ReactElement> = {
  provisionNumber: <AddIcCallIcon />,
  activate: <PlayArrowIcon />,
  confirmBilling: <CreditScoreIcon />,
  changePlan: <SwapVertIcon />,
  extendTrial: <MoreTimeIcon />,
  suspend: <BlockIcon />,
  reactivate: <RestartAltIcon />,
  cancel: <CancelIcon />,
  delete: <DeleteIcon />,
};

/**
 * One button per action the workflow allows now (its query's allowedActions), so the
 * console never offers what the workflow would refuse, and never disagrees with it.
 * Erasing is not the workflow's: it is offered for a tenant that has left.
 */
export function TenantActions() {
  const tenant = useRecordContext<ActionTenant & { erased_at?: string | null }>();
  // An erased tenant is a tombstone: its workflow is over and nothing is left to act on.
  const { data: state } = useTenantWorkflow(tenant && !tenant.erased_at ? tenant.id : undefined);
  const [open, setOpen] = useState<LifecycleAction | null>(null);
  if (tenant?.erased_at) {
    return (
      <TopToolbar data-testid="tenant-actions">
        <ErasedChip erasedAt={tenant.erased_at} />
      </TopToolbar>
    );
  }
  if (!tenant) return <TopToolbar />;
  return (
    <TopToolbar data-testid="tenant-actions" sx={{ flexWrap: 'wrap' }}>
      {state?.allowedActions.map((action) => (
        <Button
          key={action}
          label={`kestrel.actions.${action}.label`}
          onClick={() => setOpen(action)}
          color={ACTION_FORMS[action].destructive ? 'error' : 'primary'}
          data-action={action}
        >
          {ICONS[action]}
        </Button>
      ))}
      {state && <StartSupportButton />}
      <EraseDataButton />
      {open && <ActionDialog key={open} action={open} tenant={tenant} onClose={() => setOpen(null)} />}
    </TopToolbar>
  );
}
