import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Form, required, TextInput, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { KestrelDataProvider } from '../../dataProvider';
import { invalidFieldsOf } from '../../http/problem';

const NO_RECORD = {};
const EMPTY = { confirm: '', reason: '' };

export interface ErasableTenant {
  id: string;
  slug: string;
  company_name: string;
}

/**
 * Erasing is the one action that cannot be taken back, so the dialog says what goes and
 * what stays, and asks for the slug typed out and a reason for the audit tombstone. The
 * API checks both again (422 on its field) and refuses a tenant that has not left or is
 * erased already (409, its reason shown here).
 */
export function EraseDataDialog({ tenant, onClose, onStarted }: { tenant: ErasableTenant; onClose: () => void; onStarted: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const [refusal, setRefusal] = useState<string>();
  const { mutateAsync, isPending } = useMutation({ mutationFn: (body: { confirm: string; reason: string }) => dataProvider.eraseTenant(tenant.id, body) });

  const submit = async (values: Record<string, unknown>) => {
    setRefusal(undefined);
    try {
      await mutateAsync({ confirm: String(values.confirm ?? ''), reason: String(values.reason ?? '') });
      notify('kestrel.erasure.started', { type: 'info', messageArgs: { company: tenant.company_name } });
      onStarted();
      onClose();
      return undefined;
    } catch (error) {
      const fields = invalidFieldsOf(error);
      if (fields) return fields;
      setRefusal((error as Error).message);
      return undefined;
    }
  };

  return (
    <Dialog open onClose={isPending ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="erase-title">
      <Form record={NO_RECORD} defaultValues={EMPTY} onSubmit={submit}>
        <DialogTitle id="erase-title">{translate('kestrel.erasure.title', { company: tenant.company_name })}</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <Alert severity="error" icon={false}>
              {translate('kestrel.erasure.irreversible')}
            </Alert>
            <DialogContentText component="div">
              <Typography variant="body2" component="p" sx={{ mb: 1 }}>
                {translate('kestrel.erasure.what_goes')}
              </Typography>
              <Typography variant="body2" component="p">
                {translate('kestrel.erasure.what_stays')}
              </Typography>
            </DialogContentText>
            {refusal && (
              <Alert severity="warning" data-testid="erase-refusal">
                {refusal}
              </Alert>
            )}
            <Typography variant="body2">
              {translate('kestrel.erasure.confirm_intro')}{' '}
              <Box component="strong" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }} data-testid="erase-slug">
                {tenant.slug}
              </Box>
            </Typography>
            <TextInput
              source="confirm"
              label="kestrel.erasure.confirm"
              helperText={false}
              validate={required()}
              autoComplete="off"
              fullWidth
              autoFocus
            />
            <TextInput source="reason" label="kestrel.erasure.reason" helperText="kestrel.erasure.reason_help" validate={required()} multiline minRows={2} fullWidth />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={isPending}>
            {translate('ra.action.cancel')}
          </Button>
          <Button type="submit" variant="contained" color="error" disabled={isPending} data-testid="confirm-erase">
            {translate(isPending ? 'kestrel.actions.running' : 'kestrel.erasure.submit')}
          </Button>
        </DialogActions>
      </Form>
    </Dialog>
  );
}
