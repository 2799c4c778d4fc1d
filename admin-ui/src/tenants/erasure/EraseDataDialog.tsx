import { Alert, Box, DialogContentText, Stack, Typography } from '@mui/material';
import { required, TextInput, useDataProvider, useNotify, useTranslate } from 'react-admin';
import type { KestrelDataProvider } from '../../dataProvider';
import { FormDialog } from '../../dialogs/FormDialog';

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

  const erase = async (values: Record<string, unknown>) => {
    await dataProvider.eraseTenant(tenant.id, { confirm: String(values.confirm ?? ''), reason: String(values.reason ?? '') });
    notify('kestrel.erasure.started', { type: 'info', messageArgs: { company: tenant.company_name } });
    onStarted();
    onClose();
  };

  return (
    <FormDialog
      name="erase"
      title="kestrel.erasure.title"
      messageArgs={{ company: tenant.company_name }}
      intro={
        <Stack spacing={2} sx={{ pb: 1 }}>
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
        </Stack>
      }
      submitLabel="kestrel.erasure.submit"
      destructive
      defaultValues={EMPTY}
      maxWidth="sm"
      onClose={onClose}
      onSubmit={erase}
    >
      <Typography variant="body2">
        {translate('kestrel.erasure.confirm_intro')}{' '}
        <Box component="strong" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }} data-testid="erase-slug">
          {tenant.slug}
        </Box>
      </Typography>
      <TextInput source="confirm" label="kestrel.erasure.confirm" helperText={false} validate={required()} autoComplete="off" fullWidth autoFocus />
      <TextInput source="reason" label="kestrel.erasure.reason" helperText="kestrel.erasure.reason_help" validate={required()} multiline minRows={2} fullWidth />
    </FormDialog>
  );
}
