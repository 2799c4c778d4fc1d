import AddBusinessIcon from '@mui/icons-material/AddBusiness';
import { useState } from 'react';
import { Button } from 'react-admin';
import { QuickAddTenantDialog } from './QuickAddTenantDialog';

export function QuickAddTenantButton({ variant }: { variant?: 'text' | 'contained' }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button label="kestrel.tenants.quick_add.button" onClick={() => setOpen(true)} variant={variant} data-testid="quick-add">
        <AddBusinessIcon />
      </Button>
      {open && <QuickAddTenantDialog onClose={() => setOpen(false)} />}
    </>
  );
}
