import DeleteForeverIcon from '@mui/icons-material/DeleteForever';
import { useEffect, useState } from 'react';
import { Button, usePermissions, useShowContext } from 'react-admin';
import type { Permissions } from '../../auth/authProvider';
import type { TenantRecord } from '../tenantRecord';
import { EraseDataDialog } from './EraseDataDialog';

/** While the erasure workflow runs, the record is read again until it says it is erased. */
const FOLLOW_MS = 2_000;

/** Only a tenant that has left may be erased, and only by a super_admin; soft delete stays the first, reversible step. */
export function mayErase(tenant: TenantRecord, me: Permissions | undefined): boolean {
  return me?.kind === 'operator' && me.role === 'super_admin' && !tenant.erased_at && (tenant.status === 'cancelled' || tenant.status === 'deleted');
}

/** The danger action on the page of a cancelled or deleted tenant. */
export function EraseDataButton() {
  const { record, refetch } = useShowContext<TenantRecord>();
  const { permissions } = usePermissions<Permissions>();
  const [open, setOpen] = useState(false);
  const [erasing, setErasing] = useState(false);

  useEffect(() => {
    if (!erasing || record?.erased_at) return;
    const timer = setInterval(() => void refetch(), FOLLOW_MS);
    return () => clearInterval(timer);
  }, [erasing, record?.erased_at, refetch]);

  if (!record || !mayErase(record, permissions)) return null;
  return (
    <>
      <Button label={erasing ? 'kestrel.erasure.erasing' : 'kestrel.erasure.button'} color="error" onClick={() => setOpen(true)} disabled={erasing} data-testid="erase-data">
        <DeleteForeverIcon />
      </Button>
      {open && <EraseDataDialog tenant={record} onClose={() => setOpen(false)} onStarted={() => setErasing(true)} />}
    </>
  );
}
