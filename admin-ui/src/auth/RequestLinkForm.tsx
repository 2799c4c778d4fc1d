import MarkEmailReadIcon from '@mui/icons-material/MarkEmailRead';
import { Alert, Button, Stack, TextField } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import type { KestrelDataProvider } from '../dataProvider';
import { publicClient } from '../http/httpClient';
import { BusyButton } from './BusyButton';
import { ResetByCodeForm } from './ResetByCodeForm';

/** A reset code by text, to the verified phone of the address's account (answered alike for any address). */
const requestResetCode = (email: string) => publicClient('/api/auth/password-reset', { method: 'POST', body: JSON.stringify({ email, channel: 'sms' }) });

/**
 * Asks for a link by e-mail: a password reset, or, for someone who never set a password,
 * a fresh invitation. The API answers the same whether the address has an account or
 * not, and so does the page. With `offerCode`, a password reset can be asked for by a code
 * texted to the account's verified phone instead, given on the same page.
 */
export function RequestLinkForm({ submitLabel = 'kestrel.account.send_link', autoFocus = false, offerCode = false }: { submitLabel?: string; autoFocus?: boolean; offerCode?: boolean }) {
  const translate = useTranslate();
  const dataProvider = useDataProvider<KestrelDataProvider>();
  const [email, setEmail] = useState('');
  const request = useMutation({ mutationFn: (address: string) => dataProvider.requestPasswordReset(address) });
  /** The address a reset code was last texted for: the page then asks for the code. */
  const [codeFor, setCodeFor] = useState<string>();
  const codeRequest = useMutation({ mutationFn: requestResetCode, onSuccess: (_, address) => setCodeFor(address) });
  const valid = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (valid) request.mutate(email.trim());
  };

  if (codeFor) {
    return (
      <ResetByCodeForm
        key={codeRequest.submittedAt}
        email={codeFor}
        onNewCode={() => codeRequest.mutate(codeFor)}
        onUseLink={() => {
          setCodeFor(undefined);
          request.mutate(codeFor);
        }}
      />
    );
  }
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
        {codeRequest.isError && (
          <Alert severity="error" data-testid="code-request-failed">
            {translate('kestrel.account.reset_code_request_failed', { reason: codeRequest.error.message })}
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
        <BusyButton type="submit" busy={request.isPending} disabled={!valid || codeRequest.isPending}>
          {translate(submitLabel)}
        </BusyButton>
        {offerCode && (
          <Button onClick={() => codeRequest.mutate(email.trim())} disabled={!valid || request.isPending || codeRequest.isPending} data-testid="text-code-instead">
            {translate('kestrel.account.text_code_instead')}
          </Button>
        )}
      </Stack>
    </form>
  );
}
