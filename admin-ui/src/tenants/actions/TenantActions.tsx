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
 */
export function TenantActions() {
  const tenant = useRecordContext<ActionTenant>();
  const { data: state } = useTenantWorkflow(tenant?.id);
  const [open, setOpen] = useState<LifecycleAction | null>(null);
  if (!tenant || !state) return <TopToolbar />;
  return (
    <TopToolbar data-testid="tenant-actions" sx={{ flexWrap: 'wrap' }}>
      {state.allowedActions.map((action) => (
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
      <StartSupportButton />
      {open && <ActionDialog key={open} action={open} tenant={tenant} onClose={() => setOpen(null)} />}
    </TopToolbar>
  );
}
