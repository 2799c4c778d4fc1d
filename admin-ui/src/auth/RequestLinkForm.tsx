import MarkEmailReadIcon from '@mui/icons-material/MarkEmailRead';
import { Alert, Stack, TextField } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import type { KestrelDataProvider } from '../dataProvider';
import { BusyButton } from './BusyButton';

/**
 * Asks for a link by e-mail: a password reset, or, for someone who never set a password,
 * a fresh invitation. The API answers the same whether the address has an account or
 * not, and so does the page.
 */
export function RequestLinkForm({ submitLabel = 'kestrel.account.send_link', autoFocus = false }: { submitLabel?: string; autoFocus?: boolean }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const [email, setEmail] = useState('');
  const request = useMutation({ mutationFn: (address: string) => dataProvider.requestPasswordReset(address) });
  const valid = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) request.mutate(email.trim());
  };

  if (request.isSuccess) {
    return (
      <Alert severity="success" icon={<MarkEmailReadIcon />} data-testid="link-sent">
        {translate('kestrel.account.link_sent', { email: request.variables })}
      </Alert>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack spacing={2}>
        {request.isError && (
          <Alert severity="error" data-testid="link-request-failed">
            {translate('kestrel.account.link_request_failed', { reason: request.error.message })}
          </Alert>
        )}
        <TextField
          id="reset-email"
          name="email"
          type="email"
          label={translate('kestrel.auth.email')}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="email"
          autoFocus={autoFocus}
          fullWidth
        />
        <BusyButton type="submit" busy={request.isPending} disabled={!valid}>
          {translate(submitLabel)}
        </BusyButton>
      </Stack>
    </form>
  );
}
