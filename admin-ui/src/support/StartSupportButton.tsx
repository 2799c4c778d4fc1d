import SupportAgentIcon from '@mui/icons-material/SupportAgent';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { useNotify, useRecordContext, useTranslate } from 'react-admin';
import { fieldErrorsOf } from '../http/problem';
import { openSupportSession } from './supportApi';

/**
 * Opens a support session on the tenant shown: the operator says why (and may give a
 * ticket); the console then shows the tenant's own pages, read-only, under a banner.
 */
export function StartSupportButton() {
  const record = useRecordContext<{ id: string }>();
  const translate = useTranslate();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [ticket, setTicket] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  if (!record) return null;

  const start = async () => {
    setBusy(true);
    try {
      await openSupportSession(record.id, { reason: reason.trim(), ...(ticket.trim() ? { ticket_ref: ticket.trim() } : {}) });
      window.location.assign(`${import.meta.env.BASE_URL}`);
    } catch (error) {
      setErrors(fieldErrorsOf(error) ?? {});
      if (!fieldErrorsOf(error)) notify((error as Error).message, { type: 'error' });
      setBusy(false);
    }
  };

  return (
    <>
      <Button size="small" startIcon={<SupportAgentIcon />} onClick={() => setOpen(true)}>
        {translate('kestrel.support.start')}
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="xs">
        <DialogTitle>{translate('kestrel.support.start_title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <TextField
              label={translate('kestrel.support.reason')}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              error={!!errors.reason}
              helperText={errors.reason ?? translate('kestrel.support.reason_help')}
              multiline
              minRows={2}
              autoFocus
              required
            />
            <TextField label={translate('kestrel.support.ticket')} value={ticket} onChange={(e) => setTicket(e.target.value)} error={!!errors.ticket_ref} helperText={errors.ticket_ref} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" onClick={start} disabled={busy || reason.trim().length < 3}>
            {translate('kestrel.support.open')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
